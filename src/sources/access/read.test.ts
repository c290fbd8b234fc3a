import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { newCounters, readAccessLogBatches, readAccessLogs, visitAccessLogs } from './read.ts';
import type { AccessRecord, LogFormat, ParseProblem, ReadAccessOptions } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatewatch-access-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function ingressLine(second: number, path = '/', status = 200): string {
  return `203.0.113.7 - - [01/Jun/2026:12:00:${String(second).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" ${String(status)} 612 "-" "curl/8.5.0" 120 0.004 [shop-web-80] [] 10.244.1.5:8080 612 0.003 200 5b1f0e0c2a6f4d2e9a3b7c8d9e0f1a2b`;
}

async function readAll(
  inputs: readonly string[],
  options: ReadAccessOptions = {},
): Promise<{ records: AccessRecord[]; problems: ParseProblem[]; formats: [string, LogFormat][] }> {
  const problems: ParseProblem[] = [];
  const formats: [string, LogFormat][] = [];
  const records: AccessRecord[] = [];
  const opts: ReadAccessOptions = {
    ...options,
    onProblem: (problem) => problems.push(problem),
    onFormat: (file, format) => formats.push([file, format]),
  };
  for await (const record of readAccessLogs(inputs, opts)) records.push(record);
  return { records, problems, formats };
}

describe('readAccessLogs', () => {
  it('reads a rotated set (plain and gzip) oldest first, detecting the format', async () => {
    const set = join(dir, 'rotated');
    rmSync(set, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(set);
    writeFileSync(join(set, 'access.log.2.gz'), gzipSync(`${ingressLine(1)}\n${ingressLine(2)}\n`));
    writeFileSync(join(set, 'access.log.1'), `${ingressLine(3)}\n`);
    writeFileSync(join(set, 'access.log'), `${ingressLine(4)}\n${ingressLine(5)}`);
    const counters = newCounters();
    const { records, problems, formats } = await readAll([set], { counters });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      records.map((r) => new Date(r.time).getUTCSeconds()),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      records.map((r) => `${r.source.file.slice(set.length + 1)}:${String(r.source.line)}`),
      ['access.log.2.gz:1', 'access.log.2.gz:2', 'access.log.1:1', 'access.log:1', 'access.log:2'],
    );
    assert.deepEqual(new Set(formats.map(([, format]) => format)), new Set(['ingress-nginx']));
    assert.deepEqual(counters, { lines: 5, parsed: 5, malformed: 0, inputs: 3 });
  });

  it('reads stdin', async () => {
    const stdin = Readable.from([
      Buffer.from(`${ingressLine(1)}\n${ingressLine(2).slice(0, 50)}`),
      Buffer.from(`${ingressLine(2).slice(50)}\n`),
    ]);
    const { records } = await readAll(['-'], { stdin });
    assert.equal(records.length, 2);
    assert.equal(records[1]?.source.file, '-');
    assert.equal(records[1].source.line, 2);
  });

  it('counts and reports malformed lines with file:line, and goes on', async () => {
    const file = join(dir, 'mixed.log');
    writeFileSync(
      file,
      [ingressLine(1), 'garbage', '', ingressLine(2), ingressLine(3).slice(0, 40), ingressLine(4)].join('\n'),
    );
    const counters = newCounters();
    const { records, problems } = await readAll([file], { counters });
    assert.equal(records.length, 3);
    assert.deepEqual(
      problems.map((p) => `${p.file}:${String(p.line)}`),
      [`${file}:2`, `${file}:5`],
    );
    assert.deepEqual(counters, { lines: 5, parsed: 3, malformed: 2, inputs: 1 });
  });

  it('hands every record to a visitor, across chunks and multi-byte characters, as the readers do', async () => {
    const file = join(dir, 'large.log');
    // ~1 MB: several 256 KiB chunks, each decoded in pieces; `é` is two bytes, so one may straddle two chunks.
    const lines = Array.from({ length: 4000 }, (_, i) =>
      ingressLine(i % 60, `/caf\u00e9/${'é'.repeat(i % 7)}${String(i)}`),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const visited: string[] = [];
    let chunks = 0;
    const counters = newCounters();
    await visitAccessLogs(
      [file],
      { counters },
      (record) => visited.push(`${record.path}@${String(record.source.line)}`),
      () => chunks++,
    );
    const { records } = await readAll([file]);
    assert.deepEqual(
      visited,
      records.map((record) => `${record.path}@${String(record.source.line)}`),
    );
    assert.equal(visited.length, 4000);
    assert.equal(visited[3999], `/café/${'é'.repeat(3999 % 7)}3999@4000`);
    // Once per 256 KiB read (each gives records).
    assert.equal(chunks, Math.ceil(statSync(file).size / (256 * 1024)));
    assert.deepEqual(counters, { lines: 4000, parsed: 4000, malformed: 0, inputs: 1 });
  });

  it('reports an unrecognised format once and counts its lines as malformed', async () => {
    const file = join(dir, 'unknown.log');
    writeFileSync(file, 'hello\nworld\n');
    const counters = newCounters();
    const { records, problems } = await readAll([file], { counters });
    assert.equal(records.length, 0);
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /--log-format/);
    assert.equal(counters.malformed, 2);
  });

  it('uses a given log_format string', async () => {
    const file = join(dir, 'custom.log');
    writeFileSync(file, '2026-06-01T12:00:00+00:00 shop.example.com 203.0.113.7 GET /cart 200\n');
    const { records, formats } = await readAll([file], {
      logFormat: '$time_iso8601 $host $remote_addr $request_method $request_uri $status',
    });
    assert.equal(records[0]?.host, 'shop.example.com');
    assert.equal(records[0].path, '/cart');
    assert.deepEqual(formats, [[file, 'nginx-custom']]);
  });

  it('skips a line longer than the limit and reads on', async () => {
    const file = join(dir, 'huge.log');
    writeFileSync(file, `${ingressLine(1, `/${'a'.repeat(5 * 1024 * 1024)}`)}\n${ingressLine(2)}\n`);
    const { records, problems } = await readAll([file], { format: 'ingress-nginx' });
    assert.equal(records.length, 1);
    assert.equal(records[0]?.source.line, 2);
    assert.match(problems[0]?.message ?? '', /longer than/);
  });

  it('follows a growing file across rotation and truncation until aborted', async () => {
    const file = join(dir, 'follow.log');
    writeFileSync(file, `${ingressLine(1)}\n`);
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const batch of readAccessLogBatches([file], {
        follow: true,
        signal: controller.signal,
        pollMs: 10,
      })) {
        for (const record of batch) seen.push(`${record.path}@${String(record.source.line)}`);
      }
    })();
    const until = async (count: number): Promise<void> => {
      for (let i = 0; i < 300 && seen.length < count; i++) await sleep(10);
      assert.ok(seen.length >= count, `saw ${seen.join(' ')}`);
    };
    await until(1);
    appendFileSync(file, `${ingressLine(2, '/two')}\n`);
    await until(2);
    // logrotate by rename: the rest of the old file is read, then the new file from its start.
    appendFileSync(file, `${ingressLine(3, '/three')}\n`);
    renameSync(file, `${file}.1`);
    writeFileSync(file, `${ingressLine(4, '/four')}\n`);
    await until(4);
    // copytruncate (the new content is shorter than what was read: seen as truncation whatever the timing)
    truncateSync(file, 0);
    await sleep(50);
    appendFileSync(file, `${ingressLine(5, '/5')}\n`);
    await until(5);
    controller.abort();
    await reading;
    assert.deepEqual(seen, ['/@1', '/two@2', '/three@3', '/four@1', '/5@1']);
  });
});
