/**
 * `gatewatch traffic` on the log a real nginx wrote (Debian's nginx-light, ingress-nginx's upstreaminfo
 * log_format; test/helpers/nginx.ts), fed real HTTP requests: normal browsing, a brute-force run
 * against a login path, a 404 scanner, SQL injection / XSS / traversal probes, sensitive-file probes
 * and requests for a host nobody routes. Each detection must fire with its evidence, and nothing may
 * fire on the normal part.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT, main } from '../../src/cli/main.ts';
import type { TrafficAlert } from '../../src/traffic/detection.ts';
import type { TrafficResult } from '../../src/traffic/result.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { startNginx, type NginxFixture, type SentRequest } from '../helpers/nginx.ts';

/** The configuration nginx plays: one host per Ingress, upstream names as ingress-nginx makes them. */
const MANIFESTS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: nginx }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: auth, namespace: accounts }
spec: { ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: admin, namespace: legacy }
spec: { ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: login, namespace: accounts }
spec:
  ingressClassName: nginx
  rules:
    - host: login.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: auth, port: { number: 80 } } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: admin, namespace: legacy }
spec:
  ingressClassName: nginx
  rules:
    - host: legacy.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: admin, port: { number: 80 } } } }
`;

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:137.0) Gecko/20100101 Firefox/137.0';
const NORMAL_CLIENTS = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];
const PAGES = new Set([
  '/',
  '/products/1',
  '/products/2',
  '/cart',
  '/static/app.css',
  '/static/app.js',
  '/search',
]);

/** The application: known pages 200, logins 401 unless the password is right, everything else 404. */
const backend: RequestListener = (req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const host = req.headers.host ?? '';
    let status = PAGES.has(path) ? 200 : 404;
    if (host.startsWith('login.'))
      status = req.method === 'POST' && !body.includes('password=right') ? 401 : 200;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 200 ? 'ok\n' : 'no\n');
  });
};

describe('gatewatch traffic on a real nginx log', () => {
  let nginx: NginxFixture;
  let dir = '';
  let result: TrafficResult;
  let normalLines = new Set<number>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-traffic-nginx-'));
    writeFileSync(join(dir, 'manifests.yaml'), MANIFESTS);
    nginx = await startNginx({
      hosts: [
        { host: 'shop.example.com', upstreamName: 'shop-web-80' },
        { host: 'login.example.com', upstreamName: 'accounts-auth-80' },
      ],
      backend,
    });
    const sent: { request: SentRequest; normal: boolean }[] = [];
    const send = async (request: SentRequest, normal = false): Promise<void> => {
      await nginx.send(request);
      sent.push({ request, normal });
    };
    // Normal browsing: a few clients, pages that exist, a login that works.
    for (const [index, path] of [
      '/',
      '/products/1',
      '/static/app.css',
      '/static/app.js',
      '/products/2',
      '/cart',
      '/search?q=red+shoes',
      '/',
    ].entries())
      for (const clientIp of NORMAL_CLIENTS)
        await send(
          {
            host: 'shop.example.com',
            path,
            clientIp,
            userAgent: BROWSER,
            referer: index > 0 ? 'https://shop.example.com/' : '',
          },
          true,
        );
    await send(
      {
        host: 'login.example.com',
        path: '/login',
        method: 'POST',
        body: 'user=ann&password=right',
        clientIp: NORMAL_CLIENTS[0],
        userAgent: BROWSER,
      },
      true,
    );
    // A brute-force run against the login.
    for (let i = 0; i < 12; i++)
      await send({
        host: 'login.example.com',
        path: '/login',
        method: 'POST',
        body: `user=admin&password=guess${String(i)}`,
        clientIp: '198.51.100.66',
        userAgent: 'python-requests/2.32.3',
      });
    // A scanner: 25 paths that do not exist.
    for (let i = 0; i < 25; i++)
      await send({
        host: 'shop.example.com',
        path: `/${['old', 'backup', 'test', 'dev', 'tmp'][i % 5] ?? ''}/${String(i)}.php`,
        clientIp: '203.0.113.200',
        userAgent: BROWSER,
      });
    // Probes.
    await send({
      host: 'shop.example.com',
      path: "/search?q=1'%20OR%20'1'='1",
      clientIp: '192.0.2.10',
      userAgent: BROWSER,
    });
    await send({
      host: 'shop.example.com',
      path: '/search?q=1%20UNION%20SELECT%20user,pass%20FROM%20users--',
      clientIp: '192.0.2.10',
      userAgent: BROWSER,
    });
    await send({
      host: 'shop.example.com',
      path: '/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E',
      clientIp: '192.0.2.11',
      userAgent: BROWSER,
    });
    await send({
      host: 'shop.example.com',
      path: '/download?file=..%2f..%2f..%2fetc%2fpasswd',
      clientIp: '192.0.2.12',
      userAgent: BROWSER,
    });
    await send({
      host: 'shop.example.com',
      path: '/download?file=../../../../etc/shadow',
      clientIp: '192.0.2.12',
      userAgent: BROWSER,
    });
    await send({ host: 'shop.example.com', path: '/.env', clientIp: '192.0.2.13', userAgent: 'curl/8.5.0' });
    await send({
      host: 'shop.example.com',
      path: '/.git/config',
      clientIp: '192.0.2.13',
      userAgent: 'curl/8.5.0',
    });
    await send({
      host: 'shop.example.com',
      path: '/',
      clientIp: '192.0.2.14',
      userAgent: 'sqlmap/1.8.4#stable (https://sqlmap.org)',
    });
    // A host nobody routes.
    await send({ host: 'old-shop.example.net', path: '/', clientIp: '192.0.2.15', userAgent: BROWSER });
    await send({
      host: 'old-shop.example.net',
      path: '/favicon.ico',
      clientIp: '192.0.2.15',
      userAgent: BROWSER,
    });

    await nginx.waitForLines(sent.length);
    normalLines = new Set(sent.flatMap((s, index) => (s.normal ? [index + 1] : [])));
    const io = fakeIo({ cwd: dir });
    const code = await main(
      ['traffic', nginx.logPath, '-f', 'manifests.yaml', '-o', 'json', '--fail-on', 'none'],
      io,
    );
    assert.equal(code, EXIT.ok, io.err());
    result = JSON.parse(io.out()) as TrafficResult;
  });

  after(async () => {
    await nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function alertsOf(id: string): TrafficAlert[] {
    return result.alerts.filter((alert) => alert.detectionId === id);
  }

  it('reads every line nginx wrote and joins them to the routes', () => {
    assert.equal(result.inputs.malformed, 0);
    assert.deepEqual(
      result.inputs.formats.map((f) => f.format),
      ['ingress-nginx'],
    );
    assert.equal(result.totals.requests, result.inputs.lines);
    assert.equal(result.join['default-backend'], 2);
    assert.equal(result.join['unrouted-upstream'], 0);
    const routes = new Map(
      result.routes.map((r) => [`${r.route?.namespace ?? ''}/${r.route?.name ?? ''}`, r.requests]),
    );
    assert.equal(routes.get('accounts/login'), 13);
  });

  it('traffic-brute-force: the login run, with its route and sample lines', () => {
    const [alert, ...rest] = alertsOf('traffic-brute-force');
    assert.equal(rest.length, 0);
    assert.deepEqual(alert?.ips, [{ ip: '198.51.100.66', count: 12 }]);
    assert.equal(alert.route?.namespace, 'accounts');
    assert.equal(alert.route.name, 'login');
    assert.equal(alert.path, '/login');
    assert.equal(alert.samples[0]?.file, nginx.logPath);
    assert.equal(alert.samples[0].status, 401);
  });

  it('traffic-scanner: the 404 run and the sqlmap user agent', () => {
    const ips = alertsOf('traffic-scanner')
      .map((a) => a.ips[0]?.ip)
      .sort();
    assert.deepEqual(ips, ['192.0.2.14', '203.0.113.200']);
  });

  it('the injection probes and the sensitive-file probe, per IP', () => {
    assert.deepEqual(
      alertsOf('traffic-sqli-probe').map((a) => [a.ips[0]?.ip, a.count]),
      [['192.0.2.10', 2]],
    );
    assert.deepEqual(
      alertsOf('traffic-xss-probe').map((a) => a.ips[0]?.ip),
      ['192.0.2.11'],
    );
    assert.deepEqual(
      alertsOf('traffic-path-traversal').map((a) => [a.ips[0]?.ip, a.count]),
      [['192.0.2.12', 2]],
    );
    const [sensitive] = alertsOf('traffic-sensitive-file-probe');
    assert.equal(sensitive?.ips[0]?.ip, '192.0.2.13');
    assert.deepEqual(sensitive.details.targets, ['.env', '.git']);
  });

  it('traffic-unknown-host: requests the default server answered', () => {
    const [alert] = alertsOf('traffic-unknown-host');
    assert.equal(alert?.count, 2);
    assert.deepEqual(alert.ips, [{ ip: '192.0.2.15', count: 2 }]);
    assert.equal(alert.upstream, 'upstream-default-backend');
  });

  it('traffic-route-unused: the legacy Ingress nobody visits', () => {
    assert.deepEqual(
      alertsOf('traffic-route-unused').map((a) => `${a.route?.namespace ?? ''}/${a.route?.name ?? ''}`),
      ['legacy/admin'],
    );
  });

  it('nothing fires on the normal part', () => {
    for (const alert of result.alerts) {
      for (const { ip } of alert.ips)
        assert.ok(!NORMAL_CLIENTS.includes(ip), `${alert.detectionId} names normal client ${ip}`);
      for (const sample of alert.samples)
        assert.ok(
          !normalLines.has(sample.line),
          `${alert.detectionId} cites normal line ${String(sample.line)}`,
        );
    }
    assert.deepEqual(alertsOf('traffic-5xx-spike'), []);
    assert.deepEqual(alertsOf('traffic-unrouted-upstream'), []);
    assert.deepEqual(alertsOf('traffic-slow-probe'), []);
  });
});
