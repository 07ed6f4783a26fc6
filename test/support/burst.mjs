// Sends one request N times at once while polling /api/health, from its own process, so that the
// server's event loop (in the Jest process) is the only thing measured. Input: JSON on argv[2].
// Output: JSON {statuses, bodies, healthWorstMs, healthFailures} on stdout.
const { base, method, path, headers, body, parallel } = JSON.parse(process.argv[2]);
let polling = true;
let worst = 0;
let failures = 0;
const poll = (async () => {
  while (polling) {
    const started = performance.now();
    const res = await fetch(`${base}/api/health`).catch(() => null);
    if (res?.status !== 200) failures += 1;
    await res?.arrayBuffer();
    worst = Math.max(worst, performance.now() - started);
    await new Promise((r) => setTimeout(r, 10));
  }
})();
await new Promise((r) => setTimeout(r, 20)); // health is already being polled when the burst starts
const answers = await Promise.all(
  Array.from({ length: parallel }, () =>
    fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: r.status === 204 ? null : await r.json().catch(() => null),
    })),
  ),
);
polling = false;
await poll;
process.stdout.write(
  JSON.stringify({
    statuses: answers.map((a) => a.status),
    bodies: answers.map((a) => a.body),
    healthWorstMs: worst,
    healthFailures: failures,
  }),
);
