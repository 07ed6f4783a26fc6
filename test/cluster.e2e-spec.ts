import { execFileSync, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Every process as `pid args`, or only the children of `parent`. */
function processes(parent?: number): { pid: number; args: string }[] {
  const out = execFileSync('ps', parent ? ['-o', 'pid=,args=', '--ppid', String(parent)] : ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [pid, ...args] = line.split(/\s+/);
      return { pid: Number(pid), args: args.join(' ') };
    });
}
const workersOf = (primary: number): number[] =>
  processes(primary)
    .filter((p) => p.args.includes('dist/apps/api/src/main.js'))
    .map((p) => p.pid);
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(what: string, limitMs: number, done: () => boolean | Promise<boolean>): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue 15: APP_PROCESSES=2 — one primary opens the embedded PostgreSQL once and forks two API
 * workers sharing the port (node:cluster); a worker killed with SIGKILL is replaced while the other
 * serves; SIGTERM on the primary stops the workers, then PostgreSQL, and exits 0.
 */
const ADMIN_PASSWORD = 'un-mot-de-passe-solide-2026';

/** One request on a connection of its own (no keep-alive): node:cluster hands each to the next worker. */
function onNewConnection(
  port: number,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('issue 15 — APP_PROCESSES: several API processes on one port (node:cluster)', () => {
  it('two workers serve; a killed one is replaced; SIGTERM stops everything, PostgreSQL included', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sams-cluster-'));
    if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: join(__dirname, '..'),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        APP_PROCESSES: '2',
        DATA_DIR: dataDir,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(await freePort()),
        LOG_LEVEL: 'log',
        ADMIN_EMAIL: 'admin@cluster.test',
        ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const healthy = async (): Promise<boolean> =>
      fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
    const postgres = () => processes().filter((p) => p.args.includes(dataDir) && /postgres/.test(p.args));
    try {
      await until('the API answers', 90_000, async () => {
        if (child.exitCode !== null) throw new Error(`main.js stopped: ${output}`);
        return (await healthy()) && workersOf(child.pid!).length === 2;
      });
      await until('both workers listen', 30_000, () => /API prête sur .*: 2 processus/.test(output));
      const workers = workersOf(child.pid!);
      expect(workers).toHaveLength(2);
      expect(output.match(/PostgreSQL embarqué prêt/g)).toHaveLength(1); // started once, by the primary
      expect(postgres().length).toBeGreaterThan(0);
      for (let i = 0; i < 50; i += 1) expect(await healthy()).toBe(true);

      // Rights across processes (fresh-eyes review): once the admin's PATCH has answered, the
      // next requests — new connections, so both workers in turn — have the new rights.
      const call = (method: string, path: string, token?: string, body?: unknown) => onNewConnection(port, method, path, token, body);
      const admin = (await call('POST', '/api/auth/login', undefined, { email: 'admin@cluster.test', password: ADMIN_PASSWORD })).body
        .accessToken as string;
      const created = await call('POST', '/api/users', admin, {
        email: 'double.role@cluster.test',
        fullName: 'Double Rôle',
        roles: ['trainer', 'admin'],
        password: ADMIN_PASSWORD,
      });
      expect(created.status).toBe(201);
      const userId = created.body.id as string;
      const token = (await call('POST', '/api/auth/login', undefined, { email: 'double.role@cluster.test', password: ADMIN_PASSWORD })).body
        .accessToken as string;
      // Under load, as when the review saw it: both workers busy with other requests meanwhile.
      let loading = true;
      const load = Promise.all(
        Array.from({ length: 8 }, async () => {
          while (loading)
            await fetch(`${base}/api/learners?pageSize=50`, { headers: { Authorization: `Bearer ${admin}` } }).catch(() => undefined);
        }),
      );
      let stale = 0;
      for (let round = 0; round < 30; round += 1) {
        for (let i = 0; i < 4; i += 1) expect((await call('GET', '/api/users', token)).status).toBe(200); // both workers keep it
        expect((await call('PATCH', `/api/users/${userId}`, admin, { roles: ['trainer'] })).status).toBe(200);
        for (let i = 0; i < 2; i += 1) {
          const next = await call('GET', '/api/users', token);
          if (next.status === 200) stale += 1;
          else expect(next.status).toBe(403);
        }
        expect((await call('PATCH', `/api/users/${userId}`, admin, { roles: ['trainer', 'admin'] })).status).toBe(200);
      }
      loading = false;
      await load;
      console.log(`[cluster] rights after a PATCH, next requests on new connections: ${stale} of 60 stale`);
      expect(stale).toBe(0);

      // A worker dies (kill -9): the other serves, a new one takes its place.
      const [victim, survivor] = workers;
      process.kill(victim, 'SIGKILL');
      await until('the killed worker is gone', 5_000, () => !alive(victim));
      // Connections handed to the dead worker before the primary saw it exit fail (as in production,
      // where a balancer retries): from the primary's notice on, the other serves them all.
      await until('the primary sees the death', 5_000, () => /s’est arrêté \(signal SIGKILL\)/.test(output));
      for (let i = 0; i < 20; i += 1) expect(await healthy()).toBe(true);
      await until('a replacement worker', 60_000, () => {
        const now = workersOf(child.pid!);
        return now.length === 2 && now.includes(survivor) && !now.includes(victim);
      });
      await until('the replacement listens', 60_000, () => /s’est arrêté \(signal SIGKILL\) : remplacé/.test(output));
      for (let i = 0; i < 50; i += 1) expect(await healthy()).toBe(true);
      const replacement = workersOf(child.pid!).find((pid) => pid !== survivor)!;

      // SIGTERM: workers first, then PostgreSQL; exit 0.
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect([survivor, replacement].filter(alive)).toEqual([]);
      expect(postgres()).toEqual([]);
      expect(await healthy()).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const p of postgres()) process.kill(p.pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
