// Polls /api/health every 10 ms from its own process until told to stop (a line on stdin), then
// prints {worstMs, count, failures}: the latency a load balancer would see during a burst.
const base = process.argv[2];
let polling = true;
let worst = 0;
let count = 0;
let failures = 0;
process.stdin.on('data', () => (polling = false));
await (await fetch(`${base}/api/health`)).arrayBuffer(); // the first fetch of a process loads its HTTP client: not the server's time
process.stdout.write('ready\n');
while (polling) {
  const started = performance.now();
  const res = await fetch(`${base}/api/health`).catch(() => null);
  if (res?.status !== 200) failures += 1;
  await res?.arrayBuffer();
  worst = Math.max(worst, performance.now() - started);
  count += 1;
  await new Promise((r) => setTimeout(r, 10));
}
process.stdout.write(JSON.stringify({ worstMs: worst, count, failures }) + '\n');
process.exit(0);
