// Sends one request N times at once, from its own process (the server's event loop, in the Jest
// process, is the only thing measured). Input: JSON on argv[2]. Output: JSON {statuses, bodies}.
const { base, method, path, headers, body, parallel } = JSON.parse(process.argv[2]);
const answers = await Promise.all(
  Array.from({ length: parallel }, () =>
    fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: r.status === 204 ? null : await r.json().catch(() => null),
    })),
  ),
);
process.stdout.write(JSON.stringify({ statuses: answers.map((a) => a.status), bodies: answers.map((a) => a.body) }));
