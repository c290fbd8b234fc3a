import { after, before } from 'node:test';
import { startPostgres, type PostgresCluster } from '../../../test/helpers/postgres.ts';
import { ledgerStoreContract } from '../../../test/ledger/store.contract.ts';
import { openPostgresLedger } from './postgres.ts';

// A real PostgreSQL (DESIGN §4): started on loopback for this file, never skipped.
let cluster: PostgresCluster | undefined;

before(async () => {
  cluster = await startPostgres();
});

after(() => {
  cluster?.stop();
});

ledgerStoreContract('postgres', async () => {
  if (cluster === undefined) throw new Error('PostgreSQL did not start');
  const url = await cluster.createDatabase();
  return {
    open: () => openPostgresLedger(url),
    dispose: () => Promise.resolve(),
  };
});
