/**
 * The shared ledger: PostgreSQL through `pg`, for many receivers and many clusters (`--db
 * postgres://…`). One connection per store; statements outside a transaction wait for a running
 * transaction to finish, statements inside it (same async context) join it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { SqlLedgerStore, type Row, type SqlExecutor, type SqlValue } from './sql-store.ts';

export { isPostgresUrl } from './open.ts';

/** `?` placeholders → `$1, $2…` (our statements hold no `?` inside literals). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${String(++n)}`);
}

class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  private readonly client: pg.Client;
  private readonly inTransaction = new AsyncLocalStorage<true>();
  /** Serialises transactions and the statements of other callers around them. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(client: pg.Client) {
    this.client = client;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore() === true) return work();
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async execute(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> {
    return this.client.query(numberPlaceholders(sql), [...params]);
  }

  all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.exclusive(async () => (await this.execute(sql, params)).rows as Row[]);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.exclusive(async () => (await this.execute(sql, params)).rowCount ?? 0);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore() === true) return work();
    return this.exclusive(() =>
      this.inTransaction.run(true, async () => {
        await this.client.query('BEGIN');
        try {
          const result = await work();
          await this.client.query('COMMIT');
          return result;
        } catch (error) {
          await this.client.query('ROLLBACK');
          throw error;
        }
      }),
    );
  }

  async close(): Promise<void> {
    await this.queue;
    await this.client.end();
  }
}

export async function openPostgresLedger(url: string): Promise<SqlLedgerStore> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const store = new SqlLedgerStore(new PostgresExecutor(client));
  try {
    // Two receivers starting together must not both migrate.
    await client.query('SELECT pg_advisory_lock(7206105)');
    await store.migrate();
    await client.query('SELECT pg_advisory_unlock(7206105)');
  } catch (error) {
    await client.end();
    throw error;
  }
  return store;
}
