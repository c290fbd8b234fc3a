import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { auditLine } from '../../../test/helpers/audit-events.ts';
import { isPending } from './lines.ts';
import { expandAuditPaths, inputIdentity, readAuditInput, type ReadOptions } from './read.ts';
import { orderRotatedFiles } from './rotation.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/audit');
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-audit-read-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function readAll(path: string, options: ReadOptions = {}) {
  const ids: string[] = [];
  const problems: { line: number; message: string }[] = [];
  let events = 0;
  let last = { endOffset: 0, endLine: 0, resumable: false };
  for await (const batch of readAuditInput(path, options)) {
    for (const record of batch.records) ids.push(isPending(record) ? 'pending' : record.event.auditID);
    problems.push(...batch.problems);
    events += batch.events;
    last = batch;
  }
  return { ids, problems, events, last };
}

describe('readAuditInput', () => {
  it('reads a JSON-lines file', async () => {
    const out = await readAll(join(FIXTURES, 'ingress-lifecycle.jsonl'));
    assert.equal(out.events, 20);
    assert.equal(out.ids.length, 18, 'the RequestReceived stage and /healthz are not parsed');
    assert.deepEqual(out.problems, []);
    assert.equal(out.last.resumable, true);
  });

  it('reads a pretty-printed EventList one item at a time, with the line of each item', async () => {
    const out = await readAll(join(FIXTURES, 'eventlist.json'), { chunkSize: 64 });
    assert.equal(out.events, 3);
    assert.deepEqual(out.ids, [
      '1f0c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a51',
      '4c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e11',
      '5d4e3f2a-1b0c-4d9e-8f7a-6b5c4d3e2f21',
    ]);
    assert.equal(out.last.resumable, false);
  });

  it('reads a JSON array of pretty-printed events and reports a truncated document', async () => {
    const events = [JSON.parse(auditLine({ auditID: 'a' })), JSON.parse(auditLine({ auditID: 'b' }))];
    const file = join(dir, 'array.json');
    writeFileSync(file, JSON.stringify(events, null, 2));
    assert.deepEqual((await readAll(file, { chunkSize: 10 })).ids, ['a', 'b']);
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, JSON.stringify({ kind: 'EventList', items: events }, null, 2).slice(0, -40));
    const out = await readAll(truncated);
    assert.deepEqual(out.ids, ['a']);
    assert.match(out.problems[0]?.message ?? '', /truncated/);
  });

  it('reports malformed lines of the malformed fixture with file lines', async () => {
    const out = await readAll(join(FIXTURES, 'malformed.jsonl'));
    assert.deepEqual(
      out.problems.map((p) => p.line),
      [2, 4, 6],
    );
    assert.equal(out.events, 2);
  });

  it('reads gzip files (by their magic bytes) and resumes inside them', async () => {
    const lines = ['a', 'b', 'c'].map((id) => auditLine({ auditID: id }));
    const text = `${lines.join('\n')}\n`;
    const file = join(dir, 'audit-2026-05-20T10-00-00.000.log.gz');
    writeFileSync(file, gzipSync(text));
    assert.deepEqual((await readAll(file)).ids, ['a', 'b', 'c']);
    const offset = Buffer.byteLength(`${lines[0] ?? ''}\n`);
    const resumed = await readAll(file, { startOffset: offset, startLine: 1 });
    assert.deepEqual(resumed.ids, ['b', 'c']);
    assert.equal(resumed.last.endLine, 3);
  });

  it('reports a corrupt gzip file instead of throwing', async () => {
    const file = join(dir, 'corrupt.log.gz');
    writeFileSync(file, gzipSync(`${auditLine({ auditID: 'z' })}\n`.repeat(50)).subarray(0, 60));
    const out = await readAll(file);
    assert.equal(out.problems.length, 1);
    assert.match(out.problems[0]?.message ?? '', /read error/);
  });

  it('resumes a plain file at a byte offset', async () => {
    const file = join(dir, 'plain.log');
    const lines = ['a', 'b', 'c'].map((id) => auditLine({ auditID: id }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const offset = Buffer.byteLength(`${lines[0] ?? ''}\n${lines[1] ?? ''}\n`);
    const out = await readAll(file, { startOffset: offset, startLine: 2 });
    assert.deepEqual(out.ids, ['c']);
    assert.equal(out.last.endOffset, readFileSync(file).length);
  });

  it('reads a file larger than one read the same in any chunk size, and resumes between reads', async () => {
    const file = join(dir, 'large.log');
    const lines = Array.from({ length: 4000 }, (_, i) => auditLine({ auditID: `id-${String(i)}` }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    assert.ok(readFileSync(file).length > 2 * 1024 * 1024, 'more than two 1 MiB reads');
    const whole = await readAll(file);
    const small = await readAll(file, { chunkSize: 4096 });
    assert.equal(whole.ids.length, 4000);
    assert.deepEqual(small.ids, whole.ids);
    assert.deepEqual(small.last, whole.last);
    const offset = Buffer.byteLength(`${lines.slice(0, 2500).join('\n')}\n`);
    const rest = await readAll(file, { startOffset: offset, startLine: 2500, chunkSize: 4096 });
    assert.deepEqual(rest.ids, whole.ids.slice(2500));
    assert.equal(rest.last.endLine, 4000);
  });

  it('reads stdin', async () => {
    const stdin = Readable.from([
      Buffer.from(`${auditLine({ auditID: 's1' })}\n${auditLine({ auditID: 's2' })}`),
    ]);
    assert.deepEqual((await readAll('-', { stdin })).ids, ['s1', 's2']);
  });

  it('identifies a file by its first KiB, whatever its name', async () => {
    const a = join(dir, 'audit.log');
    const b = join(dir, 'audit.log.1');
    writeFileSync(a, `${auditLine({ auditID: 'id' })}\n`);
    writeFileSync(b, readFileSync(a));
    assert.deepEqual(await inputIdentity(a), await inputIdentity(b));
  });
});

describe('rotated sets', () => {
  it('orders lumberjack and numbered backups oldest first, the current file last', () => {
    assert.deepEqual(
      orderRotatedFiles([
        '/var/log/audit.log',
        '/var/log/audit.log.1',
        '/var/log/audit-2026-05-31T10-00-00.000.log.gz',
        '/var/log/audit.log.2.gz',
        '/var/log/audit-2026-05-30T23-59-59.999.log',
        '/other/events.json',
      ]),
      [
        '/var/log/audit-2026-05-30T23-59-59.999.log',
        '/var/log/audit-2026-05-31T10-00-00.000.log.gz',
        '/var/log/audit.log.2.gz',
        '/var/log/audit.log.1',
        '/var/log/audit.log',
        '/other/events.json',
      ],
    );
  });

  it('expands a directory to its audit logs in time order', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'gatewatch-audit-dir-'));
    try {
      for (const name of ['audit.log', 'audit.log.1', 'audit-2026-05-01T00-00-00.000.log', 'notes.txt']) {
        writeFileSync(join(logs, name), '');
      }
      assert.deepEqual(
        (await expandAuditPaths([logs])).map((p) => p.slice(logs.length + 1)),
        ['audit-2026-05-01T00-00-00.000.log', 'audit.log.1', 'audit.log'],
      );
    } finally {
      rmSync(logs, { recursive: true, force: true });
    }
  });
});
