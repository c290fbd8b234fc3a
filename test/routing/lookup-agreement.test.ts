/**
 * `route` answers through the precedence-ordered host buckets of lookup.ts and only explains (ranks
 * every candidate) when `candidates` is read. The two must never disagree: for every routing fixture
 * and requests drawn from its own entries (hosts, wildcard hosts, path variants, schemes, methods,
 * canary headers and cookies, Gateway API header and query matches), the fast decision must equal the
 * fully explained one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromYaml } from '../helpers/load.ts';
import { buildRouteTable, route, type RouteRequest, type RouteTable } from '../../src/routing/index.ts';
import { explainedRoute } from '../../src/routing/matcher.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'routing');
const CONFORMANCE = join(import.meta.dirname, '..', 'fixtures', 'gateway-api-conformance');

/**
 * Contenders from several host buckets: one HTTPRoute naming an exact and two wildcard hosts (its
 * entries tie on every precedence key: the earliest bucket, exact, must win as in one stable sort), and
 * a Traefik Ingress with exact, wildcard and hostless rules (router priorities decide across buckets).
 */
const TIES = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: infra }
spec:
  gatewayClassName: example
  listeners: [{ name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: both, namespace: infra }
spec:
  parentRefs: [{ name: gw, namespace: infra }]
  hostnames: [a.tie.example.com, '*.tie.example.com', '*.example.com']
  rules:
    - { matches: [{ path: { type: PathPrefix, value: /x } }], backendRefs: [{ name: svc, port: 8080 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: both, namespace: tr }
spec:
  ingressClassName: traefik
  rules:
    - host: a.tr.example.com
      http: { paths: [{ path: /x, pathType: Prefix, backend: { service: { name: svc, port: { number: 80 } } } }] }
    - host: '*.tr.example.com'
      http: { paths: [{ path: /x, pathType: Prefix, backend: { service: { name: svc, port: { number: 80 } } } }] }
    - http: { paths: [{ path: /x, pathType: Prefix, backend: { service: { name: svc, port: { number: 80 } } } }] }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: traefik }
spec: { controller: traefik.io/ingress-controller }
`;

/** Every routing fixture, and every Gateway API conformance test with its base manifests. */
function tables(): [string, RouteTable][] {
  const routing = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.yaml'))
    .map((f): [string, string] => [f, readFileSync(join(FIXTURES, f), 'utf8')]);
  const base = readFileSync(join(CONFORMANCE, 'base', 'manifests.yaml'), 'utf8');
  const conformance = readdirSync(CONFORMANCE)
    .filter((name) => name !== 'base')
    .map((name): [string, string] => [
      name,
      `${base}\n---\n${readFileSync(join(CONFORMANCE, name, 'manifests.yaml'), 'utf8')}`,
    ]);
  return [...routing, ...conformance, ['ties across host buckets', TIES] as [string, string]].map(
    ([name, yaml]) => [name, buildRouteTable(modelFromYaml(yaml, name).model)],
  );
}

function requestsFor(table: RouteTable): RouteRequest[] {
  const hosts = new Set(['unknown.example.org', 'example.com']);
  const paths = new Set(['/', '/x', '/foo/bar/ABC', '/something/abc']);
  const headerSets: Record<string, string>[] = [{}];
  const allHeaders: Record<string, string> = {};
  for (const entry of table.entries) {
    if (entry.host.type !== 'any') {
      hosts.add(entry.host.value.replace('*', 'x'));
      hosts.add(entry.host.value.replace('*', 'a.b'));
    }
    const path = entry.path.value;
    for (const variant of [path, `${path}/`, `${path}/sub`, `${path}x`, path.toUpperCase()])
      paths.add(variant);
    if (entry.queryParams.length > 0)
      paths.add(`${path}?${entry.queryParams.map((q) => `${q.name}=${q.value}`).join('&')}`);
    if (entry.headers.length > 0)
      headerSets.push(Object.fromEntries(entry.headers.map((h) => [h.name, h.value])));
    for (const header of entry.headers) allHeaders[header.name] = header.value;
    const canary = entry.canary;
    if (canary?.byHeader !== undefined)
      for (const value of ['always', 'never', canary.headerValue ?? 'eu-west'])
        headerSets.push({ [canary.byHeader]: value });
    if (canary?.byCookie !== undefined)
      for (const value of ['always', 'never'])
        headerSets.push({ cookie: `a=b; ${canary.byCookie}=${value}` });
  }
  headerSets.push(allHeaders);
  hosts.add('gateway.conformance.test');
  const out: RouteRequest[] = [];
  let i = 0;
  for (const host of hosts) {
    for (const path of paths) {
      const headers = headerSets[i++ % headerSets.length] ?? {};
      for (const scheme of ['http', 'https'])
        out.push({ method: i % 4 === 0 ? 'POST' : 'GET', scheme, host, path, headers });
    }
    for (const headers of headerSets)
      for (const path of [...paths].slice(0, 12))
        out.push({ host, path, headers, scheme: i % 2 ? 'https' : 'http' });
  }
  return out;
}

describe('route agrees with the fully explained decision', () => {
  for (const [name, table] of tables()) {
    it(name, () => {
      const options = [{}, ...table.frontends.map((f) => ({ frontend: f.key }))];
      let compared = 0;
      for (const request of requestsFor(table)) {
        for (const option of options) {
          const fast = route(table, request, option);
          const explained = explainedRoute(table, request, option);
          assert.deepEqual(
            { ...fast, candidates: undefined },
            { ...explained, candidates: undefined },
            JSON.stringify({ request, option }),
          );
          compared++;
        }
      }
      assert.ok(compared > 100, `only ${String(compared)} requests compared`);
    });
  }

  it('reads candidates only when asked, and keeps them', () => {
    const { model } = modelFromYaml(
      readFileSync(join(FIXTURES, 'ingress-nginx-basics.yaml'), 'utf8'),
      'basics',
    );
    const table = buildRouteTable(model);
    const decision = route(table, { host: 'shop.example.com', path: '/api/x' });
    const descriptor = Object.getOwnPropertyDescriptor(decision, 'candidates');
    assert.equal(descriptor?.enumerable, true);
    assert.equal(typeof descriptor.get, 'function');
    assert.equal(decision.candidates, decision.candidates);
    assert.deepEqual(
      JSON.parse(JSON.stringify(decision)),
      JSON.parse(JSON.stringify(explainedRoute(table, { host: 'shop.example.com', path: '/api/x' }))),
    );
  });
});
