// Load measurement against a running app with the demo data (npm start; npm run seed:demo):
//   node scripts/bench.mjs [baseUrl] [seconds]
// Runs GET /api/health then GET /api/me/booklet (the demo learner) for N seconds each, 10
// connections, on loopback, and prints requests/s and latency percentiles.
import autocannon from 'autocannon';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const duration = Number(process.argv[3] ?? 20);
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email: 'apprenant@demo.sams.fr', password: 'Demo-SAMS-2026!' }),
});
if (!login.ok) throw new Error(`login failed: ${login.status} (run npm run seed:demo first)`);
const { accessToken } = await login.json();

async function run(title, path, headers = {}) {
  const result = await autocannon({ url: `${base}${path}`, connections: 10, duration, headers });
  const line = `${title}: ${result.requests.average.toFixed(0)} req/s (average), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors`;
  console.log(line);
  return result;
}

await run('GET /api/health', '/api/health');
await run('GET /api/me/booklet', '/api/me/booklet', { Authorization: `Bearer ${accessToken}` });
