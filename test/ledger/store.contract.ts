/**
 * The ledger store contract: every LedgerStore implementation runs this same suite
 * (src/ledger/store/sqlite.test.ts, src/ledger/store/postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCHEMA_VERSION } from '../../src/ledger/store/schema.ts';
import type { LedgerStore } from '../../src/ledger/store/store.ts';
import type { Change, ObjectKey } from '../../src/ledger/types.ts';
import { changeOf, ingressObject } from '../helpers/audit-events.ts';

export interface StoreDatabase {
  /** Open (or reopen) the store on this database; migrations run on open. */
  open(): Promise<LedgerStore & { schemaVersion(): Promise<number> }>;
  dispose(): Promise<void>;
}

/** Makes a new empty database per test. */
export type StoreFactory = () => Promise<StoreDatabase>;

const WEB: ObjectKey = {
  apiGroup: 'networking.k8s.io',
  resource: 'ingresses',
  namespace: 'shop',
  name: 'web',
};
const API: ObjectKey = { ...WEB, name: 'api' };

function at(day: number, hour = 10): string {
  return `2026-05-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000001Z`;
}

const tls = { tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }], rules: [] };

function version(day: number, spec: object, name = 'web', user = 'alice@example.com'): Change {
  return changeOf({
    time: at(day),
    verb: day === 1 ? 'create' : 'update',
    code: day === 1 ? 201 : 200,
    user: { username: user, groups: ['dev-team'] },
    objectRef: {
      resource: 'ingresses',
      namespace: 'shop',
      name,
      apiGroup: 'networking.k8s.io',
      apiVersion: 'v1',
    },
    responseObject: ingressObject(name, spec as never),
  });
}

async function withStore(
  factory: StoreFactory,
  work: (store: LedgerStore, database: StoreDatabase) => Promise<void>,
): Promise<void> {
  const database = await factory();
  const store = await database.open();
  try {
    await work(store, database);
  } finally {
    await store.close();
    await database.dispose();
  }
}

async function appendAll(store: LedgerStore, changes: readonly Change[]): Promise<void> {
  for (const change of changes) await store.append(change);
}

export function ledgerStoreContract(name: string, factory: StoreFactory): void {
  describe(`LedgerStore contract: ${name}`, () => {
    it('migrates to the current schema version, and reopening migrates nothing twice', async () => {
      const database = await factory();
      try {
        const first = await database.open();
        assert.equal(await first.schemaVersion(), SCHEMA_VERSION);
        await first.append(version(1, tls));
        await first.close();
        const second = await database.open();
        assert.equal(await second.schemaVersion(), SCHEMA_VERSION);
        assert.equal(await second.countChanges(), 1, 'data survives a reopen');
        await second.close();
      } finally {
        await database.dispose();
      }
    });

    it('appends idempotently: unique on auditID + stage', async () => {
      await withStore(factory, async (store) => {
        const change = version(1, tls);
        assert.equal(await store.append(change), true);
        assert.equal(await store.append(change), false);
        const panic = { ...change, stage: 'Panic' as const, ref: `${change.auditID}/Panic` };
        assert.equal(await store.append(panic), true, 'another stage of the same request is another change');
        assert.equal(await store.countChanges(), 2);
      });
    });

    it('returns a change exactly as appended', async () => {
      await withStore(factory, async (store) => {
        const change = changeOf({
          verb: 'patch',
          requestObject: [{ op: 'remove', path: '/spec/tls' }],
          responseObject: ingressObject('web', { rules: [] }),
          impersonatedUser: { username: 'bob@example.com', groups: ['contractors'] },
          annotations: {
            'authorization.k8s.io/decision': 'allow',
            'authorization.k8s.io/reason': 'RBAC: ok',
          },
        });
        await store.append(change);
        assert.deepEqual(await store.getChange(change.ref), change);
        assert.equal(await store.getChange('missing/ResponseComplete'), null);
      });
    });

    it('gives back the previous version of a change that refers to it', async () => {
      await withStore(factory, async (store) => {
        const v1 = version(1, tls);
        const v2 = { ...version(2, { rules: [] }), previous: v1.state, previousRef: v1.ref };
        await appendAll(store, [v1, v2]);
        assert.deepEqual(await store.getChange(v2.ref), v2);
        assert.deepEqual((await store.history(WEB)).at(-1), v2);
      });
    });

    it('finds the latest version: successful writes only, at or before a time', async () => {
      await withStore(factory, async (store) => {
        const v1 = version(1, tls);
        const v2 = version(3, { rules: [] });
        const denied = changeOf({ time: at(4), verb: 'update', code: 403, message: 'forbidden' });
        const read = changeOf({ time: at(5), verb: 'get', level: 'Metadata' });
        await appendAll(store, [v2, v1, denied, read]);
        assert.equal((await store.latestVersion(WEB))?.ref, v2.ref, 'by time, not by append order');
        assert.equal((await store.latestVersion(WEB, at(2)))?.ref, v1.ref);
        assert.equal(await store.latestVersion(WEB, at(0, 1)), null);
        assert.equal(await store.latestVersion(API), null);
      });
    });

    it('gives an object history oldest first, filtered by actor, time, verb, write, limit', async () => {
      await withStore(factory, async (store) => {
        const v1 = version(1, tls);
        const v2 = version(2, { rules: [] }, 'web', 'bob@example.com');
        const impersonated = changeOf({
          time: at(3),
          verb: 'patch',
          user: { username: 'kubernetes-admin' },
          impersonatedUser: { username: 'carol@example.com' },
          responseObject: ingressObject('web', tls),
        });
        const other = version(2, tls, 'api');
        await appendAll(store, [impersonated, v2, other, v1]);
        const refs = (changes: Change[]): string[] => changes.map((c) => c.ref);
        assert.deepEqual(refs(await store.history(WEB)), [v1.ref, v2.ref, impersonated.ref]);
        assert.deepEqual(refs(await store.history(WEB, { actor: 'bob@example.com' })), [v2.ref]);
        assert.deepEqual(refs(await store.history(WEB, { actor: 'kubernetes-admin' })), [impersonated.ref]);
        assert.deepEqual(refs(await store.history(WEB, { since: at(2), until: at(3) })), [v2.ref]);
        assert.deepEqual(refs(await store.history(WEB, { verbs: ['patch', 'create'] })), [
          v1.ref,
          impersonated.ref,
        ]);
        assert.deepEqual(refs(await store.history(WEB, { limit: 1 })), [v1.ref]);
        assert.deepEqual(refs(await store.history(WEB, { write: false })), []);
      });
    });

    it('lists changes by actor in a window, as effective user or impersonator', async () => {
      await withStore(factory, async (store) => {
        const own = version(1, tls, 'web', 'kubernetes-admin');
        const asCarol = changeOf({
          time: at(2),
          user: { username: 'kubernetes-admin' },
          impersonatedUser: { username: 'carol@example.com' },
          responseObject: ingressObject('api', tls),
          objectRef: { resource: 'ingresses', namespace: 'shop', name: 'api', apiGroup: 'networking.k8s.io' },
        });
        const late = version(9, tls, 'web', 'kubernetes-admin');
        await appendAll(store, [own, asCarol, late]);
        const admin = await store.changesByActor('kubernetes-admin', { since: at(1), until: at(5) });
        assert.deepEqual(
          admin.map((c) => c.ref),
          [own.ref, asCarol.ref],
        );
        const carol = await store.changesByActor('carol@example.com');
        assert.deepEqual(
          carol.map((c) => c.ref),
          [asCarol.ref],
        );
      });
    });

    it('remembers the source IPs and user agents each actor used', async () => {
      await withStore(factory, async (store) => {
        await store.append(changeOf({ time: at(1), sourceIPs: ['10.0.0.1'], userAgent: 'kubectl/v1.33.1' }));
        await store.append(changeOf({ time: at(2), sourceIPs: ['10.0.0.1'], userAgent: 'kubectl/v1.33.1' }));
        await store.append(
          changeOf({ time: at(3), sourceIPs: ['192.0.2.7', '10.0.0.2'], userAgent: 'curl/8.5' }),
        );
        const sources = await store.actorSources('alice@example.com');
        assert.deepEqual(
          sources.sourceIPs.map((s) => [s.value, s.count]),
          [
            ['10.0.0.1', 2],
            ['10.0.0.2', 1],
            ['192.0.2.7', 1],
          ],
        );
        assert.deepEqual(
          sources.userAgents.map((s) => s.value),
          ['kubectl/v1.33.1', 'curl/8.5'],
        );
        const first = sources.sourceIPs[0];
        assert.equal(first?.firstSeen, at(1));
        assert.equal(first.lastSeen, at(2));
        const before = await store.actorSources('alice@example.com', at(3));
        assert.deepEqual(
          before.sourceIPs.map((s) => s.value),
          ['10.0.0.1'],
        );
        assert.equal(await store.actorChangeCount('alice@example.com'), 3);
        assert.equal(await store.actorChangeCount('nobody'), 0);
        assert.deepEqual((await store.actorSources('nobody')).sourceIPs, []);
      });
    });

    it('lists objects with counts, first/last seen and whether deleted', async () => {
      await withStore(factory, async (store) => {
        const deleted = changeOf({
          time: at(4),
          verb: 'delete',
          responseObject: { kind: 'Status', status: 'Success' },
        });
        await appendAll(store, [version(1, tls), version(2, tls), deleted, version(3, tls, 'api')]);
        await store.append(
          changeOf({
            time: at(5),
            verb: 'list',
            level: 'Metadata',
            objectRef: { resource: 'secrets', namespace: 'shop', apiVersion: 'v1' },
          }),
        );
        const objects = await store.listObjects();
        assert.deepEqual(
          objects.map((o) => [o.object.name, o.changes, o.firstSeen, o.lastSeen, o.deleted]),
          [
            ['api', 1, at(3), at(3), false],
            ['web', 3, at(1), at(4), true],
          ],
        );
        assert.equal(
          (await store.listObjects({ resource: 'secrets' })).length,
          0,
          'collection reads are no object',
        );
        assert.equal((await store.listObjects({ namespace: 'other' })).length, 0);
      });
    });

    it('gives the latest state of every object of a resource', async () => {
      await withStore(factory, async (store) => {
        await appendAll(store, [version(1, tls), version(2, { rules: [] }), version(3, tls, 'api')]);
        const states = await store.latestStates('ingresses');
        assert.deepEqual(
          states.map((s) => [s.object.name, (s.state.spec as { tls?: unknown }).tls === undefined]),
          [
            ['api', false],
            ['web', true],
          ],
        );
      });
    });

    it('records and updates input progress', async () => {
      await withStore(factory, async (store) => {
        assert.equal(await store.inputProgress('abc'), null);
        const progress = {
          identity: 'abc',
          path: 'audit.log',
          size: 5_000_000_000,
          offset: 4096,
          line: 12,
          complete: false,
        };
        await store.saveInputProgress(progress);
        assert.deepEqual(await store.inputProgress('abc'), progress);
        const done = { ...progress, path: 'audit.log.1', offset: 8192, line: 20, complete: true };
        await store.saveInputProgress(done);
        assert.deepEqual(await store.inputProgress('abc'), done);
      });
    });

    it('stores a transaction all or nothing; nested transactions join the outer one', async () => {
      await withStore(factory, async (store) => {
        await assert.rejects(
          store.transaction(async () => {
            await store.append(version(1, tls));
            await store.transaction(() =>
              store.saveInputProgress({
                identity: 'x',
                path: 'p',
                size: 1,
                offset: 1,
                line: 1,
                complete: false,
              }),
            );
            throw new Error('killed');
          }),
          /killed/,
        );
        assert.equal(await store.countChanges(), 0);
        assert.equal(await store.inputProgress('x'), null);
        assert.equal(await store.actorChangeCount('alice@example.com'), 0);
        await store.transaction(async () => {
          await store.append(version(1, tls));
          assert.equal(await store.countChanges(), 1, 'reads inside see the transaction');
        });
        assert.equal(await store.countChanges(), 1);
      });
    });
  });
}
