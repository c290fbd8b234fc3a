import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { auditLine, ingressObject } from '../../test/helpers/audit-events.ts';
import { ingest } from './ingest.ts';
import { openSqliteLedger } from './store/sqlite.ts';
import type { LedgerStore } from './store/store.ts';
import type { Change, ChangeContext, ObjectKey } from './types.ts';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/audit');
const LIFECYCLE = join(FIXTURES, 'ingress-lifecycle.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-ingest-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

let dbs = 0;
const newLedger = (): Promise<LedgerStore> => openSqliteLedger(join(dir, `ledger-${String(++dbs)}.db`));

const WEB: ObjectKey = {
  apiGroup: 'networking.k8s.io',
  resource: 'ingresses',
  namespace: 'shop',
  name: 'web',
};

/** Everything the ledger holds, in a comparable form. */
async function dump(store: LedgerStore): Promise<unknown> {
  const objects = await store.listObjects();
  const histories = await Promise.all(objects.map((o) => store.history(o.object)));
  return { count: await store.countChanges(), objects, histories };
}

/** A log of `count` ingress versions spread over a few objects, with untracked traffic between. */
function syntheticLog(count: number, startDay = 1): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `app-${String(i % 7)}`;
    const time = `2026-05-${String(startDay + Math.floor(i / 400)).padStart(2, '0')}T${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000001Z`;
    lines.push(
      auditLine({
        auditID: `syn-${String(startDay)}-${String(i)}`,
        time,
        level: 'Metadata',
        verb: 'get',
        objectRef: { resource: 'pods', namespace: 'shop', name: `pod-${String(i)}`, apiVersion: 'v1' },
      }),
      auditLine({
        auditID: `ing-${String(startDay)}-${String(i)}`,
        time,
        verb: i < 7 ? 'create' : 'update',
        code: i < 7 ? 201 : 200,
        user: {
          username:
            i % 3 === 0 ? 'alice@example.com' : 'system:serviceaccount:argocd:argocd-application-controller',
        },
        objectRef: {
          resource: 'ingresses',
          namespace: 'shop',
          name,
          apiGroup: 'networking.k8s.io',
          apiVersion: 'v1',
        },
        responseObject: ingressObject(name, { rules: [{ host: `h${String(i)}.example.com` }] }),
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('ingest', () => {
  it('turns the fixture log into changes and tells the observer about each, in order', async () => {
    const store = await newLedger();
    const seen: { change: Change; before: ChangeContext['actorBefore'] }[] = [];
    let ended = false;
    const summary = await ingest({
      store,
      inputs: [LIFECYCLE],
      observer: {
        onChange: (change, context) => {
          seen.push({ change, before: context.actorBefore });
        },
        onEnd: () => {
          ended = true;
        },
      },
    });
    assert.deepEqual(summary, {
      files: 1,
      events: 20,
      malformed: 0,
      duplicates: 0,
      changes: 14,
      skippedFiles: 0,
      problems: [],
    });
    assert.ok(ended);
    assert.equal(seen.length, 14);
    const times = seen.map((s) => s.change.time);
    assert.deepEqual(times, [...times].sort());
    const secretRead = seen.find((s) => s.change.object.resource === 'secrets');
    assert.equal(secretRead?.change.actor.username, 'alice@example.com', 'the TLS Secret read is tracked');
    assert.equal(
      seen.filter((s) => s.change.object.resource === 'secrets').length,
      1,
      'other Secrets are not',
    );
    const bobFirst = seen.find((s) => s.change.actor.username === 'bob@example.com');
    assert.deepEqual(bobFirst?.before, { changes: 0, sourceIPs: [], userAgents: [] });
    const aliceSecond = seen.filter((s) => s.change.actor.username === 'alice@example.com')[1];
    assert.deepEqual(aliceSecond?.before.sourceIPs, ['10.0.4.21']);
    const history = await store.history(WEB);
    assert.equal(history.length, 10);
    assert.deepEqual(history[2]?.diff, { added: [], removed: ['spec.tls'], changed: [] });
    await store.close();
  });

  it('adds nothing when the same files are read twice', async () => {
    const store = await newLedger();
    await ingest({ store, inputs: [LIFECYCLE] });
    const before = await dump(store);
    const again = await ingest({ store, inputs: [LIFECYCLE] });
    assert.equal(again.skippedFiles, 1);
    assert.equal(again.changes, 0);
    const reread = await ingest({ store, inputs: [LIFECYCLE], resume: false });
    assert.equal(reread.changes, 0);
    assert.equal(reread.duplicates, 14);
    const listed = await ingest({ store, inputs: [join(FIXTURES, 'eventlist.json')] });
    assert.deepEqual([listed.events, listed.duplicates, listed.changes], [3, 3, 0]);
    assert.deepEqual(await dump(store), before);
    await store.close();
  });

  it('counts malformed lines with file and line, and goes on', async () => {
    const store = await newLedger();
    const summary = await ingest({ store, inputs: [join(FIXTURES, 'malformed.jsonl')] });
    assert.equal(summary.malformed, 3);
    assert.deepEqual(
      summary.problems.map((p) => `${p.file.slice(FIXTURES.length + 1)}:${String(p.line)}`),
      ['malformed.jsonl:2', 'malformed.jsonl:4', 'malformed.jsonl:6'],
    );
    assert.equal(summary.changes, 1, 'the one ingress create; the pod read is not tracked');
    await store.close();
  });

  it('tracks a read of a TLS Secret that an Ingress just before it (same chunk) names', async () => {
    const file = join(dir, 'tls-read.log');
    const read = (auditID: string, name: string): string =>
      auditLine({
        auditID,
        level: 'Metadata',
        verb: 'get',
        user: { username: 'mallory' },
        objectRef: { resource: 'secrets', namespace: 'shop', name, apiVersion: 'v1' },
      });
    const create = auditLine({
      auditID: 'create-web',
      verb: 'create',
      code: 201,
      responseObject: ingressObject('web', { tls: [{ hosts: ['shop.example.com'], secretName: 'web-tls' }] }),
    });
    writeFileSync(
      file,
      `${[read('before', 'web-tls'), create, read('after', 'web-tls'), read('other', 'db')].join('\n')}\n`,
    );
    const store = await newLedger();
    const summary = await ingest({ store, inputs: [file] });
    assert.deepEqual([summary.events, summary.changes], [4, 2]);
    const reads = await store.changesByActor('mallory');
    assert.deepEqual(
      reads.map((change) => change.auditID),
      ['after'],
      'only the read once the Ingress named the Secret',
    );
    await store.close();
  });

  it('resumes a killed ingest: the ledger ends as after an uninterrupted run', async () => {
    const file = join(dir, 'big.log');
    writeFileSync(file, syntheticLog(300));
    const uninterrupted = await newLedger();
    const full = await ingest({ store: uninterrupted, inputs: [file], chunkSize: 4096, commitBytes: 4096 });
    assert.equal(full.changes, 300);

    const killed = await newLedger();
    const alerts: string[] = [];
    const observer = {
      onChange: (change: Change) => {
        alerts.push(change.ref);
      },
    };
    await assert.rejects(
      ingest({
        store: killed,
        inputs: [file],
        chunkSize: 4096,
        commitBytes: 4096,
        observer,
        afterEvent: (handled) => {
          if (handled === 137) throw new Error('killed');
        },
      }),
      /killed/,
    );
    const committed = await killed.countChanges();
    assert.ok(committed > 0 && committed < 137, `some chunks were committed (${String(committed)})`);
    const resumed = await ingest({
      store: killed,
      inputs: [file],
      chunkSize: 4096,
      commitBytes: 4096,
      observer,
    });
    assert.equal(resumed.duplicates, 0, 'the restart starts after the last committed line');
    assert.equal(resumed.changes, 300 - committed);
    assert.deepEqual(await dump(killed), await dump(uninterrupted));
    assert.equal(new Set(alerts).size, 300, 'every change reached the observer');
    await uninterrupted.close();
    await killed.close();
  });

  it('resumes a file that grew since the last ingest', async () => {
    const file = join(dir, 'growing.log');
    const text = syntheticLog(40);
    const lines = text.trimEnd().split('\n');
    writeFileSync(file, `${lines.slice(0, 40).join('\n')}\n`);
    const store = await newLedger();
    assert.equal((await ingest({ store, inputs: [file] })).changes, 20);
    writeFileSync(file, text);
    const more = await ingest({ store, inputs: [file] });
    assert.deepEqual([more.changes, more.duplicates, more.events], [20, 0, 40]);
    await store.close();
  });

  it('reads a rotated set (gzip and plain) oldest first, so each diff is against the right version', async () => {
    const set = mkdtempSync(join(tmpdir(), 'gatewatch-rotated-'));
    const version = (day: number, host: string): string =>
      auditLine({
        auditID: `rot-${String(day)}`,
        time: `2026-05-${String(day).padStart(2, '0')}T10:00:00.000001Z`,
        responseObject: ingressObject('web', { rules: [{ host }] }),
      });
    writeFileSync(
      join(set, 'audit-2026-05-01T23-59-59.000.log.gz'),
      gzipSync(`${version(1, 'a.example.com')}\n`),
    );
    writeFileSync(join(set, 'audit.log.1'), `${version(2, 'b.example.com')}\n`);
    writeFileSync(join(set, 'audit.log'), `${version(3, 'c.example.com')}\n`);
    const store = await newLedger();
    try {
      await ingest({
        store,
        inputs: [
          join(set, 'audit.log'),
          join(set, 'audit.log.1'),
          join(set, 'audit-2026-05-01T23-59-59.000.log.gz'),
        ],
      });
      const history = await store.history(WEB);
      assert.deepEqual(
        history.map((c) => c.diff?.changed.map((d) => `${JSON.stringify(d.old)}→${JSON.stringify(d.new)}`)),
        [undefined, ['"a.example.com"→"b.example.com"'], ['"b.example.com"→"c.example.com"']],
      );
    } finally {
      await store.close();
      rmSync(set, { recursive: true, force: true });
    }
  });

  it('reports progress per chunk', async () => {
    const store = await newLedger();
    const file = join(dir, 'progress.log');
    writeFileSync(file, syntheticLog(50));
    const reports: number[] = [];
    await ingest({ store, inputs: [file], chunkSize: 2048, onProgress: (p) => reports.push(p.bytesRead) });
    assert.ok(reports.length > 5);
    assert.deepEqual(
      reports,
      [...reports].sort((a, b) => a - b),
    );
    await store.close();
  });
});
