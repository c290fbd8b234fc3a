/** `--db FILE` (SQLite, default `.gatewatch/ledger.db`) or `--db postgres://…` (PostgreSQL). */
import { DEFAULT_LEDGER_PATH, openSqliteLedger } from './sqlite.ts';
import type { LedgerStore } from './store.ts';

export { DEFAULT_LEDGER_PATH };

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//.test(db);
}

export async function openLedger(db: string = DEFAULT_LEDGER_PATH): Promise<LedgerStore> {
  if (!isPostgresUrl(db)) return openSqliteLedger(db);
  // The PostgreSQL driver is loaded only for a PostgreSQL ledger (start-up time of every other run).
  const { openPostgresLedger } = await import('./postgres.ts');
  return openPostgresLedger(db);
}
