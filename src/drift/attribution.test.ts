/**
 * The ledger join: a fixture audit log ingested into a temporary SQLite ledger (src/ledger/ingest.ts),
 * then drifted fields attributed to the write that made them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ingest } from '../ledger/ingest.ts';
import { openSqliteLedger } from '../ledger/store/sqlite.ts';
import type { LedgerStore } from '../ledger/store/store.ts';
import { attribute } from './attribution.ts';
import type { FieldDrift, ObjectDrift } from './compare.ts';
import { parsePath } from '../model/field-path.ts';
import { toPointer } from './pointer.ts';

const AUDIT_LOG = join(import.meta.dirname, '../../test/fixtures/drift/hand-edit/audit.jsonl');
const WHITELIST = 'metadata.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]';

function field(path: string): FieldDrift {
  const segments = parsePath(path);
  return {
    path,
    pointer: toPointer(segments),
    segments,
    change: 'changed',
    approved: 'a',
    live: 'b',
    redacted: false,
  };
}

function changed(kind: string, name: string, paths: string[]): ObjectDrift {
  return {
    status: 'changed',
    object: { apiVersion: 'v1', kind, namespace: 'shop', name },
    fields: paths.map(field),
  };
}

describe('drift attribution from the ledger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-drift-ledger-'));
  let store: LedgerStore;
  before(async () => {
    store = await openSqliteLedger(join(dir, 'ledger.db'));
    const summary = await ingest({ store, inputs: [AUDIT_LOG] });
    assert.equal(summary.changes, 4);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the write whose diff touched the field, not the later status write of the controller', async () => {
    const [result] = await attribute(store, [changed('Ingress', 'web', [WHITELIST])]);
    assert.ok(result);
    assert.deepEqual(
      result.fields[0] && { ...result.fields[0], sourceIPs: [...result.fields[0].sourceIPs] },
      {
        actor: 'alice@example.com',
        impersonatedBy: null,
        time: '2026-05-20T22:14:03.512345Z',
        verb: 'patch',
        auditID: '0b7e55a0-1c2d-4e3f-8a4b-5c6d7e8f9a03',
        userAgent: 'kubectl/v1.33.1 (darwin/arm64) kubernetes/8adc0f0',
        sourceIPs: ['198.51.100.23'],
        match: 'field',
      },
    );
    assert.equal(result.lastChange?.actor, 'alice@example.com');
  });

  it('falls back to the latest write of the object when no diff touched the field', async () => {
    const [result] = await attribute(store, [changed('Ingress', 'web', ['spec.rules[0].host'])]);
    assert.ok(result);
    assert.deepEqual([result.fields[0]?.actor, result.fields[0]?.match], ['alice@example.com', 'object']);
  });

  it('knows nothing of objects the ledger does not track or never saw', async () => {
    const results = await attribute(store, [
      changed('Service', 'web', ['spec.type']),
      changed('Ingress', 'other', ['spec.rules[0].host']),
    ]);
    assert.deepEqual(
      results.map((r) => [r.lastChange, r.fields]),
      [
        [null, [null]],
        [null, [null]],
      ],
    );
  });
});
