// Issue 15: the heavy reads run as prepared statements (preparedRead, ADR 0013): planned once per
// pool connection, counted as queries, inside a transaction run on its connection, and failing as
// TypeORM's QueryFailedError (so a timeout still answers 503 SERVICE.BUSY).
import { QueryFailedError } from 'typeorm';
import { countQueries, preparedRead } from '@app/platform';
import { IntApp, startIntApp } from '../support/int-app';

describe('issue 15 — preparedRead', () => {
  let t: IntApp;

  beforeAll(async () => {
    t = await startIntApp();
  });
  afterAll(async () => t?.close());

  it('is prepared once per connection: PostgreSQL keeps the statement, by a name derived from its text', async () => {
    const sql = 'SELECT $1::int + 1 AS n /* prepared-read test */';
    const { result, count } = await countQueries(() => preparedRead<{ n: number }>(t.dataSource, sql, [41]));
    expect(result).toEqual([{ n: 42 }]);
    expect(count).toBe(1);
    // Sequential reads take the connection released last: ask it which statements it keeps.
    const kept = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      await preparedRead(t.dataSource, sql, [i]);
      const rows = await preparedRead<{ statement: string }>(t.dataSource, 'SELECT statement FROM pg_prepared_statements', []);
      for (const r of rows) kept.add(r.statement);
    }
    expect([...kept]).toContain(sql);
  });

  it('inside a transaction, runs on its connection: it sees the transaction’s own uncommitted writes', async () => {
    await t.dataSource
      .transaction(async (m) => {
        await m.query(`CREATE TEMP TABLE prepared_probe (v int) ON COMMIT DROP`);
        await m.query(`INSERT INTO prepared_probe VALUES (7)`);
        const rows = await preparedRead<{ v: number }>(t.dataSource, 'SELECT v FROM prepared_probe', []);
        expect(rows).toEqual([{ v: 7 }]);
        throw new Error('rollback');
      })
      .catch((e: Error) => expect(e.message).toBe('rollback'));
  });

  it('fails as QueryFailedError with the PostgreSQL code (the exception filter maps 57014 to 503 SERVICE.BUSY)', async () => {
    const error = await preparedRead(t.dataSource, 'SELECT 1 / ($1::int - 1) AS boom', [1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22012'); // division by zero
  });
});
