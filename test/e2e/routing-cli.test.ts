/**
 * `gatewatch routes`, `route URL` and `exposure` end to end through main(argv, io): the example platform
 * (examples/, Ingresses and Gateway API), text and JSON validated against the published schemas, the
 * fallback of a request nothing matches, usage errors, hostile strings kept off the terminal, and the
 * live cluster through the loopback API server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { EXIT, main } from '../../src/cli/main.ts';
import { parseRequest } from '../../src/cli/routing-commands.ts';
import type { RouteDecision } from '../../src/routing/index.ts';
import type { RoutesJson } from '../../src/report/routing/routes-report.ts';
import type { ExposureJson } from '../../src/report/routing/exposure-report.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import {
  GATEWAY_API_RESOURCES,
  STANDARD_RESOURCES,
  TRAEFIK_RESOURCES,
} from '../../src/sources/cluster/fake.ts';
import { manifestObjects, startFakeApiServer, type FakeApiServer } from '../helpers/fake-api-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;
/** The example certificates are valid 2025-01-01 to 2036-01-01. */
const NOW = '2026-06-01T00:00:00Z';

const validators = new Map<string, ValidateFunction>();
/** A published schema, compiled strictly: a schema mistake fails the test, not just bad output. */
function assertValid(schema: string, data: unknown): void {
  let validate = validators.get(schema);
  if (!validate) {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', schema), 'utf8')) as object);
    validators.set(schema, validate);
  }
  assert.ok(validate(data), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

async function run(
  argv: string[],
  options: { stdin?: string; isTty?: boolean; env?: NodeJS.ProcessEnv } = {},
) {
  const io = fakeIo({ cwd: ROOT, ...options });
  const code = await main([...argv, '--now', NOW], io);
  return { code, out: io.out(), err: io.err() };
}

async function json<T>(schema: string, argv: string[], stdin?: string): Promise<T> {
  const { code, out, err } = await run([...argv, '-o', 'json'], stdin === undefined ? {} : { stdin });
  assert.equal(code, EXIT.ok, err);
  const parsed = JSON.parse(out) as T;
  assertValid(schema, parsed);
  return parsed;
}

/** C0/C1 control characters (ESC included), DEL and bidi overrides: none may reach a terminal from data. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Our own colour codes (Select Graphic Rendition). */
// eslint-disable-next-line no-control-regex -- ESC starts them
const SGR = /\u001b\[[0-9;]*m/g;

describe('gatewatch route URL', () => {
  it('explains which rule and Service serve https://shop.example.com/api/x, on every frontend', async () => {
    const { code, out, err } = await run(['route', 'https://shop.example.com/api/x', '-f', 'examples/']);
    assert.equal(code, EXIT.ok, err);
    assert.equal(err, '');
    // The nginx class and the Gateway's HTTPS listener both route the host: Ingress classes come first,
    // so nginx answers and the Gateway is listed under "Other frontends".
    assert.match(out, /^GET https:\/\/shop\.example\.com\/api\/x$/m);
    assert.match(out, /^Frontend +ingress class nginx \(k8s\.io\/ingress-nginx\)$/m);
    assert.match(out, /^Candidate hosts +shop\.example\.com$/m);
    assert.match(out, /✓ +Ingress shop\/shop-api +shop\.example\.com +\/api +Prefix +wins/);
    assert.match(out, /^Winner +Ingress shop\/shop-api +spec\.rules\[0\]\.http\.paths\[0\]/m);
    assert.match(out, /^Backend +Service shop\/shop-api:80 +pods: app=shop-api$/m);
    assert.match(out, /^TLS +terminated with Secret shop\/shop-tls; covers the host$/m);
    assert.match(out, /^Controls +no auth · no allowlist · no rate limit · no WAF$/m);
    assert.match(
      out,
      /^Other frontends\n(?:.*\n)*? +gateway\/gateway-infra\/public:443 +HTTPRoute shop\/storefront +shop\.example\.com +\/api +PathPrefix$/m,
    );
  });

  it('--frontend gateway/NS/NAME:PORT: the HTTPRoute rule of the Gateway listener', async () => {
    const key = 'gateway/gateway-infra/public:443';
    const { code, out, err } = await run([
      'route',
      'https://shop.example.com/api/x',
      'examples/',
      '--frontend',
      key,
    ]);
    assert.equal(code, EXIT.ok, err);
    assert.equal(err, '');
    assert.match(
      out,
      /^Frontend +Gateway gateway-infra\/public:443 \(gateway\.envoyproxy\.io\/gatewayclass-controller\)$/m,
    );
    assert.match(out, /✓ +HTTPRoute shop\/storefront +shop\.example\.com +\/api +PathPrefix +wins/);
    assert.match(out, /^Backend +Service shop\/shop-api:80 +pods: app=shop-api$/m);
    assert.match(out, /^TLS +terminated with Secret shop\/shop-tls; covers the host$/m);
    assert.doesNotMatch(out, /Other frontends/);

    const decision = await json<RouteDecision>('route.v1.schema.json', [
      'route',
      'https://shop.example.com/api/x',
      'examples/',
      '--frontend',
      key,
    ]);
    assert.deepEqual(
      { ...decision.match, fieldPath: undefined },
      {
        kind: 'HTTPRoute',
        namespace: 'shop',
        name: 'storefront',
        host: 'shop.example.com',
        path: '/api',
        pathType: 'PathPrefix',
        controller: 'gateway.envoyproxy.io/gatewayclass-controller',
        fieldPath: undefined,
        file: 'examples/gateway-api/routes.yaml',
      },
    );
    assert.deepEqual(decision.backend, {
      kind: 'Service',
      namespace: 'shop',
      name: 'shop-api',
      port: 80,
      selector: { app: 'shop-api' },
    });
    assert.deepEqual(decision.tls, { terminated: true, secret: 'shop/shop-tls', coversHost: true });
  });

  it('--frontend nginx: the Ingress rule, in the JSON contract of spec/routing.md', async () => {
    const decision = await json<RouteDecision>('route.v1.schema.json', [
      'route',
      'https://shop.example.com/api/x',
      'examples/',
      '--frontend',
      'nginx',
    ]);
    assert.deepEqual(decision.request, {
      method: 'GET',
      scheme: 'https',
      host: 'shop.example.com',
      path: '/api/x',
      headers: {},
    });
    assert.deepEqual(
      { ...decision.match, fieldPath: undefined, file: undefined },
      {
        kind: 'Ingress',
        namespace: 'shop',
        name: 'shop-api',
        host: 'shop.example.com',
        path: '/api',
        pathType: 'Prefix',
        controller: 'k8s.io/ingress-nginx',
        fieldPath: undefined,
        file: undefined,
      },
    );
    assert.equal(decision.match?.file, 'examples/shop/ingress.yaml');
    assert.deepEqual(decision.backend, {
      kind: 'Service',
      namespace: 'shop',
      name: 'shop-api',
      port: 80,
      selector: { app: 'shop-api' },
    });
    assert.equal(decision.fallback, null);
    assert.deepEqual(decision.tls, { terminated: true, secret: 'shop/shop-tls', coversHost: true });
    assert.deepEqual(decision.controls, { auth: false, allowlist: null, rateLimit: false, waf: false });
    const storefront = decision.candidates.find((c) => c.name === 'storefront');
    assert.equal(storefront?.path, '/');
    assert.equal(storefront.lostBecause, 'shorter prefix');
    for (const key of [
      'schemaVersion',
      'request',
      'match',
      'backend',
      'fallback',
      'tls',
      'controls',
      'candidates',
    ])
      assert.ok(key in decision, key);
  });

  it('--explain says why each loser lost and lists the rules that did not match', async () => {
    const plain = await run(['route', 'https://shop.example.com/api/x', 'examples/']);
    assert.doesNotMatch(plain.out, /fewer prefix length|match does not apply|shorter prefix/);
    // nginx answers: every rule of its server matches, so there is nothing more to count.
    assert.match(plain.out, /\(--explain: why each rule lost\)$/m);
    const gateway = await run([
      'route',
      'https://shop.example.com/api/x',
      'examples/',
      '--frontend',
      'gateway/gateway-infra/public:443',
    ]);
    assert.match(gateway.out, /--explain: why each rule lost, and 2 more that do not match/);
    const { code, out } = await run(['route', 'https://shop.example.com/api/x', 'examples/', '--explain']);
    assert.equal(code, EXIT.ok);
    assert.match(out, /✗ +Ingress shop\/storefront +shop\.example\.com +\/ +Prefix +shorter prefix$/m);
    // The other frontends' rules say why they lost too: the Gateway's among themselves, and behind nginx.
    assert.match(
      out,
      /gateway\/gateway-infra\/public:443 +HTTPRoute shop\/storefront +shop\.example\.com +\/api +PathPrefix +another frontend answers first \(ingress\/nginx\)/,
    );
    assert.match(
      out,
      /HTTPRoute shop\/storefront +shop\.example\.com +\/ +PathPrefix +fewer prefix length \(1 < 4\)/,
    );
    assert.match(
      out,
      /HTTPRoute shop\/checkout +shop\.example\.com +\/checkout +PathPrefix +match does not apply/,
    );
    assert.match(out, /Ingress shop\/storefront +shop\.example\.com +\/ +Prefix +shorter prefix/);
  });

  it('a shadowed Ingress loses with its reason; a dead route answers with the error status', async () => {
    const pay = await run(['route', 'https://pay.example.com/', 'examples/', '--explain']);
    assert.match(
      pay.out,
      /Ingress payments\/payments-mtls .* shadowed \(collision\): also claimed by Ingress payments\/payments/,
    );
    // The dead HTTPRoute lives on the Gateway; nginx (first frontend) answers with the Ingress storefront.
    const viaNginx = await json<RouteDecision>('route.v1.schema.json', [
      'route',
      'https://shop.example.com/checkout/cart',
      'examples/',
    ]);
    assert.equal(viaNginx.match?.kind, 'Ingress');
    assert.equal(viaNginx.match.name, 'storefront');
    assert.equal(viaNginx.errorStatus, null);
    const gateway = ['--frontend', 'gateway/gateway-infra/public:443'];
    const checkout = await json<RouteDecision>('route.v1.schema.json', [
      'route',
      'https://shop.example.com/checkout/cart',
      'examples/',
      ...gateway,
    ]);
    assert.equal(checkout.match?.kind, 'HTTPRoute');
    assert.equal(checkout.match.name, 'checkout');
    assert.equal(checkout.errorStatus, 500);
    const text = await run(['route', 'https://shop.example.com/checkout/cart', 'examples/', ...gateway]);
    assert.match(
      text.out,
      /^Answer +HTTP 500 from the controller: a cross-namespace backendRef has no ReferenceGrant$/m,
    );
  });

  it('a URL nothing matches gets the fallback, exit 0: the controller 404, or the defaultBackend', async () => {
    const { code, out } = await run(['route', 'https://nobody.invalid/', 'examples/']);
    assert.equal(code, EXIT.ok);
    assert.match(out, /^Winner +none: no rule matches$/m);
    assert.match(
      out,
      /^Fallback +controller-404: no frontend has a rule for this host: the controller's 404$/m,
    );
    const nothing = await json<RouteDecision>('route.v1.schema.json', [
      'route',
      'https://nobody.invalid/',
      'examples/',
    ]);
    assert.equal(nothing.match, null);
    assert.equal(nothing.backend, null);
    assert.equal(nothing.fallback, 'controller-404');

    const withDefault = await json<RouteDecision>(
      'route.v1.schema.json',
      ['route', 'http://unknown.example.org/x', '-'],
      DEFAULT_BACKEND_YAML,
    );
    assert.equal(withDefault.match, null);
    assert.equal(withDefault.fallback, 'default-backend');
    assert.deepEqual(withDefault.backend, {
      kind: 'Service',
      namespace: 'web',
      name: 'not-found-page',
      port: 8080,
      selector: { app: 'not-found-page' },
    });
    const text = await run(['route', 'http://unknown.example.org/x', '-'], { stdin: DEFAULT_BACKEND_YAML });
    assert.match(
      text.out,
      /^Fallback +default-backend: the default backend Service web\/not-found-page:8080/m,
    );
  });

  it('method and headers reach the matcher; a Host header replaces the URL host', () => {
    assert.deepEqual(
      parseRequest('https://shop.example.com:8443/a?b=1', 'post', [
        'X-Canary: always',
        'Host: other.example.com',
      ]),
      {
        method: 'POST',
        scheme: 'https',
        host: 'other.example.com',
        path: '/a?b=1',
        headers: { 'X-Canary': 'always', Host: 'other.example.com' },
      },
    );
  });

  it('an invalid URL, method or header is a usage error (exit 2) with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['route', 'shop.example.com/api', 'examples/'],
        /"shop\.example\.com\/api" is not a URL: give the scheme and host/,
      ],
      [['route', 'ftp://shop.example.com/', 'examples/'], /only http:\/\/ and https:\/\/ URLs can be routed/],
      [
        ['route', 'https://shop.example.com/', 'examples/', '--header', 'no colon'],
        /--header: "no colon" is not "Name: value"/,
      ],
      [
        ['route', 'https://shop.example.com/', 'examples/', '--method', 'GET /'],
        /--method: "GET \/" is not an HTTP method/,
      ],
      [['route', 'https://shop.example.com/'], /route URL needs a path, a directory or - for stdin/],
      [
        ['route', 'https://shop.example.com/', 'examples/', '--context', 'x'],
        /--context goes with --cluster/,
      ],
    ];
    for (const [argv, message] of cases) {
      const { code, out, err } = await run(argv);
      assert.equal(code, EXIT.usage, argv.join(' '));
      assert.equal(out, '');
      assert.match(err, message);
    }
  });
});

describe('gatewatch routes', () => {
  it('prints the table grouped by host, Gateway API routes included, dead and shadowed entries marked', async () => {
    const { code, out, err } = await run(['routes', 'examples/']);
    assert.equal(code, EXIT.ok, err);
    assert.match(out, /^shop\.example\.com$/m);
    assert.match(
      out,
      /^ {2}\/api +Prefix +→ shop\/shop-api:80 +Ingress shop\/shop-api +class nginx \(k8s\.io\/ingress-nginx\) +TLS shop\/shop-tls +no auth/m,
    );
    assert.match(
      out,
      /^ {2}\/reviews +PathPrefix +→ reviews\/reviews:80 +HTTPRoute shop\/storefront +Gateway gateway-infra\/public:443 listener https/m,
    );
    assert.match(
      out,
      /HTTPRoute shop\/checkout .* DEAD \(backend-not-permitted\): a cross-namespace backendRef has no ReferenceGrant$/m,
    );
    assert.match(
      out,
      /Ingress payments\/payments-mtls .* SHADOWED \(collision\): also claimed by Ingress payments\/payments, which wins$/m,
    );
    assert.match(
      out,
      /TLS \(certificate does not cover the host\) +no auth +allowlist 10\.20\.0\.0\/16,0\.0\.0\.0\/0/,
    );
    assert.match(out, /^Requests no route matches$/m);
    assert.match(out, /^14 routes on 6 hosts: 1 dead, 1 shadowed$/m);
    // Hosts in order, the wildcard among them.
    const hosts = out.split('\n').filter((line) => /^[^ \n]+\.com$/.test(line));
    assert.deepEqual(hosts, [
      '*.example.com',
      'backoffice.tools.example.com',
      'grafana.internal.example.com',
      'pay.example.com',
      'shop.example.com',
      'www.shop.example.com',
    ]);
  });

  it('-o json follows schemas/routes.v1.schema.json', async () => {
    const table = await json<RoutesJson>('routes.v1.schema.json', ['routes', '-f', 'examples/']);
    assert.deepEqual(table.summary, { routes: 14, hosts: 6, active: 12, dead: 1, shadowed: 1 });
    const shop = table.hosts.find((h) => h.host === 'shop.example.com');
    const checkout = shop?.routes.find((r) => r.source.name === 'checkout');
    assert.equal(checkout?.status, 'dead');
    assert.equal(checkout.dead?.reason, 'backend-not-permitted');
    assert.deepEqual(checkout.gateway, {
      namespace: 'gateway-infra',
      name: 'public',
      port: 443,
      listener: 'https',
    });
    assert.equal(checkout.source.file, 'examples/gateway-api/routes.yaml');
    assert.equal(typeof checkout.source.line, 'number');
    const api = shop?.routes.find((r) => r.source.name === 'shop-api');
    assert.equal(api?.tls?.certificateValid, true);
    assert.deepEqual(
      table.frontends.map((f) => [f.key, f.fallback]),
      [
        // Ingress classes first, then Gateway ports (src/routing/table.ts frontendsOf).
        ['ingress/nginx', 'controller-404'],
        ['ingress/traefik', 'controller-404'],
        ['gateway/gateway-infra/public:443', 'controller-404'],
        ['gateway/gateway-infra/public:80', 'controller-404'],
      ],
    );
  });

  it('colours on a terminal, plain when piped or with NO_COLOR', async () => {
    const tty = await run(['routes', 'examples/'], { isTty: true });
    assert.ok(tty.out.includes('\u001b['));
    const noColor = await run(['routes', 'examples/'], { isTty: true, env: { NO_COLOR: '1' } });
    assert.ok(!noColor.out.includes('\u001b'));
    const piped = await run(['routes', 'examples/']);
    assert.ok(!piped.out.includes('\u001b'));
  });

  it('writes --output-file instead of stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatewatch-routes-'));
    try {
      const file = join(dir, 'routes.json');
      const { code, out } = await run(['routes', 'examples/', '-o', 'json', '--output-file', file]);
      assert.equal(code, EXIT.ok);
      assert.equal(out, '');
      assertValid('routes.v1.schema.json', JSON.parse(readFileSync(file, 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gatewatch exposure', () => {
  it('lists every externally reachable Service with its controls, unprotected first', async () => {
    const { code, out, err } = await run(['exposure', 'examples/']);
    assert.equal(code, EXIT.ok, err);
    const services = [...out.matchAll(/^Service (\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(services, [
      'default/landing',
      'internal-tools/backoffice',
      'internal-tools/grafana',
      'payments/payments',
      'reviews/reviews',
      'shop/shop-api',
      'shop/storefront',
    ]);
    assert.match(
      out,
      /^Service internal-tools\/backoffice +reachable without TLS and without authentication$/m,
    );
    assert.match(out, /^ {2}pods of: Deployment internal-tools\/backoffice$/m);
    assert.match(out, /^ {2}http:\/\/backoffice\.tools\.example\.com\/admin\/\* +no TLS +no auth/m);
    assert.match(out, /^ {2}https:\/\/pay\.example\.com\/\* +TLS +no auth +rate limit/m);
    assert.match(
      out,
      /^ {2}https:\/\/shop\.example\.com\/reviews\/\* +TLS +no auth .*HTTPRoute shop\/storefront/m,
    );
    assert.match(
      out,
      /^7 Services reachable from outside through 10 URLs: 2 without TLS, 7 without authentication$/m,
    );
  });

  it('-o json follows schemas/exposure.v1.schema.json', async () => {
    const result = await json<ExposureJson>('exposure.v1.schema.json', ['exposure', 'examples/']);
    assert.deepEqual(result.summary, { services: 7, urls: 10, withoutTls: 2, withoutAuth: 7 });
    const grafana = result.services.find((s) => s.service.name === 'grafana');
    assert.deepEqual(grafana?.workloads, [
      { kind: 'Deployment', namespace: 'internal-tools', name: 'grafana' },
    ]);
    assert.deepEqual(grafana.urls[0]?.allowlist, ['10.20.0.0/16', '0.0.0.0/0']);
    // Unprotected first: every Service without TLS comes before every Service with it.
    const tls = result.services.map((s) => s.withoutTls);
    assert.deepEqual(
      tls,
      [...tls].sort((a, b) => Number(b) - Number(a)),
    );
  });
});

describe('hostile strings', () => {
  it('control characters from hosts, paths, names and annotations never reach the terminal', async () => {
    for (const argv of [
      ['routes', '-'],
      ['exposure', '-'],
      ['route', 'http://evil.example.com/x', '-', '--explain'],
    ]) {
      for (const isTty of [false, true]) {
        const { code, out, err } = await run(argv, { stdin: HOSTILE_YAML, isTty });
        assert.equal(code, EXIT.ok, err);
        // With colour on, the only escapes are our own SGR colour codes.
        const withoutColour = out.replace(SGR, '');
        assert.doesNotMatch(withoutColour, CONTROL, `${argv.join(' ')} (tty: ${String(isTty)})`);
        assert.doesNotMatch(err, CONTROL);
      }
    }
    const routes = await run(['routes', '-'], { stdin: HOSTILE_YAML });
    assert.match(routes.out, /allowlist 10\.0\.0\.0\/8,\\e\]0;owned\\u0007/);
    assert.match(routes.out, /\/x\\e\[2J/);
  });
});

describe('--cluster', () => {
  let server: FakeApiServer;
  let dir: string;
  let kubeconfig: string;
  before(async () => {
    server = await startFakeApiServer({
      objects: manifestObjects([join(ROOT, 'examples')]),
      token: 'routing-token',
      served: [...STANDARD_RESOURCES, ...GATEWAY_API_RESOURCES, ...TRAEFIK_RESOURCES],
      user: { username: 'system:serviceaccount:audit:viewer', groups: ['system:serviceaccounts'] },
    });
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-routing-cluster-'));
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, server.kubeconfig());
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('route answers from the live objects as from the files, without file locations', async () => {
    const argv = ['route', 'https://shop.example.com/api/x', '--frontend', 'nginx'];
    const live = await json<RouteDecision>('route.v1.schema.json', [
      ...argv,
      '--cluster',
      '--kubeconfig',
      kubeconfig,
    ]);
    const files = await json<RouteDecision>('route.v1.schema.json', [...argv, 'examples/']);
    assert.equal(live.match?.file, null);
    // Entry ids follow the input order, which differs between a directory walk and the API's lists.
    const comparable = (d: RouteDecision) => ({
      ...d,
      match: { ...d.match, file: null },
      entry: null,
      candidates: d.candidates.map((c) => ({ ...c, entry: 0 })),
    });
    assert.deepEqual(comparable(live), comparable(files));
  });

  it('exposure lists the same Services as from the files', async () => {
    const live = await json<ExposureJson>('exposure.v1.schema.json', [
      'exposure',
      '--cluster',
      '--kubeconfig',
      kubeconfig,
    ]);
    const files = await json<ExposureJson>('exposure.v1.schema.json', ['exposure', 'examples/']);
    assert.deepEqual(live.summary, files.summary);
    assert.deepEqual(
      live.services.map((s) => s.service),
      files.services.map((s) => s.service),
    );
  });
});

const DEFAULT_BACKEND_YAML = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: nginx }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: catch-all, namespace: web }
spec:
  ingressClassName: nginx
  defaultBackend:
    service: { name: not-found-page, port: { number: 8080 } }
  rules:
    - host: www.example.org
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: site, port: { number: 80 } } } }
---
apiVersion: v1
kind: Service
metadata: { name: not-found-page, namespace: web }
spec: { selector: { app: not-found-page }, ports: [{ port: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: site, namespace: web }
spec: { selector: { app: site }, ports: [{ port: 80 }] }
`;

/** Escape sequences in a host, a path, an annotation (allowlist) and a selector: YAML's \\u escapes. */
const HOSTILE_YAML = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: evil
  namespace: web
  annotations:
    nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8,\\u001b]0;owned\\u0007"
spec:
  ingressClassName: nginx
  rules:
    - host: "evil.example.com"
      http:
        paths:
          - path: "/x\\u001b[2J"
            pathType: ImplementationSpecific
            backend: { service: { name: "svc\\u009b31m", port: { number: 80 } } }
          - path: /x
            pathType: Prefix
            backend: { service: { name: web, port: { number: 80 } } }
    - host: "bad\\u001b[31m.example.com"
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: web }
spec: { selector: { app: "web\\u001b[5m" }, ports: [{ port: 80 }] }
`;
