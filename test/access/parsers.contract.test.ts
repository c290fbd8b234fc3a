/**
 * Parser contract: the same logical requests written in every format must come back as the same
 * AccessRecord fields — each format is held to the fields it can carry. Plus malformed lines per
 * format, and the log_format compiler against the dedicated ingress-nginx and combined parsers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  INGRESS_NGINX_LOG_FORMAT,
  NGINX_COMBINED_LOG_FORMAT,
  compileNginxLogFormat,
  createLineParser,
  detectFormat,
  type AccessRecord,
  type LogFormat,
} from '../../src/sources/access/index.ts';

interface LogicalRequest {
  readonly name: string;
  readonly time: number;
  readonly clientIp: string;
  readonly method: string;
  /** Target as sent: path (percent-encoded) and query. */
  readonly path: string;
  readonly query: string;
  readonly decodedPath: string;
  readonly protocol: string;
  readonly host: string;
  readonly status: number;
  readonly bytesSent: number;
  readonly requestTime: number;
  /** nginx upstream groups: [[a, b], [c]] is logged `a, b : c`. */
  readonly upstreams: readonly (readonly string[])[];
  /** Seconds per upstream, same shape as `upstreams`. */
  readonly upstreamTimes: readonly (readonly number[])[];
  readonly upstreamName?: string;
  readonly userAgent?: string;
  readonly referer?: string;
  readonly requestId: string;
}

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const HUGE_QUERY = `q=${'A'.repeat(20_000)}`;
const HUGE_AGENT = `Mozilla/5.0 ${'x'.repeat(8_000)}`;

const REQUESTS: readonly LogicalRequest[] = [
  {
    name: 'plain browsing',
    time: T0,
    clientIp: '203.0.113.7',
    method: 'GET',
    path: '/',
    query: '',
    decodedPath: '/',
    protocol: 'HTTP/1.1',
    host: 'shop.example.com',
    status: 200,
    bytesSent: 612,
    requestTime: 0.004,
    upstreams: [['10.244.1.5:8080']],
    upstreamTimes: [[0.003]],
    upstreamName: 'shop-web-80',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0',
    referer: 'https://shop.example.com/cart',
    requestId: '5b1f0e0c2a6f4d2e9a3b7c8d9e0f1a2b',
  },
  {
    name: 'IPv6 client, POST with a query',
    time: T0 + 1000,
    clientIp: '2001:db8::1',
    method: 'POST',
    path: '/api/v1/orders',
    query: 'dry_run=1&x=%20y',
    decodedPath: '/api/v1/orders',
    protocol: 'HTTP/1.1',
    host: 'api.example.com',
    status: 201,
    bytesSent: 88,
    requestTime: 0.123,
    upstreams: [['10.244.2.9:9000']],
    upstreamTimes: [[0.12]],
    upstreamName: 'orders-api-9000',
    userAgent: 'okhttp/4.12.0',
    requestId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  },
  {
    name: 'quotes and a backslash in the user agent',
    time: T0 + 2000,
    clientIp: '198.51.100.23',
    method: 'GET',
    path: '/products',
    query: '',
    decodedPath: '/products',
    protocol: 'HTTP/1.1',
    host: 'shop.example.com',
    status: 200,
    bytesSent: 2048,
    requestTime: 0.01,
    upstreams: [['10.244.1.5:8080']],
    upstreamTimes: [[0.009]],
    upstreamName: 'shop-web-80',
    userAgent: 'Mozilla/5.0 "quoted" (compatible; C:\\bot)',
    requestId: '11111111111111111111111111111111',
  },
  {
    name: 'URL-encoded path (UTF-8 and a traversal)',
    time: T0 + 3000,
    clientIp: '192.0.2.44',
    method: 'GET',
    path: '/static/caf%C3%A9/..%2F..%2Fetc%2Fpasswd',
    query: '',
    decodedPath: '/static/café/../../etc/passwd',
    protocol: 'HTTP/1.1',
    host: 'shop.example.com',
    status: 400,
    bytesSent: 150,
    requestTime: 0.001,
    upstreams: [['10.244.1.5:8080']],
    upstreamTimes: [[0.001]],
    upstreamName: 'shop-web-80',
    userAgent: 'curl/8.5.0',
    requestId: '22222222222222222222222222222222',
  },
  {
    name: 'no upstream (answered by the proxy itself)',
    time: T0 + 4000,
    clientIp: '192.0.2.45',
    method: 'GET',
    path: '/favicon.ico',
    query: '',
    decodedPath: '/favicon.ico',
    protocol: 'HTTP/1.1',
    host: 'unknown.example.net',
    status: 404,
    bytesSent: 146,
    requestTime: 0,
    upstreams: [],
    upstreamTimes: [],
    userAgent: 'curl/8.5.0',
    requestId: '33333333333333333333333333333333',
  },
  {
    name: 'several upstreams tried (retry, then another group)',
    time: T0 + 5000,
    clientIp: '203.0.113.8',
    method: 'GET',
    path: '/api/v1/items',
    query: 'page=2',
    decodedPath: '/api/v1/items',
    protocol: 'HTTP/1.1',
    host: 'api.example.com',
    status: 200,
    bytesSent: 512,
    requestTime: 0.05,
    upstreams: [['10.244.1.5:8080', '10.244.1.6:8080'], ['10.244.2.1:80']],
    upstreamTimes: [[0.01, 0.02], [0.003]],
    upstreamName: 'shop-api-8080',
    userAgent: 'python-requests/2.32.3',
    requestId: '44444444444444444444444444444444',
  },
  {
    name: 'client closed the connection (499)',
    time: T0 + 6000,
    clientIp: '203.0.113.9',
    method: 'GET',
    path: '/reports/export',
    query: 'format=csv',
    decodedPath: '/reports/export',
    protocol: 'HTTP/1.1',
    host: 'shop.example.com',
    status: 499,
    bytesSent: 0,
    requestTime: 30.001,
    upstreams: [['10.244.1.5:8080']],
    upstreamTimes: [[30]],
    upstreamName: 'shop-web-80',
    userAgent: 'Mozilla/5.0',
    requestId: '55555555555555555555555555555555',
  },
  {
    name: 'huge line (20 kB query, 8 kB user agent)',
    time: T0 + 7000,
    clientIp: '203.0.113.10',
    method: 'GET',
    path: '/search',
    query: HUGE_QUERY,
    decodedPath: '/search',
    protocol: 'HTTP/1.1',
    host: 'shop.example.com',
    status: 414,
    bytesSent: 0,
    requestTime: 0.002,
    upstreams: [['10.244.1.5:8080']],
    upstreamTimes: [[0.001]],
    upstreamName: 'shop-web-80',
    userAgent: HUGE_AGENT,
    requestId: '66666666666666666666666666666666',
  },
  {
    name: 'HEAD over HTTP/2 without a user agent',
    time: T0 + 8000,
    clientIp: '10.1.2.3',
    method: 'HEAD',
    path: '/healthz',
    query: '',
    decodedPath: '/healthz',
    protocol: 'HTTP/2.0',
    host: 'shop.example.com',
    status: 200,
    bytesSent: 0,
    requestTime: 0.001,
    upstreams: [['10.244.1.5:8080']],
    upstreamTimes: [[0.001]],
    upstreamName: 'shop-web-80',
    requestId: '77777777777777777777777777777777',
  },
  {
    name: 'SQL injection probe in the query',
    time: T0 + 9000,
    clientIp: '198.51.100.66',
    method: 'GET',
    path: '/search',
    query: 'q=%27%20OR%201%3D1--',
    decodedPath: '/search',
    protocol: 'HTTP/1.1',
    host: 'shop.example.com',
    status: 500,
    bytesSent: 20,
    requestTime: 0.2,
    upstreams: [['10.244.1.5:8080']],
    upstreamTimes: [[0.199]],
    upstreamName: 'shop-web-80',
    userAgent: 'sqlmap/1.8#stable (https://sqlmap.org)',
    requestId: '88888888888888888888888888888888',
  },
];

// --- writers: one logical request → one line, as each proxy writes it ---------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function clfDate(ms: number, zone = '+0000'): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] ?? ''}/${String(d.getUTCFullYear())}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${zone === '' ? '' : ` ${zone}`}`;
}

/** nginx `escape=default`: `"`, `\`, control and non-ASCII bytes as \xHH. */
function nginxEscape(value: string | undefined): string {
  if (value === undefined) return '-';
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out +=
      byte === 0x22 || byte === 0x5c || byte < 0x20 || byte >= 0x7f
        ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte);
  }
  return out;
}

/** Go's %q, as Traefik's common format quotes. */
const goQuote = (value: string | undefined): string => (value === undefined ? '"-"' : JSON.stringify(value));

const target = (r: LogicalRequest): string => (r.query === '' ? r.path : `${r.path}?${r.query}`);
const nginxList = (groups: readonly (readonly string[])[]): string =>
  groups.length === 0 ? '-' : groups.map((group) => group.join(', ')).join(' : ');
const nginxTimes = (groups: readonly (readonly number[])[]): string =>
  groups.length === 0 ? '-' : groups.map((group) => group.map((t) => t.toFixed(3)).join(', ')).join(' : ');
const upstreamSum = (r: LogicalRequest): number | undefined =>
  r.upstreamTimes.length === 0
    ? undefined
    : Math.round(r.upstreamTimes.flat().reduce((a, b) => a + b, 0) * 1e6) / 1e6;
const lastUpstream = (r: LogicalRequest): string | undefined => r.upstreams.flat().at(-1);

function ingressNginx(r: LogicalRequest): string {
  return `${r.clientIp} - - [${clfDate(r.time)}] "${r.method} ${target(r)} ${r.protocol}" ${String(r.status)} ${String(r.bytesSent)} "${nginxEscape(r.referer)}" "${nginxEscape(r.userAgent)}" 412 ${r.requestTime.toFixed(3)} [${r.upstreamName ?? ''}] [] ${nginxList(r.upstreams)} ${r.upstreams.length === 0 ? '-' : '512'} ${nginxTimes(r.upstreamTimes)} ${r.upstreams.length === 0 ? '-' : '200'} ${r.requestId}`;
}

function combined(r: LogicalRequest): string {
  return `${r.clientIp} - - [${clfDate(r.time)}] "${r.method} ${target(r)} ${r.protocol}" ${String(r.status)} ${String(r.bytesSent)} "${nginxEscape(r.referer)}" "${nginxEscape(r.userAgent)}"`;
}

const CUSTOM_FORMAT =
  'log_format gw escape=default \'$time_iso8601 $host $remote_addr "$request_method $request_uri $server_protocol" \' ' +
  '\'$status $body_bytes_sent rt=$request_time ups=[$upstream_addr] urt="$upstream_response_time" \' ' +
  '\'up=$proxy_upstream_name id=$req_id tls=$ssl_protocol "$http_referer" "$http_user_agent"\';';

function custom(r: LogicalRequest): string {
  const iso = new Date(r.time).toISOString().replace('.000Z', '+00:00');
  return `${iso} ${r.host} ${r.clientIp} "${r.method} ${target(r)} ${r.protocol}" ${String(r.status)} ${String(r.bytesSent)} rt=${r.requestTime.toFixed(3)} ups=[${nginxList(r.upstreams)}] urt="${nginxTimes(r.upstreamTimes)}" up=${r.upstreamName ?? '-'} id=${r.requestId} tls=TLSv1.3 "${nginxEscape(r.referer)}" "${nginxEscape(r.userAgent)}"`;
}

function traefikCommon(r: LogicalRequest): string {
  const upstream = lastUpstream(r);
  return `${r.clientIp} - - [${clfDate(r.time)}] "${r.method} ${target(r)} ${r.protocol}" ${String(r.status)} ${String(r.bytesSent)} ${goQuote(r.referer)} ${goQuote(r.userAgent)} 42 "websecure-shop@kubernetes" ${goQuote(upstream === undefined ? undefined : `http://${upstream}`)} ${String(Math.round(r.requestTime * 1000))}ms`;
}

function traefikJson(r: LogicalRequest): string {
  const upstream = lastUpstream(r);
  const sum = upstreamSum(r);
  return JSON.stringify({
    ClientAddr: r.clientIp.includes(':') ? `[${r.clientIp}]:51234` : `${r.clientIp}:51234`,
    ClientHost: r.clientIp,
    ClientPort: '51234',
    ClientUsername: '-',
    DownstreamContentSize: r.bytesSent,
    DownstreamStatus: r.status,
    Duration: Math.round(r.requestTime * 1e9),
    OriginContentSize: r.bytesSent,
    OriginDuration: sum === undefined ? 0 : Math.round(sum * 1e9),
    OriginStatus: upstream === undefined ? 0 : r.status,
    RequestAddr: r.host,
    RequestContentSize: 0,
    RequestCount: 42,
    RequestHost: r.host,
    RequestMethod: r.method,
    RequestPath: target(r),
    RequestPort: '-',
    RequestProtocol: r.protocol,
    RequestScheme: 'https',
    RetryAttempts: 0,
    RouterName: 'websecure-shop@kubernetes',
    ...(upstream === undefined ? {} : { ServiceAddr: upstream, ServiceURL: `http://${upstream}` }),
    ...(r.upstreamName === undefined ? {} : { ServiceName: `${r.upstreamName}@kubernetes` }),
    StartLocal: new Date(r.time).toISOString(),
    StartUTC: new Date(r.time).toISOString(),
    entryPointName: 'websecure',
    level: 'info',
    msg: '',
    'request_User-Agent': r.userAgent,
    request_Referer: r.referer,
    'request_X-Request-Id': r.requestId,
    time: new Date(r.time + 1000).toISOString(),
  });
}

function haproxy(r: LogicalRequest): string {
  const d = new Date(r.time);
  const syslog = `${MONTHS[d.getUTCMonth()] ?? ''} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} lb-1 haproxy[1234]:`;
  const ms = Math.round(r.requestTime * 1000);
  const server = lastUpstream(r) === undefined ? '<NOSRV>' : 'srv1';
  return `${syslog} ${r.clientIp}:51234 [${clfDate(r.time, '')}.000] https-in~ ${r.upstreamName ?? 'default_backend'}/${server} 0/0/1/${String(Math.max(ms - 1, 0))}/${String(ms)} ${String(r.status)} ${String(r.bytesSent)} - - ---- 3/3/0/0/0 0/0 "${r.method} ${target(r)} ${r.protocol}"`;
}

function envoy(r: LogicalRequest): string {
  const sum = upstreamSum(r);
  const upstream = lastUpstream(r);
  const quoted = (value: string | undefined): string => `"${value ?? '-'}"`;
  return `[${new Date(r.time).toISOString()}] "${r.method} ${target(r)} ${r.protocol === 'HTTP/2.0' ? 'HTTP/2' : r.protocol}" ${String(r.status)} - 0 ${String(r.bytesSent)} ${String(Math.round(r.requestTime * 1000))} ${sum === undefined ? '-' : String(Math.round(sum * 1000))} ${quoted(r.clientIp)} ${quoted(r.userAgent)} ${quoted(r.requestId)} ${quoted(r.host)} ${quoted(upstream)}`;
}

type Key = keyof AccessRecord;

const COMMON: readonly Key[] = [
  'time',
  'clientIp',
  'method',
  'path',
  'decodedPath',
  'query',
  'status',
  'bytesSent',
];

interface FormatCase {
  readonly format: LogFormat;
  readonly write: (r: LogicalRequest) => string;
  readonly fields: readonly Key[];
  readonly logFormat?: string;
}

const FORMATS: readonly FormatCase[] = [
  {
    format: 'ingress-nginx',
    write: ingressNginx,
    fields: [
      ...COMMON,
      'protocol',
      'requestTime',
      'upstreamResponseTime',
      'upstreamAddrs',
      'upstreamName',
      'userAgent',
      'referer',
      'requestId',
    ],
  },
  { format: 'nginx-combined', write: combined, fields: [...COMMON, 'protocol', 'userAgent', 'referer'] },
  {
    format: 'nginx-custom',
    write: custom,
    logFormat: CUSTOM_FORMAT,
    fields: [
      ...COMMON,
      'protocol',
      'host',
      'requestTime',
      'upstreamResponseTime',
      'upstreamAddrs',
      'upstreamName',
      'userAgent',
      'referer',
      'requestId',
    ],
  },
  {
    format: 'traefik-common',
    write: traefikCommon,
    fields: [...COMMON, 'protocol', 'requestTime', 'userAgent', 'referer'],
  },
  {
    format: 'traefik-json',
    write: traefikJson,
    fields: [
      ...COMMON,
      'protocol',
      'host',
      'requestTime',
      'upstreamResponseTime',
      'userAgent',
      'referer',
      'requestId',
    ],
  },
  { format: 'haproxy', write: haproxy, fields: [...COMMON, 'protocol', 'requestTime'] },
  {
    format: 'envoy',
    write: envoy,
    fields: [...COMMON, 'host', 'requestTime', 'upstreamResponseTime', 'userAgent', 'requestId'],
  },
];

function expected(r: LogicalRequest, key: Key): unknown {
  switch (key) {
    case 'upstreamResponseTime':
      return upstreamSum(r);
    case 'upstreamAddrs':
      return r.upstreams.flat();
    default:
      return (r as unknown as Record<string, unknown>)[key];
  }
}

describe('access-log parser contract', () => {
  for (const { format, write, fields, logFormat } of FORMATS) {
    describe(format, () => {
      const parser = createLineParser(format, { logFormat });
      for (const [index, request] of REQUESTS.entries()) {
        it(request.name, () => {
          const line = write(request);
          const record = parser.parse(line, 'access.log', index + 1);
          assert.notEqual(
            typeof record,
            'string',
            `${format} did not parse: ${typeof record === 'string' ? record : '?'}\n${line.slice(0, 300)}`,
          );
          const parsed = record as AccessRecord;
          for (const key of fields) {
            assert.deepEqual(parsed[key], expected(request, key), `${format} ${key}`);
          }
          assert.deepEqual(parsed.source, { file: 'access.log', line: index + 1 });
        });
      }

      it('is detected from its lines', { skip: format === 'nginx-custom' }, () => {
        const detected = detectFormat(REQUESTS.map(write));
        assert.equal(detected?.format, format);
      });

      it('gives every record the same keys in the same order', () => {
        const keys = REQUESTS.map((r) => Object.keys(parser.parse(write(r), 'f', 1) as AccessRecord).join());
        assert.equal(new Set(keys).size, 1);
      });
    });
  }

  it('keeps upstream names, router names and hosts each format carries', () => {
    const r = REQUESTS[0];
    assert.ok(r !== undefined);
    const traefik = createLineParser('traefik-json').parse(traefikJson(r), 'f', 1) as AccessRecord;
    assert.equal(traefik.upstreamName, 'shop-web-80@kubernetes');
    assert.equal(traefik.routerName, 'websecure-shop@kubernetes');
    assert.deepEqual(traefik.upstreamAddrs, ['10.244.1.5:8080']);
    const common = createLineParser('traefik-common').parse(traefikCommon(r), 'f', 1) as AccessRecord;
    assert.equal(common.routerName, 'websecure-shop@kubernetes');
    assert.deepEqual(common.upstreamAddrs, ['10.244.1.5:8080']);
    const ha = createLineParser('haproxy').parse(haproxy(r), 'f', 1) as AccessRecord;
    assert.equal(ha.upstreamName, 'shop-web-80');
    assert.deepEqual(ha.upstreamAddrs, ['srv1']);
    const env = createLineParser('envoy').parse(envoy(r), 'f', 1) as AccessRecord;
    assert.deepEqual(env.upstreamAddrs, ['10.244.1.5:8080']);
    assert.equal(env.forwardedFor, '203.0.113.7');
    const nginxCustom = createLineParser('nginx-custom', { logFormat: CUSTOM_FORMAT }).parse(
      custom(r),
      'f',
      1,
    ) as AccessRecord;
    assert.deepEqual(nginxCustom.extra, { ssl_protocol: 'TLSv1.3' });
  });
});

describe('malformed lines are reported, per format', () => {
  const good = REQUESTS[0];
  assert.ok(good !== undefined);
  const cases: Record<LogFormat, readonly string[]> = {
    'ingress-nginx': [
      'garbage',
      ingressNginx(good).slice(0, 60),
      ingressNginx(good).replace('[01/Jun/2026:12:00:00 +0000]', '[yesterday]'),
      ingressNginx(good).replace('" 200 612', '" OK 612'),
      combined(good),
    ],
    'nginx-combined': [
      '',
      'GET / HTTP/1.1',
      combined(good).replace('+0000]', '+00]'),
      combined(good) + ' extra',
    ],
    'nginx-custom': [
      '2026-06-01T12:00:00+00:00 only a few fields',
      custom(good).replace('2026-06-01T', '2026/06/01 '),
    ],
    'traefik-common': [combined(good), traefikCommon(good).replace(/ \d+ms$/, '')],
    'traefik-json': [
      '{"msg":"not an access log"}',
      '{"DownstreamStatus":200',
      '[1,2]',
      traefikJson(good)
        .replace(/"StartUTC":"[^"]*"/, '"StartUTC":"soon"')
        .replace(/"StartLocal":"[^"]*"/, '"StartLocal":"soon"')
        .replace(/"time":"[^"]*"/, '"time":"soon"'),
    ],
    haproxy: [
      'Feb  6 12:14:14 lb haproxy[1]: Connect from 10.0.0.1:5555 to 10.0.0.2:80 (www/HTTP)',
      haproxy(good).replace(' 200 612 ', ' ok 612 '),
      haproxy(good).replace('0/0/1/3/4', '0/0/1'),
    ],
    envoy: [
      '[2026-06-01T12:00:00.000Z] "GET / HTTP/1.1"',
      '{"response_code":200}',
      envoy(good).replace('2026-06-01T12:00:00.000Z', 'noon'),
    ],
  };
  for (const [format, lines] of Object.entries(cases) as [LogFormat, readonly string[]][]) {
    it(format, () => {
      const parser = createLineParser(format, { logFormat: CUSTOM_FORMAT });
      for (const line of lines) {
        const result = parser.parse(line, 'f', 7);
        assert.equal(typeof result, 'string', `${format} accepted: ${line.slice(0, 200)}`);
      }
    });
  }

  it('nginx requests that are not HTTP keep their text and no method', () => {
    const line =
      '203.0.113.99 - - [01/Jun/2026:12:00:00 +0000] "\\x16\\x03\\x01\\x02\\x00\\x01" 400 157 "-" "-" 0 0.001 [] [] - - - - 9f86d081884c7d659a2feaa0c55ad015';
    const record = createLineParser('ingress-nginx').parse(line, 'f', 1) as AccessRecord;
    assert.equal(record.method, '');
    assert.equal(record.status, 400);
    assert.equal(record.upstreamName, undefined);
    assert.deepEqual(record.upstreamAddrs, []);
  });
});

describe('the log_format compiler agrees with the dedicated parsers', () => {
  const pairs: readonly [LogFormat, string, (r: LogicalRequest) => string][] = [
    ['ingress-nginx', INGRESS_NGINX_LOG_FORMAT, ingressNginx],
    ['nginx-combined', NGINX_COMBINED_LOG_FORMAT, combined],
  ];
  for (const [format, logFormat, write] of pairs) {
    it(format, () => {
      const dedicated = createLineParser(format);
      const compiled = createLineParser('nginx-custom', { logFormat });
      for (const request of REQUESTS) {
        const line = write(request);
        assert.deepEqual(compiled.parse(line, 'f', 1), dedicated.parse(line, 'f', 1));
      }
    });
  }

  it('reads a whole log_format directive as written in nginx.conf', () => {
    const directive = `log_format upstreaminfo\n  '$remote_addr - $remote_user [$time_local] "$request" '\n  '$status $body_bytes_sent "$http_referer" "$http_user_agent" '\n  '$request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr '\n  '$upstream_response_length $upstream_response_time $upstream_status $req_id';`;
    const compiled = createLineParser('nginx-custom', { logFormat: directive });
    const dedicated = createLineParser('ingress-nginx');
    for (const request of REQUESTS) {
      const line = ingressNginx(request);
      assert.deepEqual(compiled.parse(line, 'f', 1), dedicated.parse(line, 'f', 1));
    }
  });

  it('rejects formats it cannot parse reliably', () => {
    assert.throws(() => compileNginxLogFormat('$remote_addr$remote_user [$time_local] $status'), /ambiguous/);
    assert.throws(() => compileNginxLogFormat('$remote_addr "$request" $status'), /time variable/);
    assert.throws(() => compileNginxLogFormat('$remote_addr [$time_local]'), /\$status/);
    assert.throws(() => compileNginxLogFormat('just text'), /no \$variables/);
  });
});
