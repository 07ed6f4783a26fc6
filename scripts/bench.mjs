// Load measurement of the heavy reads against a RUNNING app (it starts nothing itself), in one run.
//
//   npm run bench [-- --url http://127.0.0.1:3000] [--seconds 10] [--connections 10] [--out file.json]
//                 [--pid <app pid>[,<pid>…]] [--only booklet,dossier,…]
//
// Needs the demo centre (npm run seed:demo; npm run seed:scale keeps it and adds a network's
// volume around it), so that the same learner, cohort and session are measured on both data sets.
// For each endpoint: autocannon, N connections for S seconds on loopback (the load generator shares
// the machine's cores with the app and PostgreSQL), then requests/s (mean of the per-second counts),
// p50 and p99 latency in ms, the ratio of requests/s to GET /api/health measured in the same run,
// and the count of non-2xx answers (a bench with errors is refused: its figures would mean nothing).
// Prints a Markdown table (the one in docs/performance.md) and, with --out, the raw figures as JSON.
import autocannon from 'autocannon';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BENCH_URL ?? 'http://127.0.0.1:3000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    out: { type: 'string' },
    only: { type: 'string' },
    pid: { type: 'string' },
  },
});
const base = values.url.replace(/\/$/, '');
const duration = Number(values.seconds);
const connections = Number(values.connections);
for (const [name, value] of [
  ['--seconds', duration],
  ['--connections', connections],
]) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number ≥ 1 (got « ${values[name.slice(2)]} »).`);
    process.exit(2);
  }
}
const up = await fetch(`${base}/api/health`).catch(() => null);
if (!up?.ok) {
  console.error(`No app answers at ${base}/api/health: start it first (npm start), then seed it (npm run seed:demo or seed:scale).`);
  process.exit(2);
}
const PASSWORD = 'Demo-SAMS-2026!';

async function call(path, token, init = {}) {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}
async function login(email) {
  const { accessToken } = await call('/api/auth/login', null, {
    method: 'POST',
    body: JSON.stringify({ email, password: PASSWORD }),
  }).catch((e) => {
    throw new Error(`Sign-in of ${email} failed (run npm run seed:demo first): ${e.message}`);
  });
  return accessToken;
}

const staff = await login('secretariat@demo.sams.fr');
const learner = await login('apprenant@demo.sams.fr');
// The demo's cohort, Karim Benali in it, and his session titre (PV signed) from his booklet: the
// same objects on the demo data and on the scale data (which has other Benalis and other sessions).
const cohorts = await call(`/api/cohorts?pageSize=200&q=${encodeURIComponent('Promotion de démonstration')}`, staff);
const cohort = cohorts.items.find((c) => c.name.startsWith('Promotion de démonstration'));
if (!cohort) throw new Error('The demo cohort was not found (run npm run seed:demo first).');
const karim = (await call(`/api/learners?cohortId=${cohort.id}&q=benali`, staff)).items[0];
const candidateId = karim?.id;
const titleSession = candidateId && (await call(`/api/learners/${candidateId}/booklet`, staff)).sessions.find((s) => s.type === 'title');
const session = titleSession && { id: titleSession.sessionId };
if (!session) throw new Error('The demo session titre was not found (run npm run seed:demo first).');
const firstPage = await call('/api/learners?pageSize=1', staff);
const learnerCount = firstPage.total;
// The audit log of one learner: the first in name order (on the scale data, one of the network's).
const audited = firstPage.items[0].id;
const auditPage = await call(`/api/audit?entity=learner&entityId=${audited}&pageSize=1`, staff);

const auth = (t) => ({ Authorization: `Bearer ${t}` });
const endpoints = [
  ['health', 'GET /api/health', '/api/health', {}],
  ['booklet', 'GET /api/me/booklet', '/api/me/booklet', auth(learner)],
  [
    'dossier',
    'GET /api/jury-sessions/:id/candidates/:id/dossier',
    `/api/jury-sessions/${session.id}/candidates/${candidateId}/dossier`,
    auth(staff),
  ],
  ['progress', 'GET /api/cohorts/:id/progress', `/api/cohorts/${cohort.id}/progress`, auth(staff)],
  ['search', 'GET /api/learners?q=mor', '/api/learners?q=mor', auth(staff)],
  ['pv', 'GET /api/jury-sessions/:id/pv', `/api/jury-sessions/${session.id}/pv`, auth(staff)],
  ['session', 'GET /api/jury-sessions/:id', `/api/jury-sessions/${session.id}`, auth(staff)],
  ['learnersPage1', 'GET /api/learners?pageSize=50', '/api/learners?pageSize=50', auth(staff)],
  ['learnersPage50', 'GET /api/learners?page=50&pageSize=50', '/api/learners?page=50&pageSize=50', auth(staff)],
  ['audit', 'GET /api/audit?entity=learner&entityId=:id', `/api/audit?entity=learner&entityId=${audited}`, auth(staff)],
].filter(([key]) => key === 'health' || !values.only || values.only.split(',').includes(key));

// Warm-up: one second each, so that the first figures do not include the JIT and cold caches.
for (const [, , path, headers] of endpoints) {
  await autocannon({ url: `${base}${path}`, connections, duration: 1, headers });
}

// --pid: the app's processes (with node:cluster, the primary and its workers); their resident memory
// (VmRSS, summed) is sampled every 100 ms during the measured runs and its peak printed.
const pids = values.pid ? values.pid.split(',').map(Number) : [];
const rssOf = () =>
  pids.reduce((sum, pid) => {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return sum + (line ? Number(line[1]) * 1024 : 0);
  }, 0);
let peakRss = 0;
const sampler = pids.length ? setInterval(() => (peakRss = Math.max(peakRss, rssOf())), 100) : null;

const results = {};
for (const [key, title, path, headers] of endpoints) {
  const r = await autocannon({ url: `${base}${path}`, connections, duration, headers });
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${title}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  results[key] = { title, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total };
}

if (sampler) clearInterval(sampler);
const health = results.health.rps;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const lines = [
  `Measured ${new Date().toISOString()} against ${base}: ${learnerCount.toLocaleString('en-US')} learners, ` +
    `${auditPage.total.toLocaleString('en-US')} audit entries about the learner measured; ${connections} connections, ${duration} s each, one run.`,
  '',
  '| endpoint | req/s | ratio to health | p50 | p99 |',
  '|---|---|---|---|---|',
  ...Object.values(results).map((r) => `| \`${r.title}\` | ${fmt(r.rps)} | ${(r.rps / health).toFixed(3)} | ${r.p50} ms | ${r.p99} ms |`),
  ...(pids.length
    ? [
        '',
        `Peak resident memory of the app (${pids.length} process${pids.length > 1 ? 'es' : ''}) during the runs: ${Math.round(peakRss / 1048576)} MB.`,
      ]
    : []),
];
console.log(lines.join('\n'));
if (values.out) {
  writeFileSync(
    values.out,
    JSON.stringify({ at: new Date().toISOString(), base, learnerCount, connections, duration, peakRss, results }, null, 2),
  );
}
