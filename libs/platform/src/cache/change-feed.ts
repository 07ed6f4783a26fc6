import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { currentTransaction } from '../database/transaction-context';
import { JOB_QUEUE_URL } from '../jobs/job-queue';

/** The PostgreSQL channel on which triggers announce changes of cached tables (migration 1796400000000). */
export const CHANGE_CHANNEL = 'sams_changes';

/**
 * What the triggers announce, as `<topic>` or `<topic>:<key>`:
 * - `user:<id>`: a row of `users` changed or was deleted (roles, active, sessions_valid_after, name…);
 * - `referential`: a title, CCP, competence or correspondence changed (any statement on those tables).
 */
export type ChangeTopic = 'user' | 'referential';

type Listener = (key: string | null) => void;

const PING = 'ping';
const HEARTBEAT_EVERY_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 2_000;

/**
 * The change feed (issue 15, ADR 0013): one dedicated connection LISTENs on `sams_changes`, and
 * every instance of the app drops what it cached when a trigger announces a change — whoever wrote
 * it (this instance, another one, a seed, a psql session). Notifications are sent at COMMIT, so an
 * instance never drops an entry before the change is visible.
 *
 * Safe by default: caches are used only while the feed is listening (`live`). When the connection
 * drops, every cache is cleared and bypassed until LISTEN is back, then cleared again — a change
 * missed while disconnected can never be served.
 */
@Injectable()
export class ChangeFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeFeed');
  private readonly listeners = new Map<ChangeTopic, Set<Listener>>();
  private readonly awaited = new Map<string, Set<() => void>>();
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private pingSentAt: number | null = null;
  private roundTrip: Promise<void> | null = null;
  private nextRoundTrip: Promise<void> | null = null;

  constructor(@Inject(JOB_QUEUE_URL) private readonly url: string) {}

  /** True while changes are being received: caches may serve. */
  get live(): boolean {
    return this.listening;
  }

  /** `listener(key)` on each change of `topic`; `listener(null)`: drop everything of that topic. */
  subscribe(topic: ChangeTopic, listener: Listener): void {
    const set = this.listeners.get(topic) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(topic, set);
  }

  /**
   * A barrier for a writer (issue 15 review): call it BEFORE the write's transaction, await
   * `heard()` after its COMMIT. It resolves once this instance's own listener has received the
   * announcement `<topic>:<key>` (at most `timeoutMs`; at once when the feed is down — then every
   * instance bypasses its caches). PostgreSQL sends a notification to every listening connection at
   * COMMIT, so by then the other instances have it on their sockets too: the writer's answer (say,
   * a deactivation) does not reach the client before the instances were told. `cancel()` when the
   * write changed nothing (no announcement will come).
   */
  expect(topic: ChangeTopic, key: string, timeoutMs = 1_000): { heard(): Promise<void>; cancel(): void } {
    const payload = `${topic}:${key}`;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const set = this.awaited.get(payload) ?? new Set<() => void>();
    set.add(resolve);
    this.awaited.set(payload, set);
    const forget = (): void => {
      set.delete(resolve);
      if (set.size === 0 && this.awaited.get(payload) === set) this.awaited.delete(payload);
      resolve();
    };
    return {
      heard: () => {
        if (!this.listening) {
          forget();
          return Promise.resolve();
        }
        const timer = setTimeout(forget, timeoutMs);
        timer.unref();
        return done.then(() => clearTimeout(timer));
      },
      cancel: forget,
    };
  }

  /**
   * Resolves once every announcement committed before this call has been dispatched here: one
   * round trip (`SELECT 1`) on the listening connection itself. The writer's barrier (`expect`)
   * proves the announcement left PostgreSQL, not that THIS process has read it: another process
   * may serve the next request before its event loop reads its listening socket (CI saw it: 1
   * stale answer in 20 rounds). PostgreSQL queues the notification for every listener at COMMIT
   * and sends it before answering that listener's next query, and the driver dispatches messages
   * in order, so after the round trip the caches have dropped what changed.
   * Calls arriving while a round trip is in flight share the next one (at most one waiting): under
   * load this is one small statement per batch of requests, not one per request. At once when the
   * feed is down (caches are bypassed then).
   */
  caughtUp(): Promise<void> {
    if (!this.roundTrip) {
      const client = this.client;
      if (!client || !this.listening) return Promise.resolve();
      this.roundTrip = client
        .query('SELECT 1')
        .then(
          () => undefined,
          () => this.lost(client),
        )
        .finally(() => {
          this.roundTrip = null;
        });
      return this.roundTrip;
    }
    if (!this.nextRoundTrip) {
      this.nextRoundTrip = this.roundTrip.then(() => {
        this.nextRoundTrip = null;
        return this.caughtUp();
      });
    }
    return this.nextRoundTrip;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopHeartbeat();
    if (this.retry) clearTimeout(this.retry);
    this.listening = false;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.url,
      application_name: 'sams-change-feed',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL) this.dispatch(message.payload ?? '');
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      this.client = client;
      this.resetAll();
      this.listening = true;
      this.startHeartbeat(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn(`Écoute des changements indisponible (${(error as Error).message}) : caches désactivés, nouvel essai dans 1 s`);
      this.schedule();
    }
  }

  /**
   * A connection can die silently (a network cut, a NAT or firewall dropping it): no `error`, no
   * `end`, and notifications would stop while caches went on serving. Every 5 s the feed notifies
   * itself; a ping not heard back within 2 s counts as a lost connection (delivery itself is
   * checked, not only the socket): a silent cut is noticed within about 7.5 s.
   */
  private startHeartbeat(client: Client): void {
    this.stopHeartbeat();
    let lastPing = Date.now();
    this.heartbeat = setInterval(() => {
      if (this.pingSentAt !== null && Date.now() - this.pingSentAt > HEARTBEAT_TIMEOUT_MS) {
        this.lost(client);
        void client.end().catch(() => undefined);
        return;
      }
      if (this.pingSentAt === null && Date.now() - lastPing >= HEARTBEAT_EVERY_MS) {
        lastPing = Date.now();
        this.pingSentAt = lastPing;
        client.query(`NOTIFY ${CHANGE_CHANNEL}, '${PING}'`).catch(() => this.lost(client));
      }
    }, 500);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.pingSentAt = null;
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.stopHeartbeat();
    this.client = null;
    this.listening = false;
    this.resetAll();
    if (!this.stopped) {
      this.logger.warn('Connexion d’écoute des changements perdue : caches désactivés jusqu’à la reconnexion');
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, 1_000);
    this.retry.unref();
  }

  private dispatch(payload: string): void {
    if (payload === PING) {
      this.pingSentAt = null;
      return;
    }
    const colon = payload.indexOf(':');
    const topic = (colon < 0 ? payload : payload.slice(0, colon)) as ChangeTopic;
    const key = colon < 0 ? null : payload.slice(colon + 1);
    for (const listener of this.listeners.get(topic) ?? []) listener(key);
    const waiting = this.awaited.get(payload);
    if (waiting) {
      this.awaited.delete(payload);
      for (const resolve of waiting) resolve();
    }
  }

  private resetAll(): void {
    for (const set of this.listeners.values()) for (const listener of set) listener(null);
    // Nothing more will be heard on this connection: writers waiting go on (caches are bypassed).
    for (const set of this.awaited.values()) for (const resolve of set) resolve();
    this.awaited.clear();
  }
}

/**
 * An in-process read-through cache of rows that rarely change, kept right by the change feed.
 * - Served only while the feed is live, and never inside a transaction (a transaction reads what it
 *   is writing, and its snapshot).
 * - A value loaded while an invalidation of the same topic arrived is returned but not kept (a load
 *   that started before a COMMIT may carry the old row).
 * - Values are frozen deeply: a caller that tried to modify a shared value would throw.
 * - At most `maxEntries` entries; the oldest goes first.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, V>();
  private generation = 0;

  constructor(
    private readonly feed: ChangeFeed,
    topic: ChangeTopic,
    private readonly maxEntries = 10_000,
  ) {
    feed.subscribe(topic, (key) => this.invalidate(key));
  }

  /** Drops one key (`null`: every key). Writers of this instance call it too, after their write. */
  invalidate(key: string | null): void {
    this.generation += 1;
    if (key === null) this.entries.clear();
    else this.entries.delete(key);
  }

  /** Whether reads may use the cache now. */
  get usable(): boolean {
    return this.feed.live && !currentTransaction();
  }

  peek(key: string): V | undefined {
    return this.usable ? this.entries.get(key) : undefined;
  }

  /** The cached value of `key`, or `load()`'s (kept when nothing changed meanwhile). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.usable) return load();
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    this.keep(generation, [[key, value]]);
    return value;
  }

  /**
   * Like `get`, for answers that must never lag behind a COMMIT anywhere (rights, deactivation): a
   * hit is served only after the feed has caught up (`ChangeFeed.caughtUp`, one shared round trip).
   */
  async getCaughtUp(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.usable || !this.entries.has(key)) return this.get(key, load);
    await this.feed.caughtUp();
    return this.get(key, load);
  }

  /** The generation to pass to `keep` after a load done by the caller (several keys at once). */
  get mark(): number {
    return this.generation;
  }

  /** Keeps values loaded since `generation`, unless an invalidation came in between. */
  keep(generation: number, values: Iterable<[string, V]>): void {
    if (generation !== this.generation || !this.usable) return;
    for (const [key, value] of values) {
      if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, deepFreeze(value));
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
