/**
 * The audit webhook's promise: 200 only once a batch is durable. `gatewatch serve` runs as a child
 * process and is killed with SIGKILL (no chance to flush or roll back) while batches are being POSTed;
 * senders retry every batch until it is acknowledged, as the API server's webhook backend does. In
 * the end every acknowledged batch is in the ledger, each event exactly once. Then two server
 * processes share one PostgreSQL ledger, batches go to either (some to both, one process is killed
 * and restarted), and again no event is lost or duplicated.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import pg from 'pg';
import { auditEvent, ingressObject } from '../helpers/audit-events.ts';
import { startPostgres } from '../helpers/postgres.ts';
import {
  freePort,
  killHard,
  send,
  servePki,
  spawnServe,
  stopGently,
  type ServeProcess,
} from '../helpers/serve.ts';

const TOKEN = 'durability-token';
const BATCHES = 48;
const EVENTS_PER_BATCH = 20;

interface Batch {
  readonly index: number;
  readonly body: string;
  readonly auditIDs: readonly string[];
}

function makeBatches(prefix: string): Batch[] {
  const batches: Batch[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const events = [];
    for (let e = 0; e < EVENTS_PER_BATCH; e++) {
      const n = b * EVENTS_PER_BATCH + e;
      const name = `app-${String(n % 37)}`;
      const object = ingressObject(name, { rules: [{ host: `${name}.example.com`, http: { paths: [] } }] });
      events.push(
        auditEvent({
          auditID: `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`,
          verb: n < 37 ? 'create' : 'update',
          objectRef: {
            resource: 'ingresses',
            namespace: 'shop',
            name,
            apiGroup: 'networking.k8s.io',
            apiVersion: 'v1',
          },
          requestObject: object,
          responseObject: object,
          time: new Date(Date.UTC(2026, 4, 20, 10, 0, 0) + n * 1000).toISOString(),
        }),
      );
    }
    batches.push({
      index: b,
      body: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: events }),
      auditIDs: events.map((event) => event.auditID),
    });
  }
  return batches;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs a batch until some server answers 200; returns how many attempts it took. */
async function deliver(batch: Batch, targets: () => readonly string[], deadline: number): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const candidates = targets();
    const url = candidates[(batch.index + attempt) % candidates.length] ?? '';
    try {
      const answer = await send(`${url}/audit`, {
        method: 'POST',
        body: batch.body,
        headers: { authorization: `Bearer ${TOKEN}` },
        timeoutMs: 10_000,
      });
      if (answer.status === 200) return attempt;
      assert.ok(
        answer.status >= 500,
        `batch ${String(batch.index)}: ${String(answer.status)} ${answer.text}`,
      );
    } catch {
      // Refused or reset: the server is down or was killed mid-request. Send it again.
    }
    if (Date.now() > deadline) throw new Error(`batch ${String(batch.index)} never acknowledged`);
    await sleep(30);
  }
}

/** Delivers every batch with a few concurrent senders. */
async function deliverAll(
  batches: readonly Batch[],
  targets: () => readonly string[],
  onAck: (batch: Batch) => void,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (!batch) return;
      await deliver(batch, targets, deadline);
      onAck(batch);
    }
  };
  await Promise.all([sender(), sender(), sender(), sender()]);
}

function serveArgs(port: number, db: string, tokenFile: string): string[] {
  const { files } = servePki();
  return [
    '--listen',
    `127.0.0.1:${String(port)}`,
    '--tls-cert-file',
    files.serverCert,
    '--tls-private-key-file',
    files.serverKey,
    '--audit-token-file',
    tokenFile,
    '--db',
    db,
  ];
}

function expectExactlyOnce(counts: Map<string, number>, acknowledged: readonly Batch[], total: number): void {
  assert.equal(acknowledged.length, total, 'every batch acknowledged');
  const expected = new Set(acknowledged.flatMap((batch) => batch.auditIDs));
  const missing = [...expected].filter((id) => !counts.has(id));
  assert.deepEqual(missing, [], 'acknowledged events missing from the ledger');
  const duplicated = [...counts].filter(([, count]) => count !== 1);
  assert.deepEqual(duplicated, [], 'events stored more than once');
  const unexpected = [...counts.keys()].filter((id) => !expected.has(id));
  assert.deepEqual(unexpected, []);
}

describe('audit webhook durability', () => {
  it('keeps every acknowledged batch exactly once across SIGKILLs (SQLite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatewatch-durability-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, TOKEN);
    const db = join(dir, 'ledger.db');
    const port = await freePort();
    const args = serveArgs(port, db, tokenFile);
    let server: ServeProcess = await spawnServe(args);
    const url = server.url;
    const acknowledged: Batch[] = [];
    const batches = makeBatches('00000000');
    let kills = 0;
    const progress = { done: false };
    const killer = (async () => {
      // Kill while batches are in flight: after a few acknowledgements, then every ~250 ms.
      while (!progress.done && kills < 4) {
        await sleep(kills === 0 ? 150 : 250);
        await killHard(server);
        kills++;
        server = await spawnServe(args);
      }
    })();
    await deliverAll(
      batches,
      () => [url],
      (batch) => acknowledged.push(batch),
    );
    progress.done = true;
    await killer;
    assert.ok(kills >= 2, `killed ${String(kills)} times`);
    assert.equal(await stopGently(server), 0);

    const ledger = new DatabaseSync(db);
    const rows = ledger
      .prepare('SELECT audit_id AS id, COUNT(*) AS n FROM changes GROUP BY audit_id')
      .all() as {
      id: string;
      n: number;
    }[];
    ledger.close();
    expectExactlyOnce(new Map(rows.map((row) => [row.id, row.n])), acknowledged, batches.length);
  });

  it('loses and duplicates nothing with two server processes sharing one PostgreSQL ledger', async () => {
    const postgres = await startPostgres();
    try {
      const url = await postgres.createDatabase();
      const dir = mkdtempSync(join(tmpdir(), 'gatewatch-durability-pg-'));
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, TOKEN);
      const [portA, portB] = [await freePort(), await freePort()];
      const argsA = serveArgs(portA, url, tokenFile);
      let a = await spawnServe(argsA);
      const b = await spawnServe(serveArgs(portB, url, tokenFile));
      const urls = [a.url, b.url];
      const batches = makeBatches('11111111');
      const acknowledged: Batch[] = [];
      const state = { killed: false };
      let restarted: Promise<void> = Promise.resolve();
      await deliverAll(
        batches,
        () => urls,
        (batch) => {
          acknowledged.push(batch);
          // A batch both replicas receive (a retry through the load balancer that reached both).
          if (batch.index % 5 === 0)
            void send(`${urls[(batch.index + 1) % 2] ?? ''}/audit`, {
              method: 'POST',
              body: batch.body,
              headers: { authorization: `Bearer ${TOKEN}` },
            }).catch(() => undefined);
          if (!state.killed && acknowledged.length === Math.floor(BATCHES / 3)) {
            state.killed = true;
            restarted = (async () => {
              await killHard(a);
              a = await spawnServe(argsA);
            })();
          }
        },
      );
      // Let the extra copies land before counting.
      await sleep(500);
      await restarted;
      assert.ok(state.killed);
      assert.deepEqual(await Promise.all([stopGently(a), stopGently(b)]), [0, 0]);

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ id: string; n: string }>(
          'SELECT audit_id AS id, COUNT(*) AS n FROM changes GROUP BY audit_id',
        );
        expectExactlyOnce(new Map(rows.map((row) => [row.id, Number(row.n)])), acknowledged, batches.length);
      } finally {
        await client.end();
      }
    } finally {
      postgres.stop();
    }
  });
});
