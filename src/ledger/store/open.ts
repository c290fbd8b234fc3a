/** `--db FILE` (SQLite, default `.gatewatch/ledger.db`) or `--db postgres://…` (PostgreSQL). */
import { isPostgresUrl, openPostgresLedger } from './postgres.ts';
import { DEFAULT_LEDGER_PATH, openSqliteLedger } from './sqlite.ts';
import type { LedgerStore } from './store.ts';

export { DEFAULT_LEDGER_PATH };

export function openLedger(db: string = DEFAULT_LEDGER_PATH): Promise<LedgerStore> {
  return isPostgresUrl(db) ? openPostgresLedger(db) : openSqliteLedger(db);
}
