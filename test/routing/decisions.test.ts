/**
 * Routing decisions, table-driven: one fixture per family of semantics (test/fixtures/routing), each
 * request with the backend it must reach (or the fallback), and where it matters why the others lost.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromYaml } from '../helpers/load.ts';
import {
  buildRouteTable,
  route,
  type RouteDecision,
  type RouteRequest,
  type RouteTable,
} from '../../src/routing/index.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'routing');

const tables = new Map<string, RouteTable>();
function tableFor(fixture: string): RouteTable {
  let table = tables.get(fixture);
  if (!table) {
    const { model } = modelFromYaml(readFileSync(join(FIXTURES, fixture), 'utf8'), fixture);
    tables.set(fixture, (table = buildRouteTable(model)));
  }
  return table;
}

interface Case {
  readonly name: string;
  readonly fixture: string;
  readonly request: RouteRequest;
  /** `namespace/name` of the Service reached; null when nothing is proxied. */
  readonly backend: string | null;
  readonly fallback?: RouteDecision['fallback'];
  readonly matchName?: string;
  readonly errorStatus?: number;
  readonly shares?: Readonly<Record<string, number>>;
  readonly secret?: string;
  /** A candidate that must be listed with a reason containing this text. */
  readonly loser?: { readonly name: string; readonly because: string };
}

const BASICS = 'ingress-nginx-basics.yaml';
const FALLBACK = 'ingress-nginx-fallback.yaml';
const REGEX = 'ingress-nginx-regex.yaml';
const COLLISIONS = 'ingress-nginx-collisions.yaml';
const CANARY = 'ingress-nginx-canary.yaml';
const TRAEFIK = 'traefik.yaml';
const GATEWAY = 'gateway-api.yaml';

const shop = (path: string): RouteRequest => ({ host: 'shop.example.com', path });
const prec = (path: string, method = 'POST', headers: Record<string, string> = {}): RouteRequest => ({
  host: 'prec.gw.example.com',
  path,
  method,
  headers,
});

const CASES: readonly Case[] = [
  // Ingress spec as ingress-nginx reads it
  {
    name: 'longest prefix wins',
    fixture: BASICS,
    request: shop('/api/x'),
    backend: 'shop/api',
    loser: { name: 'shop', because: 'shorter prefix' },
  },
  {
    name: 'Exact beats Prefix on an equal path',
    fixture: BASICS,
    request: shop('/api'),
    backend: 'shop/api-exact',
    loser: { name: 'shop', because: 'Prefix loses to Exact' },
  },
  {
    name: 'a Prefix matches its path with a trailing slash',
    fixture: BASICS,
    request: shop('/api/'),
    backend: 'shop/api',
  },
  {
    name: 'Prefix is element-wise: /api does not match /apix',
    fixture: BASICS,
    request: shop('/apix'),
    backend: 'shop/web',
  },
  { name: 'Exact path', fixture: BASICS, request: shop('/api/v1'), backend: 'shop/v1' },
  {
    name: 'Exact does not match a trailing slash',
    fixture: BASICS,
    request: shop('/api/v1/'),
    backend: 'shop/api',
  },
  {
    name: 'a Prefix written with a trailing slash matches without it',
    fixture: BASICS,
    request: shop('/docs'),
    backend: 'shop/docs',
  },
  {
    name: 'a Prefix written with a trailing slash matches below it',
    fixture: BASICS,
    request: shop('/docs/guide'),
    backend: 'shop/docs',
  },
  {
    name: 'ImplementationSpecific is an nginx prefix location (character-wise)',
    fixture: BASICS,
    request: shop('/imgs/1.png'),
    backend: 'shop/img',
  },
  {
    name: 'paths are case-sensitive without regex',
    fixture: BASICS,
    request: shop('/Api/x'),
    backend: 'shop/web',
  },
  {
    name: 'a wildcard host matches one label',
    fixture: BASICS,
    request: { host: 'a.example.com', path: '/' },
    backend: 'shop/wild',
    loser: { name: 'catchall', because: 'hostless rule loses to the wildcard host' },
  },
  {
    name: 'a wildcard host does not match two labels',
    fixture: BASICS,
    request: { host: 'a.b.example.com', path: '/' },
    backend: 'default/catchall',
  },
  {
    name: 'a wildcard host does not match the apex',
    fixture: BASICS,
    request: { host: 'example.com', path: '/' },
    backend: 'default/catchall',
  },
  {
    name: 'hostless rules answer unknown hosts (v1beta1)',
    fixture: BASICS,
    request: { host: 'unknown.org', path: '/only-hostless/x' },
    backend: 'default/hostless',
  },
  {
    name: 'a host rule beats the hostless rules outright',
    fixture: BASICS,
    request: shop('/only-hostless'),
    backend: 'shop/web',
    loser: { name: 'catchall', because: 'hostless rule loses to the exact host' },
  },
  {
    name: 'host compares case-insensitively, port ignored',
    fixture: BASICS,
    request: { host: 'SHOP.Example.com:8443', path: '/api/x' },
    backend: 'shop/api',
  },
  {
    name: 'exact host beats wildcard',
    fixture: BASICS,
    request: { host: 'shop.example.com', path: '/x', scheme: 'https' },
    backend: 'shop/web',
    secret: 'shop/shop-tls',
    loser: { name: 'wild', because: 'wildcard host loses to the exact host' },
  },
  {
    name: 'a path strict validation rejects is dead',
    fixture: BASICS,
    request: shop('/bad path'),
    backend: 'shop/web',
    loser: { name: 'shop', because: 'dead: Prefix path "/bad path" fails strict path validation' },
  },
  {
    name: 'no match: the defaultBackend answers',
    fixture: FALLBACK,
    request: { host: 'h.example.com', path: '/other' },
    backend: 'web/fallback-svc',
    fallback: 'default-backend',
  },
  {
    name: 'unknown host: the defaultBackend answers',
    fixture: FALLBACK,
    request: { host: 'nowhere.org', path: '/' },
    backend: 'web/fallback-svc',
    fallback: 'default-backend',
  },
  {
    name: 'a matching path beats the defaultBackend',
    fixture: FALLBACK,
    request: { host: 'h.example.com', path: '/app/1' },
    backend: 'web/app',
  },
  // ingress-nginx regex mode
  {
    name: 'regex mode: the longer regex is listed first and wins',
    fixture: REGEX,
    request: { host: 'regex.example.com', path: '/foo/bar/bar' },
    backend: 'rx/rx',
  },
  {
    name: 'regex mode: regex match',
    fixture: REGEX,
    request: { host: 'regex.example.com', path: '/foo/bar/abc' },
    backend: 'rx/rx',
  },
  {
    name: 'use-regex on one Ingress makes the host case-insensitive',
    fixture: REGEX,
    request: { host: 'regex.example.com', path: '/users/1' },
    backend: 'rx/users',
  },
  {
    name: 'regex mode: ^/foo',
    fixture: REGEX,
    request: { host: 'regex.example.com', path: '/foo/bar' },
    backend: 'rx/foo',
    loser: { name: 'rx-1', because: 'regex does not match' },
  },
  {
    name: 'regex mode: a Prefix becomes a character prefix',
    fixture: REGEX,
    request: { host: 'regex.example.com', path: '/foobar' },
    backend: 'rx/foo',
  },
  {
    name: 'without regex, paths stay case-sensitive',
    fixture: REGEX,
    request: { host: 'plain.example.com', path: '/users' },
    backend: null,
    fallback: 'controller-404',
  },
  {
    name: 'without regex, Prefix match',
    fixture: REGEX,
    request: { host: 'plain.example.com', path: '/Users/1' },
    backend: 'rx/users-plain',
  },
  {
    name: 'rewrite-target: capture-group path',
    fixture: REGEX,
    request: { host: 'rewrite.example.com', path: '/something/x' },
    backend: 'rx/rw',
  },
  {
    name: 'rewrite-target on a sibling Ingress makes the host case-insensitive',
    fixture: REGEX,
    request: { host: 'rewrite.example.com', path: '/STATIC/a' },
    backend: 'rx/static',
  },
  {
    name: 'no host, no default backend: controller 404',
    fixture: REGEX,
    request: { host: 'nowhere.example.com', path: '/' },
    backend: null,
    fallback: 'controller-404',
  },
  // collisions
  {
    name: 'host + path collision: the oldest Ingress wins',
    fixture: COLLISIONS,
    request: { host: 'c.example.com', path: '/x' },
    backend: 'a/old',
    loser: { name: 'new', because: 'shadowed (collision)' },
  },
  {
    name: 'an Ingress not created yet loses to an existing one',
    fixture: COLLISIONS,
    request: { host: 'c.example.com', path: '/extra' },
    backend: 'b/extra',
    loser: { name: 'pending', because: 'also claimed by Ingress b/new' },
  },
  {
    name: 'a duplicate path in one Ingress: the first wins',
    fixture: COLLISIONS,
    request: { host: 'd.example.com', path: '/a' },
    backend: 'a/first',
    loser: { name: 'dup', because: 'shadowed (duplicate)' },
  },
  // canaries
  {
    name: 'canary by header: always',
    fixture: CANARY,
    request: { host: 'h.canary.example.com', headers: { 'X-Canary': 'always' } },
    backend: 'canary/canary-h',
    matchName: 'canary-h',
  },
  {
    name: 'canary by header: never',
    fixture: CANARY,
    request: { host: 'h.canary.example.com', headers: { 'x-canary': 'never' } },
    backend: 'canary/stable-h',
  },
  {
    name: 'canary by header: absent, no weight',
    fixture: CANARY,
    request: { host: 'h.canary.example.com' },
    backend: 'canary/stable-h',
  },
  {
    name: 'canary by header value',
    fixture: CANARY,
    request: { host: 'v.canary.example.com', headers: { 'X-Env': 'staging' } },
    backend: 'canary/canary-v',
  },
  {
    name: 'canary by header value: other value',
    fixture: CANARY,
    request: { host: 'v.canary.example.com', headers: { 'X-Env': 'prod' } },
    backend: 'canary/stable-v',
  },
  {
    name: 'canary by header pattern',
    fixture: CANARY,
    request: { host: 'p.canary.example.com', headers: { 'X-Region': 'eu-west' } },
    backend: 'canary/canary-p',
  },
  {
    name: 'canary by header pattern: no match',
    fixture: CANARY,
    request: { host: 'p.canary.example.com', headers: { 'X-Region': 'us-east' } },
    backend: 'canary/stable-p',
  },
  {
    name: 'canary by cookie: always',
    fixture: CANARY,
    request: { host: 'c.canary.example.com', headers: { Cookie: 'a=1; beta=always' } },
    backend: 'canary/canary-c',
  },
  {
    name: 'canary by cookie: never',
    fixture: CANARY,
    request: { host: 'c.canary.example.com', headers: { Cookie: 'beta=never' } },
    backend: 'canary/stable-c',
  },
  {
    name: 'canary by weight: both backends with their shares',
    fixture: CANARY,
    request: { host: 'w.canary.example.com' },
    backend: 'canary/stable-w',
    matchName: 'main-w',
    shares: { 'canary/stable-w': 0.8, 'canary/canary-w': 0.2 },
  },
  {
    name: 'canary weight out of canary-weight-total',
    fixture: CANARY,
    request: { host: 't.canary.example.com' },
    backend: 'canary/canary-t',
    shares: { 'canary/stable-t': 0.25, 'canary/canary-t': 0.75 },
  },
  {
    name: 'a canary without a main Ingress is ignored',
    fixture: CANARY,
    request: { host: 'o.canary.example.com' },
    backend: null,
    fallback: 'controller-404',
  },
  // Traefik
  {
    name: 'Traefik: the longer rule has priority',
    fixture: TRAEFIK,
    request: { host: 'tr.example.com', path: '/api/x' },
    backend: 'tr/t-api',
    loser: { name: 't1', because: 'lower router priority' },
  },
  {
    name: 'Traefik: PathPrefix is a character prefix',
    fixture: TRAEFIK,
    request: { host: 'tr.example.com', path: '/apiextra' },
    backend: 'tr/t-api',
  },
  {
    name: 'Traefik: a host rule outranks a longer hostless path by rule length',
    fixture: TRAEFIK,
    request: { host: 'tr.example.com', path: '/api/very/long/path/segment/x' },
    backend: 'tr/t-api',
  },
  {
    name: 'Traefik: hostless rule for another host',
    fixture: TRAEFIK,
    request: { host: 'other.example.com', path: '/api/very/long/path/segment/x' },
    backend: 'tr/t-long',
  },
  {
    name: 'Traefik: router.priority overrides specificity',
    fixture: TRAEFIK,
    request: { host: 'tp.example.com', path: '/admin/x' },
    backend: 'tr/t-high',
  },
  {
    name: 'Traefik: a longer PathPrefix rule beats a shorter Path rule',
    fixture: TRAEFIK,
    request: { host: 'tr.example.com', path: '/apiv2' },
    backend: 'tr/t-api',
  },
  // Gateway API
  {
    name: 'Gateway API: ties go to the oldest route',
    fixture: GATEWAY,
    request: { host: 'tie.gw.example.com', path: '/tie' },
    backend: 'infra/tie-old',
    loser: { name: 'r-new', because: 'is older' },
  },
  {
    name: 'Gateway API: equal age, namespace/name order',
    fixture: GATEWAY,
    request: { host: 'same.gw.example.com', path: '/same' },
    backend: 'infra/same-a',
    loser: { name: 'r-b', because: 'namespace/name' },
  },
  {
    name: 'Gateway API: exact path first',
    fixture: GATEWAY,
    request: prec('/p/long'),
    backend: 'infra/pre-exact',
  },
  {
    name: 'Gateway API: longest prefix',
    fixture: GATEWAY,
    request: prec('/p/long/x'),
    backend: 'infra/pre-long',
  },
  {
    name: 'Gateway API: method beats headers',
    fixture: GATEWAY,
    request: prec('/p/x', 'GET', { 'x-a': '1', 'x-b': '2' }),
    backend: 'infra/pre-method',
  },
  {
    name: 'Gateway API: method match',
    fixture: GATEWAY,
    request: prec('/p/x', 'GET'),
    backend: 'infra/pre-method',
  },
  {
    name: 'Gateway API: most headers',
    fixture: GATEWAY,
    request: prec('/p/x', 'POST', { 'X-A': '1', 'X-B': '2' }),
    backend: 'infra/pre-headers',
    loser: { name: 'r-prec', because: 'fewer header matches' },
  },
  {
    name: 'Gateway API: one header',
    fixture: GATEWAY,
    request: prec('/p/x', 'POST', { 'x-a': '1' }),
    backend: 'infra/pre-header1',
  },
  {
    name: 'Gateway API: headers beat query params',
    fixture: GATEWAY,
    request: prec('/p/x?q=1', 'POST', { 'x-a': '1' }),
    backend: 'infra/pre-header1',
  },
  {
    name: 'Gateway API: query params',
    fixture: GATEWAY,
    request: prec('/p/x?q=1'),
    backend: 'infra/pre-query',
  },
  { name: 'Gateway API: plain prefix', fixture: GATEWAY, request: prec('/p/x'), backend: 'infra/pre-short' },
  {
    name: 'Gateway API: the most specific listener hostname takes the request',
    fixture: GATEWAY,
    request: { host: 'shop.gw.example.com', path: '/' },
    backend: 'infra/shop',
    loser: { name: 'r-shop', because: 'listener http is less specific' },
  },
  {
    name: 'Gateway API: route hostnames intersect a listener without hostname',
    fixture: GATEWAY,
    request: { host: 'other.org', path: '/' },
    backend: 'infra/shop',
  },
  {
    name: 'Gateway API: HTTPS listener with its certificate',
    fixture: GATEWAY,
    request: { host: 'shop.gw.example.com', path: '/', scheme: 'https' },
    backend: 'infra/shop',
    secret: 'infra/gw-tls',
  },
  {
    name: 'Gateway API: a cross-namespace backend without ReferenceGrant answers 500',
    fixture: GATEWAY,
    request: { host: 'cross.gw.example.com', path: '/' },
    backend: 'team/team-svc',
    errorStatus: 500,
  },
  {
    name: 'Gateway API: a ReferenceGrant allows the cross-namespace backend',
    fixture: GATEWAY,
    request: { host: 'granted.gw.example.com', path: '/' },
    backend: 'team/team-svc2',
  },
  {
    name: 'Gateway API: a route no listener hostname accepts serves nothing',
    fixture: GATEWAY,
    request: { host: 'nomatch.example.com', path: '/' },
    backend: null,
    fallback: 'controller-404',
  },
  {
    name: 'Gateway API: allowedRoutes Same refuses another namespace',
    fixture: GATEWAY,
    request: { host: 'shop.gw.example.com', path: '/nothing-else' },
    backend: 'infra/shop',
  },
];

describe('routing decisions', () => {
  it('has at least 60 cases', () => {
    assert.ok(CASES.length >= 60, String(CASES.length));
  });
  for (const c of CASES) {
    it(c.name, () => {
      const decision = route(tableFor(c.fixture), c.request);
      const reached = decision.backend ? `${decision.backend.namespace}/${decision.backend.name}` : null;
      assert.equal(reached, c.backend, JSON.stringify(decision, null, 1));
      if (c.fallback !== undefined) assert.equal(decision.fallback, c.fallback);
      else if (c.backend !== null) assert.equal(decision.fallback, null);
      if (c.matchName !== undefined) assert.equal(decision.match?.name, c.matchName);
      assert.equal(decision.errorStatus, c.errorStatus ?? null);
      if (c.secret !== undefined) assert.equal(decision.tls?.secret, c.secret);
      if (c.shares !== undefined) {
        const shares = Object.fromEntries(
          decision.backends.map((b) => [`${b.namespace}/${b.name}`, b.share]),
        );
        for (const [key, share] of Object.entries(c.shares))
          assert.ok(Math.abs((shares[key] ?? -1) - share) < 1e-9, `${key}: ${String(shares[key])}`);
      }
      if (c.loser !== undefined) {
        const { name, because } = c.loser;
        assert.ok(
          decision.candidates.some((l) => l.name === name && l.lostBecause.includes(because)),
          JSON.stringify(decision.candidates, null, 1),
        );
      }
    });
  }
});

describe('the route table marks dead and shadowed entries', () => {
  it('regex mode: a literal path behind a longer regex is shadowed', () => {
    const entry = tableFor(REGEX).entries.find((e) => e.path.value === '/foo/bar/bar');
    assert.equal(entry?.shadowed?.reason, 'regex-covers');
    assert.equal(entry.path.caseInsensitive, true);
    assert.match(entry.path.regexBecause ?? '', /use-regex on Ingress rx\/rx-1/);
  });
  it('Gateway API: dead entries keep their reason', () => {
    const reasons = new Map(tableFor(GATEWAY).entries.map((e) => [e.source.name, e.dead?.reason]));
    assert.equal(reasons.get('r-other-ns'), 'not-allowed-by-listener');
    assert.equal(reasons.get('r-missing'), 'parent-missing');
    assert.equal(reasons.get('r-nohost'), 'no-listener-hostname');
    assert.equal(reasons.get('r-cross'), 'backend-not-permitted');
  });
  it('strict path validation can be turned off', () => {
    const { model } = modelFromYaml(readFileSync(join(FIXTURES, BASICS), 'utf8'), BASICS);
    const table = buildRouteTable(model, { strictPathValidation: false });
    assert.equal(route(table, shop('/bad path/x')).backend?.name, 'bad');
  });
  it('the JSON contract fields are present', () => {
    const decision = route(tableFor(BASICS), {
      method: 'GET',
      scheme: 'https',
      host: 'shop.example.com',
      path: '/api/x',
      headers: {},
    });
    assert.deepEqual(Object.keys(decision).slice(0, 9), [
      'schemaVersion',
      'request',
      'match',
      'backend',
      'fallback',
      'tls',
      'controls',
      'candidates',
      'frontend',
    ]);
    assert.deepEqual(
      decision.match && { ...decision.match, fieldPath: undefined, file: undefined, line: undefined },
      {
        kind: 'Ingress',
        namespace: 'shop',
        name: 'shop',
        host: 'shop.example.com',
        path: '/api',
        pathType: 'Prefix',
        controller: 'k8s.io/ingress-nginx',
        fieldPath: undefined,
        file: undefined,
        line: undefined,
      },
    );
    assert.equal(tableFor(BASICS).entries[decision.entry ?? -1]?.source.line, 19);
    assert.deepEqual(decision.controls, { auth: false, allowlist: null, rateLimit: false, waf: false });
  });
});
