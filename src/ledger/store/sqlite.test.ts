import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerStoreContract } from '../../../test/ledger/store.contract.ts';
import { openSqliteLedger } from './sqlite.ts';

ledgerStoreContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-ledger-'));
  const file = join(dir, 'nested', 'ledger.db');
  return Promise.resolve({
    open: () => openSqliteLedger(file),
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});
