import { AsyncLocalStorage } from 'node:async_hooks';
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';

const scope = new AsyncLocalStorage<{ count: number; queries: string[] }>();

/**
 * Counts the SQL queries run inside `countQueries(fn)`, following async calls. Used by tests to
 * assert that heavy reads (booklet, dossier, cohort matrix, PV) run a bounded number of queries.
 */
export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; queries: string[] }> {
  const store = { count: 0, queries: [] as string[] };
  const result = await scope.run(store, fn);
  return { result, count: store.count, queries: store.queries };
}

export class QueryCountingLogger extends AbstractLogger {
  constructor() {
    super(false);
  }

  override logQuery(query: string): void {
    const store = scope.getStore();
    if (store) {
      store.count += 1;
      store.queries.push(query);
    }
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[], _queryRunner?: QueryRunner): void {
    // Query text can carry personal data: never written to the logs.
  }
}
