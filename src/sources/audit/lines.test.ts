import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditLine } from '../../../test/helpers/audit-events.ts';
import { isPending, JsonLinesScanner, PARSE_ALL, type LineFilter } from './lines.ts';

const ONLY_INGRESSES: LineFilter = {
  byResource: (resource) =>
    resource === 'ingresses' ? 'parse' : resource === 'secrets' ? 'inspect' : 'skip',
  inspect: (facts) => (facts.verb === 'get' ? 'defer' : 'skip'),
};

const ingressLine = auditLine({ auditID: 'ing-1' });
const podLine = auditLine({
  auditID: 'pod-1',
  level: 'Metadata',
  verb: 'get',
  objectRef: { resource: 'pods', namespace: 'shop', name: 'web-1', apiVersion: 'v1' },
});
const secretLine = auditLine({
  auditID: 'sec-1',
  level: 'Metadata',
  verb: 'get',
  objectRef: { resource: 'secrets', namespace: 'shop', name: 'shop-tls', apiVersion: 'v1' },
});
const receivedLine = auditLine({ auditID: 'ing-0', stage: 'RequestReceived' });

function scanAll(
  text: string,
  filter: LineFilter = PARSE_ALL,
  chunk = 7,
): ReturnType<JsonLinesScanner['push']>[] {
  const scanner = new JsonLinesScanner({ filter });
  const bytes = Buffer.from(text);
  const outs = [];
  for (let i = 0; i < bytes.length; i += chunk) outs.push(scanner.push(bytes.subarray(i, i + chunk)));
  outs.push(scanner.end());
  return outs;
}

function collect(outs: ReturnType<typeof scanAll>) {
  return {
    records: outs.flatMap((o) => o.records),
    problems: outs.flatMap((o) => o.problems),
    events: outs.reduce((n, o) => n + o.events, 0),
    endOffset: outs.at(-1)?.endOffset,
    endLine: outs.at(-1)?.endLine,
  };
}

describe('JsonLinesScanner', () => {
  it('parses only the lines the filter wants, counting every event', () => {
    const text = [receivedLine, podLine, ingressLine, secretLine, ''].join('\n');
    const out = collect(scanAll(text, ONLY_INGRESSES));
    assert.equal(out.events, 4);
    assert.deepEqual(out.problems, []);
    const [parsed, pending] = out.records;
    assert.ok(parsed && !isPending(parsed));
    assert.equal(parsed.event.auditID, 'ing-1');
    assert.equal(parsed.line, 3);
    assert.ok(pending && isPending(pending));
    assert.deepEqual(
      { ...pending.facts },
      {
        stage: 'ResponseComplete',
        verb: 'get',
        resource: 'secrets',
        subresource: '',
        apiGroup: '',
        namespace: 'shop',
        name: 'shop-tls',
      },
    );
    assert.equal(pending.line, 4);
    assert.equal(out.records.length, 2, 'RequestReceived and pods are never parsed');
  });

  it('gives the same result whatever the chunk size, with offsets at line ends', () => {
    const text = `${[podLine, ingressLine, ingressLine.replace('ing-1', 'ing-2')].join('\n')}\n`;
    for (const chunk of [1, 5, 64, 100_000]) {
      const out = collect(scanAll(text, ONLY_INGRESSES, chunk));
      assert.deepEqual(
        out.records.map((r) => (isPending(r) ? 'pending' : r.event.auditID)),
        ['ing-1', 'ing-2'],
      );
      assert.equal(out.endOffset, Buffer.byteLength(text));
      assert.equal(out.endLine, 3);
    }
  });

  it('reports malformed and truncated lines with their line number, never throws', () => {
    const text = [
      ingressLine,
      'not json',
      '{"kind":"Event"',
      '{"kind":"Pod"}',
      '',
      ingressLine.slice(0, 50),
    ].join('\n');
    const out = collect(scanAll(text));
    assert.deepEqual(
      out.problems.map((p) => p.line),
      [2, 3, 4, 6],
    );
    assert.match(out.problems[2]?.message ?? '', /kind is "Pod"/);
    assert.equal(out.events, 1);
  });

  it('reads lines in another key order or with spaces through the slow path', () => {
    const event = JSON.parse(ingressLine) as Record<string, unknown>;
    const reordered = JSON.stringify({ stageTimestamp: event.stageTimestamp, ...event }, null, 0);
    const spaced = JSON.stringify(event).replace(/,"/g, ', "');
    const out = collect(scanAll([reordered, spaced].join('\r\n'), ONLY_INGRESSES));
    assert.equal(out.records.length, 2);
    assert.equal(out.events, 2);
  });

  it('expands a one-line EventList', () => {
    const list = JSON.stringify({
      kind: 'EventList',
      apiVersion: 'audit.k8s.io/v1',
      items: [JSON.parse(ingressLine), JSON.parse(podLine)],
    });
    const out = collect(scanAll(list));
    assert.equal(out.events, 2);
    assert.equal(out.records.length, 2);
  });

  it('skips a line longer than the limit and reports it', () => {
    const scanner = new JsonLinesScanner({ maxLineBytes: 100 });
    const outs = [
      scanner.push(Buffer.from(`{"kind":"Event",${'x'.repeat(80)}`)),
      scanner.push(Buffer.from(`${'y'.repeat(80)}}\n${ingressLine}\n`)),
      scanner.end(),
    ];
    const out = collect(outs);
    assert.deepEqual(
      out.problems.map((p) => [p.line, /longer than 100/.test(p.message)]),
      [[1, true]],
    );
    assert.equal(out.records.length, 1);
    assert.equal(out.records[0]?.line, 2);
  });
});
