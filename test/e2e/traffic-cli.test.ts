/**
 * `gatewatch traffic` end to end through `main(argv, io)`: text for an operator, JSON validated against
 * schemas/traffic.v1.schema.json, stdin and .gz, exit codes, the config's `traffic:` section, usage
 * errors, and the traffic section of `gatewatch report --access-log` (self-contained, escaped).
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { EXIT, main } from '../../src/cli/main.ts';
import { runTraffic } from '../../src/cli/traffic-command.ts';
import type { TrafficResult } from '../../src/traffic/result.ts';
import { fakeIo, type FakeIo } from '../helpers/fake-io.ts';
import { TRAFFIC_MANIFESTS } from '../helpers/traffic.ts';
import { upstreamInfoLine } from '../../bench/traffic-data.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const T0 = Date.UTC(2026, 4, 1, 12);

function validator(): ReturnType<InstanceType<typeof Ajv2020Module.default>['compile']> {
  const ajv = new Ajv2020Module.default({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormatsModule.default(ajv);
  return ajv.compile(
    JSON.parse(readFileSync(join(ROOT, 'schemas', 'traffic.v1.schema.json'), 'utf8')) as object,
  );
}

function line(fields: {
  ip?: string;
  at?: number;
  method?: string;
  target?: string;
  status?: number;
  upstream?: string;
  userAgent?: string;
}): string {
  return upstreamInfoLine({
    ip: fields.ip ?? '203.0.113.10',
    time: T0 + (fields.at ?? 0),
    method: fields.method ?? 'GET',
    target: fields.target ?? '/',
    status: fields.status ?? 200,
    bytes: 612,
    userAgent: fields.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64; rv:137.0) Gecko/20100101 Firefox/137.0',
    requestTime: 0.012,
    upstream: fields.upstream ?? 'shop-web-80',
    upstreamAddr: fields.upstream === 'upstream-default-backend' ? '127.0.0.1:8181' : '10.244.0.5:8080',
    requestId: 'a1b2c3',
  });
}

/** Normal browsing, a brute force on /login (one success after), an XSS probe with hostile text, an unknown host. */
function accessLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++)
    lines.push(
      line({ ip: `203.0.113.${String(i % 7)}`, at: i * 1000, target: i % 2 ? '/' : '/static/app.css' }),
    );
  for (let i = 0; i < 12; i++)
    lines.push(
      line({
        ip: '198.51.100.66',
        at: 40_000 + i * 2000,
        method: 'POST',
        target: '/login',
        status: 401,
        upstream: 'accounts-auth-80',
      }),
    );
  lines.push(
    line({
      ip: '198.51.100.66',
      at: 70_000,
      method: 'POST',
      target: '/login',
      status: 200,
      upstream: 'accounts-auth-80',
    }),
  );
  lines.push(
    line({
      ip: '192.0.2.99',
      at: 80_000,
      target: '/search?q=%3Cscript%3Ealert(%22%1b[31m%22)%3C/script%3E',
      status: 404,
    }),
  );
  lines.push(line({ ip: '192.0.2.50', at: 90_000, upstream: 'upstream-default-backend', status: 404 }));
  lines.push(line({ ip: '192.0.2.51', at: 95_000, upstream: '<svg/onload=alert(1)>' }));
  lines.push('this line is not an access log line');
  return `${lines.join('\n')}\n`;
}

describe('gatewatch traffic', () => {
  let dir = '';
  const validate = validator();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-traffic-cli-'));
    writeFileSync(join(dir, 'access.log'), accessLog());
    writeFileSync(join(dir, 'access.log.1.gz'), gzipSync(accessLog()));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[], stdin?: string): Promise<{ code: number; io: FakeIo }> {
    const io = fakeIo({ cwd: dir, ...(stdin === undefined ? {} : { stdin }) });
    const code = await main(args, io);
    return { code, io };
  }

  it('text tells an operator what is erroring, who attacks what, which hosts and routes nobody uses', async () => {
    const { code, io } = await run(['traffic', 'access.log', '-f', TRAFFIC_MANIFESTS]);
    const out = io.out();
    assert.equal(code, EXIT.findings, 'the brute force with a later success is an error');
    assert.match(out, /^gatewatch traffic: 46 requests/m);
    assert.match(out, /1 unparsable line/);
    assert.match(out, /access\.log:47: /);
    assert.match(out, /ERROR\s+traffic-brute-force\s+198\.51\.100\.66 got 12 denied responses/);
    assert.match(out, /route: Ingress accounts\/login shop\.example\.com\/login/);
    assert.match(out, /access\.log:31 {2}198\.51\.100\.66 POST \/login → 401/);
    assert.match(out, /Who is attacking what\n {2}CLIENT.*\n {2}198\.51\.100\.66 .*brute-force/);
    assert.match(out, /traffic-xss-probe/);
    assert.match(out, /Which hosts nobody routes\n {2}1 request answered by the default backend/);
    assert.match(
      out,
      /Which routes nobody uses\n(?: {2}.*\n)*? {2}Ingress legacy\/admin legacy\.example\.com\//,
    );
    assert.ok(!out.includes('\u001b'), 'no escape sequence from the log reaches the terminal');
  });

  it('-o json follows schemas/traffic.v1.schema.json', async () => {
    const { code, io } = await run([
      'traffic',
      'access.log',
      '-f',
      TRAFFIC_MANIFESTS,
      '-o',
      'json',
      '--fail-on',
      'none',
    ]);
    assert.equal(code, EXIT.ok);
    const result = JSON.parse(io.out()) as TrafficResult;
    assert.ok(validate(result), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(result.schemaVersion, 1);
    assert.equal(result.inputs.malformed, 1);
    assert.deepEqual(result.inputs.formats, [{ file: 'access.log', format: 'ingress-nginx' }]);
    assert.equal(result.routeTable.source, 'files');
    const ids = new Set(result.alerts.map((a) => a.detectionId));
    for (const id of [
      'traffic-brute-force',
      'traffic-xss-probe',
      'traffic-unknown-host',
      'traffic-route-unused',
    ])
      assert.ok(ids.has(id), id);
    const brute = result.alerts.find((a) => a.detectionId === 'traffic-brute-force');
    assert.equal(brute?.route?.kind, 'Ingress');
    assert.equal(brute.route.file !== null, true);
    assert.equal(brute.samples[0]?.file, 'access.log');
  });

  it('reads stdin and .gz; without manifests the table-bound detections are not checked', async () => {
    const { code, io } = await run(
      ['traffic', '-', 'access.log.1.gz', '-o', 'json', '--fail-on', 'none'],
      accessLog(),
    );
    assert.equal(code, EXIT.ok);
    const result = JSON.parse(io.out()) as TrafficResult;
    assert.ok(validate(result), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(result.totals.requests, 92);
    assert.deepEqual(result.inputs.files, ['stdin', 'access.log.1.gz']);
    assert.equal(result.routeTable.source, 'none');
    assert.deepEqual(
      result.notChecked.map((n) => n.detectionId),
      ['traffic-unrouted-upstream', 'traffic-route-unused'],
    );
  });

  it('the config file sets thresholds and severities', async () => {
    writeFileSync(
      join(dir, '.gatewatch.yaml'),
      'traffic:\n  bruteForce:\n    count: 20\n  detections:\n    traffic-xss-probe: off\n',
    );
    try {
      const { io } = await run(['traffic', 'access.log', '-f', TRAFFIC_MANIFESTS, '-o', 'json']);
      const ids = new Set((JSON.parse(io.out()) as TrafficResult).alerts.map((a) => a.detectionId));
      assert.ok(!ids.has('traffic-brute-force'));
      assert.ok(!ids.has('traffic-xss-probe'));
      writeFileSync(join(dir, '.gatewatch.yaml'), 'traffic:\n  detections:\n    traffic-nope: off\n');
      const bad = await run(['traffic', 'access.log']);
      assert.equal(bad.code, EXIT.usage);
      assert.match(bad.io.err(), /unknown detection id traffic-nope/);
    } finally {
      rmSync(join(dir, '.gatewatch.yaml'));
    }
  });

  it('usage errors: no log, a bad --log-format, a missing file', async () => {
    assert.equal((await run(['traffic'])).code, EXIT.usage);
    const format = await run(['traffic', 'access.log', '--log-format', 'apache']);
    assert.equal(format.code, EXIT.usage);
    assert.match(format.io.err(), /--log-format/);
    const missing = await run(['traffic', 'nope.log']);
    assert.equal(missing.code, EXIT.usage);
    assert.match(missing.io.err(), /cannot read the access log/);
  });

  it('--log-format takes an nginx log_format string', async () => {
    writeFileSync(
      join(dir, 'custom.log'),
      '203.0.113.1 shop.example.com [01/May/2026:12:00:00 +0000] "GET /.env HTTP/1.1" 404\n',
    );
    const { io } = await run([
      'traffic',
      'custom.log',
      '-f',
      TRAFFIC_MANIFESTS,
      '--log-format',
      '$remote_addr $host [$time_local] "$request" $status',
      '-o',
      'json',
    ]);
    const result = JSON.parse(io.out()) as TrafficResult;
    assert.equal(result.totals.requests, 1);
    assert.ok(result.alerts.some((a) => a.detectionId === 'traffic-sensitive-file-probe'));
  });

  it('report --access-log adds a self-contained traffic section with an inline SVG chart', async () => {
    const { code, io } = await run([
      'report',
      TRAFFIC_MANIFESTS,
      '--access-log',
      'access.log',
      '-o',
      'html',
      '--fail-on',
      'none',
    ]);
    assert.equal(code, EXIT.ok);
    const page = io.out();
    assert.match(page, /<section class="card" id="traffic"/);
    assert.match(page, /<svg[^>]*role="img"/);
    assert.match(page, /<polyline\s/);
    assert.match(page, /traffic-brute-force/);
    assert.ok(!page.includes('<svg/onload'), 'log text is escaped');
    assert.match(page, /&lt;svg\/onload=alert\(1\)&gt;/);
    assert.ok(!/\ssrc="|<link\b|<img\b|url\(/i.test(page), 'nothing loads from the network');
  });

  it('--follow prints alerts as they are raised, and the report when stopped', async () => {
    writeFileSync(join(dir, 'growing.log'), `${line({ at: 0 })}\n`);
    const io = fakeIo({ cwd: dir });
    const stop = new AbortController();
    const running = runTraffic(
      ['growing.log'],
      { filename: [], color: false, output: 'text', follow: true, failOn: 'none' },
      io,
      stop.signal,
    );
    await sleep(300);
    const burst = Array.from({ length: 12 }, (_, i) =>
      line({
        ip: '198.51.100.9',
        at: 1000 + i * 1000,
        method: 'POST',
        target: '/login',
        status: 401,
        upstream: 'accounts-auth-80',
      }),
    );
    appendFileSync(join(dir, 'growing.log'), `${burst.join('\n')}\n`);
    const deadline = Date.now() + 10_000;
    while (!io.err().includes('traffic-brute-force') && Date.now() < deadline) {
      await sleep(100);
      // New alerts are looked for once a second, after a batch: a later line makes the next batch.
      appendFileSync(join(dir, 'growing.log'), `${line({ at: 20_000 })}\n`);
    }
    stop.abort();
    assert.equal(await running, EXIT.ok);
    assert.match(io.err(), /WARNING traffic-brute-force: 198\.51\.100\.9 got \d+ denied responses/);
    assert.match(io.out(), /^gatewatch traffic: \d+ requests/m);
  });
});
