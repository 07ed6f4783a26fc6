import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/**
 * One transaction context per request chain (ADR 0008), as Pix's DomainTransaction: once a
 * service opens `dataSource.transaction(…)`, every query made inside it — through
 * `dataSource.manager`, `dataSource.getRepository(…)`, `dataSource.query(…)`, a query builder,
 * or another lib's service that knows nothing of the transaction — runs on the transaction's own
 * connection. So a request that holds a row lock never waits for a second pool connection (the
 * deadlock of ten parallel clicks on a pool of ten: issue 10), and every read made while a row is
 * locked sees the same snapshot as the writes that follow.
 *
 * A `dataSource.transaction` opened inside another becomes a savepoint of the outer one.
 */
const current = new AsyncLocalStorage<QueryRunner>();

/** The entity manager of the transaction this code runs in, if any. */
export function currentTransaction(): EntityManager | undefined {
  const runner = current.getStore();
  return runner && !runner.isReleased ? runner.manager : undefined;
}

/** Installs the context on a data source: call once, right after it is created. */
export function installTransactionContext(dataSource: DataSource): DataSource {
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) => {
    const runner = current.getStore();
    if (!runner || runner.isReleased) return createQueryRunner(mode);
    // The transaction's connection, lent: whoever asked for it must not release it.
    return new Proxy(runner, {
      get(target, property, receiver) {
        if (property === 'release') return () => Promise.resolve();
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (isolationOrWork: unknown, maybeWork?: unknown) => {
    const work = (typeof isolationOrWork === 'function' ? isolationOrWork : maybeWork) as (m: EntityManager) => Promise<unknown>;
    const inContext = (m: EntityManager) => current.run(m.queryRunner!, () => work(m));
    return typeof isolationOrWork === 'string' ? transaction(isolationOrWork, inContext) : transaction(inContext);
  };
  return dataSource;
}

/**
 * Runs `work` in the transaction this code already runs in (no savepoint: one unit of work, as
 * Pix's DomainTransaction), or opens one. So a use case called alone is atomic, and called from
 * another use case's transaction (a learner's account created with the learner, an import) is part
 * of it — without an `EntityManager` parameter threaded through the signatures.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const manager = currentTransaction();
  return manager ? work(manager) : dataSource.transaction(work);
}

type Results<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/**
 * Independent reads of one request, side by side (issue 15): outside a transaction each takes its
 * own pool connection, so the request waits for the slowest round trip rather than their sum;
 * inside one they share its connection, so they run one after the other (never two statements at
 * once on one connection, never a second connection while a lock is held: ADR 0008).
 */
export async function sideBySide<T extends readonly (() => Promise<unknown>)[]>(...reads: T): Promise<Results<T>> {
  if (currentTransaction()) {
    const out: unknown[] = [];
    for (const read of reads) out.push(await read());
    return out as Results<T>;
  }
  return (await Promise.all(reads.map((read) => read()))) as Results<T>;
}

/**
 * A read run as a PostgreSQL prepared statement (issue 15): each pool connection parses and plans
 * it once, then only binds and executes. The heavy reads' statements (json_agg, LATERAL) cost more
 * to plan (1–5 ms) than to run on an indexed lookup (under 1 ms), and an unnamed statement is
 * planned again on every request. Inside a transaction, the statement runs on the transaction's
 * connection as any other (`manager.query`). Counted by `countQueries` like the others; a failure
 * is a TypeORM `QueryFailedError`, as from `dataSource.query` (timeouts → 503 SERVICE.BUSY).
 * `sql` must be a constant text (its hash names the statement), the values go in `params`.
 */
export async function preparedRead<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const manager = currentTransaction();
  if (manager) return manager.query(sql, params);
  dataSource.logger.logQuery(sql, params);
  const pool = (dataSource.driver as unknown as { master: { query(config: object): Promise<{ rows: T[] }> } }).master;
  try {
    return (await pool.query({ name: statementName(sql), text: sql, values: params })).rows;
  } catch (error) {
    throw new QueryFailedError(sql, params, error as Error);
  }
}

const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `sams_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}
