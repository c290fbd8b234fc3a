/**
 * The embedded ledger: SQLite through `node:sqlite` (no native dependency). WAL journal so readers
 * (`history`, the dashboard) do not block the ingest; `synchronous = NORMAL` is durable across a
 * killed process in WAL mode, which is what resumable ingest needs.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { SqlLedgerStore, type Row, type SqlExecutor, type SqlValue } from './sql-store.ts';

export const DEFAULT_LEDGER_PATH = '.gatewatch/ledger.db';

class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private depth = 0;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    // Records are a few KiB (two versions of an object): larger pages keep them off overflow chains.
    // Only takes effect on a new database.
    this.db.exec('PRAGMA page_size = 16384');
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('PRAGMA busy_timeout = 5000');
  }

  private prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return Promise.resolve(this.prepare(sql).all(...params) as Row[]);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    if (params.length === 0 && /^\s*CREATE/i.test(sql)) {
      this.db.exec(sql);
      return Promise.resolve(0);
    }
    return Promise.resolve(Number(this.prepare(sql).run(...params).changes));
  }

  /** Nested calls join the outer transaction (the ingest wraps a batch; append wraps itself). */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.depth > 0) {
      this.depth++;
      try {
        return await work();
      } finally {
        this.depth--;
      }
    }
    this.db.exec('BEGIN IMMEDIATE');
    this.depth = 1;
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.depth = 0;
    }
  }

  close(): Promise<void> {
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}

export async function openSqliteLedger(path: string = DEFAULT_LEDGER_PATH): Promise<SqlLedgerStore> {
  const store = new SqlLedgerStore(new SqliteExecutor(path));
  await store.migrate();
  return store;
}
