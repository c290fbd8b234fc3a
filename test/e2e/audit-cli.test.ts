/**
 * `gatewatch audit` end to end through `main(argv, io)`: the JSON contract validated against
 * schemas/audit.v1.schema.json, text grouped by severity, exit codes, a second run adding nothing,
 * stdin, malformed lines, configuration and alert sinks (a file, and a webhook on loopback).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { EXIT, main } from '../../src/cli/main.ts';
import type { AuditResult } from '../../src/ledger/alerts/audit-report.ts';
import { fakeIo, type FakeIo } from '../helpers/fake-io.ts';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'audit', 'detections');

function auditValidator(): ReturnType<InstanceType<typeof Ajv2020>['compile']> {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(
    JSON.parse(readFileSync(join(ROOT, 'schemas', 'audit.v1.schema.json'), 'utf8')) as object,
  );
}

describe('gatewatch audit', () => {
  let dir = '';
  const validate = auditValidator();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-audit-cli-'));
    copyFileSync(join(FIXTURES, 'ingress-tls-removed', 'fire-json-patch.jsonl'), join(dir, 'tls.jsonl'));
    copyFileSync(join(FIXTURES, 'change-denied-burst', 'fire-rbac-403s.jsonl'), join(dir, 'denied.jsonl'));
    copyFileSync(join(FIXTURES, 'ingress-created', 'fire-kubectl-apply.jsonl'), join(dir, 'created.jsonl'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[], stdin?: string): Promise<{ code: number; io: FakeIo }> {
    const io = fakeIo({ cwd: dir, ...(stdin === undefined ? {} : { stdin }) });
    const code = await main(args, io);
    return { code, io };
  }

  it('-o json follows schemas/audit.v1.schema.json and the spec contract', async () => {
    const { code, io } = await run(['audit', 'tls.jsonl', 'denied.jsonl', '--db', 'json.db', '-o', 'json']);
    assert.equal(code, EXIT.findings, 'an error alert fails the run (--fail-on error)');
    const result = JSON.parse(io.out()) as AuditResult;
    assert.ok(validate(result), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.deepEqual(result.input, { files: 2, events: 8, malformed: 0, duplicates: 0 });
    assert.equal(result.changes, 8);
    const ids = result.alerts.map((a) => a.detectionId);
    assert.ok(ids.includes('ingress-tls-removed'));
    assert.ok(ids.includes('change-denied-burst'));
    const tls = result.alerts.find((a) => a.detectionId === 'ingress-tls-removed');
    assert.deepEqual(tls?.object, {
      apiGroup: 'networking.k8s.io',
      resource: 'ingresses',
      kind: 'Ingress',
      namespace: 'shop',
      name: 'web',
    });
    assert.deepEqual(tls.details.removed, ['spec.tls[0]']);
  });

  it('a second run over the same files adds nothing and alerts nothing', async () => {
    const { code, io } = await run(['audit', 'tls.jsonl', 'denied.jsonl', '--db', 'json.db', '-o', 'json']);
    assert.equal(code, EXIT.ok);
    const result = JSON.parse(io.out()) as AuditResult;
    assert.equal(result.changes, 0);
    assert.deepEqual(result.alerts, []);
    const again = await run(['audit', 'tls.jsonl', '--db', 'json.db', '-o', 'json', '--no-resume']);
    const reread = JSON.parse(again.io.out()) as AuditResult;
    assert.equal(reread.input.duplicates, 2, 'read again: every tracked event is a duplicate');
    assert.equal(reread.changes, 0);
  });

  it('text groups alerts by severity, most severe first', async () => {
    const { code, io } = await run(['audit', 'tls.jsonl', 'denied.jsonl', '--db', 'text.db']);
    assert.equal(code, EXIT.findings);
    const out = io.out();
    assert.match(out, /^2 files, 8 events \(0 malformed, 0 duplicates\), 8 new changes, \d+ alerts\n/);
    const errors = out.indexOf('\nErrors (1)\n');
    const warnings = out.indexOf('\nWarnings (1)\n');
    const info = out.indexOf('\nInfo (');
    assert.ok(errors > 0 && warnings > errors && info > warnings, out);
    assert.match(
      out,
      /ingress-tls-removed {2}Ingress shop\/web\n {4}TLS removed from Ingress shop\/web for shop\.example\.com\n/,
    );
    assert.match(out, / {4}patch by alice@example\.com from 203\.0\.113\.10 with kubectl\//);
  });

  it('--fail-on none and info alerts only: exit 0', async () => {
    assert.equal((await run(['audit', 'created.jsonl', '--db', 'info.db'])).code, EXIT.ok);
    assert.equal((await run(['audit', 'tls.jsonl', '--db', 'none.db', '--fail-on', 'none'])).code, EXIT.ok);
  });

  it('reads stdin (-) and reports malformed lines with file:line (exit 3)', async () => {
    const text = `${readFileSync(join(dir, 'created.jsonl'), 'utf8')}{"kind":"Event", truncated\n`;
    const { code, io } = await run(['audit', '-', '--db', 'stdin.db', '-o', 'json'], text);
    assert.equal(code, EXIT.partial);
    const result = JSON.parse(io.out()) as AuditResult;
    assert.ok(validate(result), JSON.stringify(validate.errors));
    assert.equal(result.input.malformed, 1);
    assert.equal(result.problems[0]?.line, 2);
    assert.deepEqual(
      result.alerts.map((a) => a.detectionId),
      ['ingress-created'],
    );
  });

  it('streams a large stdin (-) into the ledger as it arrives, in bounded memory', async () => {
    const MiB = 1024 * 1024;
    const create = readFileSync(join(dir, 'created.jsonl'), 'utf8');
    const noise = JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: 'd0c5a1e2-0000-4000-8000-000000000000',
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/shop/pods/web-1',
      verb: 'get',
      user: { username: 'system:node:worker-1', groups: ['system:nodes', 'system:authenticated'] },
      sourceIPs: ['10.0.1.7'],
      userAgent: 'kubelet/v1.33.1 (linux/amd64) kubernetes/8adc0f0',
      objectRef: { resource: 'pods', namespace: 'shop', name: 'web-1', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 },
      stageTimestamp: '2026-05-01T00:00:00.000001Z',
    });
    const block = `${Array.from({ length: 128 }, () => noise).join('\n')}\n`;
    const total = 128 * MiB;
    const memory = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const start = memory();
    let produced = 0;
    let blocks = 0;
    let alertedAt: number | undefined;
    let growth = 0;
    // Written as it is read: the stream asks for the next block only when the ingest wants it.
    async function* input(): AsyncGenerator<string> {
      yield create;
      while (produced < total) {
        if (alertedAt === undefined && io.out().includes('"ingress-created"')) alertedAt = produced;
        growth = Math.max(growth, memory() - start);
        produced += block.length;
        blocks++;
        yield await Promise.resolve(block);
      }
    }
    const io = fakeIo({ cwd: dir, stdin: Readable.from(input()) });
    const args = ['audit', '-', '--db', 'large.db', '--alert-sink', 'stdout', '-o', 'json'];
    const code = await main([...args, '--output-file', 'large.json'], io);
    assert.equal(code, EXIT.ok);
    const result = JSON.parse(readFileSync(join(dir, 'large.json'), 'utf8')) as AuditResult;
    assert.deepEqual(result.input, { files: 1, events: 1 + blocks * 128, malformed: 0, duplicates: 0 });
    assert.equal(result.changes, 1);
    assert.ok(
      alertedAt !== undefined && alertedAt < 16 * MiB,
      `the first event is ingested (and alerted) while stdin is still being written (${String(alertedAt)})`,
    );
    assert.ok(
      growth < 64 * MiB,
      `memory grew by ${String(Math.round(growth / MiB))} MiB for 128 MiB of stdin`,
    );
  });

  it('.gatewatch.yaml accountability settings apply; --disable switches a detection off', async () => {
    writeFileSync(
      join(dir, 'strict.yaml'),
      'accountability:\n  allowedActors: [system:serviceaccount:argocd:*]\n',
    );
    const { io } = await run([
      'audit',
      'created.jsonl',
      '--db',
      'cfg.db',
      '-o',
      'json',
      '--config',
      'strict.yaml',
    ]);
    const ids = (JSON.parse(io.out()) as AuditResult).alerts.map((a) => a.detectionId);
    assert.deepEqual(ids.sort(), ['change-unexpected-actor', 'ingress-created']);
    const off = await run([
      'audit',
      'created.jsonl',
      '--db',
      'off.db',
      '-o',
      'json',
      '--disable',
      'ingress-created',
    ]);
    assert.deepEqual((JSON.parse(off.io.out()) as AuditResult).alerts, []);
  });

  it('usage errors: no input, unknown detection, bad sink, bad config, missing file', async () => {
    assert.equal((await run(['audit'])).code, EXIT.usage);
    const unknown = await run(['audit', 'tls.jsonl', '--db', 'u.db', '--disable', 'no-such-detection']);
    assert.equal(unknown.code, EXIT.usage);
    assert.match(unknown.io.err(), /unknown detection id: no-such-detection/);
    const sink = await run(['audit', 'tls.jsonl', '--db', 'u.db', '--alert-sink', 'syslog:x']);
    assert.equal(sink.code, EXIT.usage);
    writeFileSync(join(dir, 'bad.yaml'), 'accountability:\n  deniedBurst: { window: soon }\n');
    const bad = await run(['audit', 'tls.jsonl', '--db', 'u.db', '--config', 'bad.yaml']);
    assert.equal(bad.code, EXIT.usage);
    assert.match(bad.io.err(), /bad\.yaml:\d+: invalid config: .*duration/);
    const missing = await run(['audit', 'nope.jsonl', '--db', 'u.db']);
    assert.equal(missing.code, EXIT.usage);
    assert.match(missing.io.err(), /nope\.jsonl: no such file or directory/);
  });

  it('--alert-sink file: and webhook: receive every alert as JSON', async () => {
    const received: unknown[] = [];
    const server: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/alerts`;
    try {
      const { io } = await run([
        'audit',
        'tls.jsonl',
        '--db',
        'sinks.db',
        '-o',
        'json',
        '--alert-sink',
        'file:alerts.jsonl',
        '--alert-sink',
        `webhook:${url}`,
      ]);
      const printed = (JSON.parse(io.out()) as AuditResult).alerts;
      const lines = readFileSync(join(dir, 'alerts.jsonl'), 'utf8').trimEnd().split('\n');
      assert.deepEqual(
        lines.map((line) => JSON.parse(line) as unknown),
        printed,
      );
      assert.deepEqual(received, printed);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
  });
});
