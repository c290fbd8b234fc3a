/**
 * A real nginx with ingress-nginx's upstreaminfo log_format, fed real HTTP requests: every line it
 * writes must parse with the ingress-nginx parser, be auto-detected as such, and carry what was sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createLineParser,
  detectFormat,
  newCounters,
  readAccessLogs,
  type AccessRecord,
  type ParseProblem,
} from '../../src/sources/access/index.ts';
import { startNginx, type NginxFixture, type SentRequest } from '../helpers/nginx.ts';

interface Expectation {
  readonly sent: SentRequest;
  readonly status: number;
  readonly path: string;
  readonly decodedPath: string;
  readonly query: string;
  readonly upstreamName: string;
  readonly proxied: boolean;
}

const EXPECTATIONS: readonly Expectation[] = [
  {
    sent: {
      host: 'shop.example.com',
      path: '/',
      clientIp: '203.0.113.7',
      userAgent: 'Mozilla/5.0 "quoted" \\ (X11)',
      referer: 'https://shop.example.com/cart',
    },
    status: 200,
    path: '/',
    decodedPath: '/',
    query: '',
    upstreamName: 'shop-web-80',
    proxied: true,
  },
  {
    sent: {
      host: 'api.example.com',
      path: '/api/v1/orders?dry_run=1',
      method: 'POST',
      clientIp: '2001:db8::1',
      userAgent: 'okhttp/4.12.0',
      body: 'item=42',
    },
    status: 200,
    path: '/api/v1/orders',
    decodedPath: '/api/v1/orders',
    query: 'dry_run=1',
    upstreamName: 'shop-api-8080',
    proxied: true,
  },
  {
    sent: {
      host: 'shop.example.com',
      path: '/status/503',
      clientIp: '198.51.100.23',
      userAgent: 'curl/8.5.0',
    },
    status: 503,
    path: '/status/503',
    decodedPath: '/status/503',
    query: '',
    upstreamName: 'shop-web-80',
    proxied: true,
  },
  {
    sent: { host: 'shop.example.com', path: '/static/caf%C3%A9%20menu.pdf', clientIp: '192.0.2.44' },
    status: 200,
    path: '/static/caf%C3%A9%20menu.pdf',
    decodedPath: '/static/café menu.pdf',
    query: '',
    upstreamName: 'shop-web-80',
    proxied: true,
  },
  {
    sent: {
      host: 'unknown.example.net',
      path: '/.env',
      clientIp: '192.0.2.45',
      userAgent: 'Go-http-client/1.1',
    },
    status: 404,
    path: '/.env',
    decodedPath: '/.env',
    query: '',
    upstreamName: 'upstream-default-backend',
    proxied: false,
  },
];

describe('real nginx writing ingress-nginx upstreaminfo logs', () => {
  let nginx: NginxFixture;
  let lines: string[];
  let started: number;

  before(async () => {
    nginx = await startNginx();
    started = Date.now();
    for (const expectation of EXPECTATIONS) {
      const response = await nginx.send(expectation.sent);
      assert.equal(response.status, expectation.status, `${expectation.sent.host}${expectation.sent.path}`);
    }
    lines = await nginx.waitForLines(EXPECTATIONS.length);
  });

  after(async () => {
    await nginx.stop();
  });

  it('is detected as ingress-nginx', () => {
    assert.equal(detectFormat(lines)?.format, 'ingress-nginx');
  });

  it('parses every line with what was sent', () => {
    const parser = createLineParser('ingress-nginx');
    assert.equal(lines.length, EXPECTATIONS.length);
    for (const [index, expectation] of EXPECTATIONS.entries()) {
      const line = lines[index] ?? '';
      const record = parser.parse(line, nginx.logPath, index + 1);
      assert.notEqual(typeof record, 'string', `${typeof record === 'string' ? record : '?'}: ${line}`);
      const parsed = record as AccessRecord;
      const { sent } = expectation;
      assert.equal(parsed.clientIp, sent.clientIp);
      assert.equal(parsed.method, sent.method ?? 'GET');
      assert.equal(parsed.path, expectation.path);
      assert.equal(parsed.decodedPath, expectation.decodedPath);
      assert.equal(parsed.query, expectation.query);
      assert.equal(parsed.protocol, 'HTTP/1.1');
      assert.equal(parsed.status, expectation.status);
      assert.equal(parsed.userAgent, sent.userAgent);
      assert.equal(parsed.referer, sent.referer);
      assert.equal(parsed.upstreamName, expectation.upstreamName);
      assert.equal(parsed.alternativeUpstreamName, undefined);
      assert.equal(parsed.host, undefined, 'the upstreaminfo format has no host');
      assert.match(parsed.requestId ?? '', /^[0-9a-f]{32}$/);
      assert.ok(parsed.bytesSent > 0);
      assert.ok(parsed.requestTime !== undefined && parsed.requestTime >= 0);
      assert.ok(
        parsed.time >= Math.floor(started / 1000) * 1000 - 60_000 && parsed.time <= Date.now() + 1000,
      );
      if (expectation.proxied) {
        assert.deepEqual(parsed.upstreamAddrs, [`127.0.0.1:${String(nginx.backendPort)}`]);
        assert.equal(parsed.upstreamStatus, String(expectation.status));
        assert.ok(parsed.upstreamResponseTime !== undefined);
      } else {
        assert.deepEqual(parsed.upstreamAddrs, []);
        assert.equal(parsed.upstreamResponseTime, undefined);
      }
    }
  });

  it('reads the log file end to end with detection', async () => {
    const counters = newCounters();
    const problems: ParseProblem[] = [];
    const records: AccessRecord[] = [];
    for await (const record of readAccessLogs([nginx.logPath], {
      counters,
      onProblem: (p) => problems.push(p),
    })) {
      records.push(record);
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(counters, {
      lines: EXPECTATIONS.length,
      parsed: EXPECTATIONS.length,
      malformed: 0,
      inputs: 1,
    });
    assert.deepEqual(
      records.map((r) => r.source.line),
      EXPECTATIONS.map((_, i) => i + 1),
    );
  });
});
