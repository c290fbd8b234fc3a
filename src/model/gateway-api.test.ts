import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromYaml } from '../../test/helpers/load.ts';
import {
  findGateway,
  findReferenceGrant,
  gatewayClasses,
  gatewayHostnameMatches,
  gateways,
  gatewayView,
  hostnameIntersection,
  isReferenceGranted,
  listenerAcceptsRoute,
  referenceGrants,
  routes,
  routeView,
  type GatewayView,
  type RouteView,
} from './gateway-api.ts';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: eg }
spec: { controllerName: gateway.envoyproxy.io/gatewayclass-controller }
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata: { name: edge, namespace: infra }
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      port: 80
      protocol: HTTP
    - name: https
      port: 443
      protocol: HTTPS
      hostname: "*.example.com"
      tls:
        certificateRefs:
          - name: wildcard-tls
          - name: other-tls
            namespace: certs
            kind: Secret
      allowedRoutes:
        namespaces:
          from: Selector
          selector: { matchLabels: { expose: "true" } }
    - name: tls
      port: 8443
      protocol: TLS
      tls: { mode: Passthrough }
      allowedRoutes:
        namespaces: { from: All }
        kinds: [{ kind: TLSRoute }]
`;

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1);
  const [item] = items;
  assert.ok(item !== undefined);
  return item;
}

describe('Gateway API views', () => {
  const { model } = modelFromYaml(GATEWAY);

  it('reads GatewayClass and Gateway with defaults and field paths', () => {
    assert.equal(
      gatewayClasses(model).get('eg')?.controllerName,
      'gateway.envoyproxy.io/gatewayclass-controller',
    );
    const gateway = only(gateways(model));
    assert.equal(
      gateway.resource.apiVersion,
      'gateway.networking.k8s.io/v1beta1',
      'original apiVersion kept',
    );
    assert.equal(gateway.className, 'eg');
    const [http, https, tls] = gateway.listeners;
    assert.deepEqual(
      {
        name: http?.name,
        hostname: http?.hostname,
        port: http?.port,
        tls: http?.tls,
        from: http?.allowedRoutes.from,
      },
      { name: 'http', hostname: undefined, port: 80, tls: undefined, from: 'Same' },
    );
    assert.equal(https?.tls?.mode, 'Terminate');
    assert.deepEqual(https.tls.certificateRefs, [
      {
        group: '',
        kind: 'Secret',
        name: 'wildcard-tls',
        namespace: 'infra',
        crossNamespace: false,
        fieldPath: 'spec.listeners[1].tls.certificateRefs[0]',
      },
      {
        group: '',
        kind: 'Secret',
        name: 'other-tls',
        namespace: 'certs',
        crossNamespace: true,
        fieldPath: 'spec.listeners[1].tls.certificateRefs[1]',
      },
    ]);
    assert.deepEqual(https.allowedRoutes.selector, { matchLabels: { expose: 'true' } });
    assert.equal(tls?.tls?.mode, 'Passthrough');
    assert.deepEqual(tls.allowedRoutes.kinds, [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }]);
    assert.equal(tls.fieldPath, 'spec.listeners[2]');
  });

  it('caches views per model', () => {
    const gateway = only(gateways(model));
    assert.equal(gatewayView(model, gateway.resource), gateway);
    assert.equal(findGateway(model, 'infra', 'edge'), gateway);
    assert.equal(findGateway(model, 'other', 'edge'), undefined);
  });
});

describe('route views', () => {
  const { model } = modelFromYaml(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop, creationTimestamp: "2026-01-01T00:00:00Z" }
spec:
  parentRefs: [{ name: edge, namespace: infra, sectionName: https }]
  hostnames: [shop.example.com]
  rules:
    - backendRefs: [{ name: web, port: 80 }]
    - matches:
        - path: { type: Exact, value: /login }
          headers: [{ name: x-canary, value: "1" }]
          queryParams: [{ type: RegularExpression, name: v, value: "^2" }]
          method: POST
        - headers: [{ name: x-env, value: dev }]
      filters: [{ type: RequestRedirect, requestRedirect: { scheme: https } }]
      backendRefs:
        - { name: auth, namespace: identity, port: 8080, weight: 90 }
        - { group: example.com, kind: Bucket, name: static }
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: GRPCRoute
metadata: { name: rpc, namespace: shop }
spec:
  parentRefs: [{ name: edge, namespace: infra, port: 443 }]
  rules:
    - matches: [{ method: { service: shop.Cart, method: Add } }]
      backendRefs: [{ name: cart, port: 9000 }]
    - backendRefs: [{ name: cart, port: 9000 }]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: { name: db, namespace: data }
spec:
  parentRefs: [{ name: edge, namespace: infra, group: gateway.networking.k8s.io, kind: Gateway }]
  hostnames: [db.example.com]
  rules: [{ backendRefs: [{ name: db, port: 5432 }] }]
`);
  const [http, grpc, tls] = routes(model) as [RouteView, RouteView, RouteView];

  it('applies the HTTPRoute defaults', () => {
    assert.equal(http.kind, 'HTTPRoute');
    assert.equal(http.creationTimestamp, '2026-01-01T00:00:00Z');
    assert.deepEqual(http.hostnames, ['shop.example.com']);
    assert.deepEqual(only(http.parentRefs), {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: 'edge',
      namespace: 'infra',
      sectionName: 'https',
      port: undefined,
      index: 0,
      fieldPath: 'spec.parentRefs[0]',
    });
    const [catchAll, specific] = http.rules;
    const implied = only(catchAll?.matches ?? []);
    assert.deepEqual(implied.path, { type: 'PathPrefix', value: '/' });
    assert.equal(implied.index, -1);
    assert.equal(implied.fieldPath, 'spec.rules[0]');
    assert.deepEqual(only(catchAll?.backendRefs ?? []), {
      group: '',
      kind: 'Service',
      name: 'web',
      namespace: 'shop',
      crossNamespace: false,
      port: 80,
      weight: 1,
      index: 0,
      fieldPath: 'spec.rules[0].backendRefs[0]',
    });
    const [exact, headerOnly] = specific?.matches ?? [];
    assert.deepEqual(exact?.path, { type: 'Exact', value: '/login' });
    assert.deepEqual(exact.headers, [{ type: 'Exact', name: 'x-canary', value: '1' }]);
    assert.deepEqual(exact.queryParams, [{ type: 'RegularExpression', name: 'v', value: '^2' }]);
    assert.equal(exact.method, 'POST');
    assert.equal(exact.fieldPath, 'spec.rules[1].matches[0]');
    assert.deepEqual(
      headerOnly?.path,
      { type: 'PathPrefix', value: '/' },
      'a match without path is PathPrefix /',
    );
    assert.equal(specific?.filters[0]?.type, 'RequestRedirect');
    const [auth, bucket] = specific.backendRefs;
    assert.equal(auth?.crossNamespace, true);
    assert.equal(auth.weight, 90);
    assert.equal(auth.namespace, 'identity');
    assert.deepEqual([bucket?.group, bucket?.kind, bucket?.port], ['example.com', 'Bucket', undefined]);
  });

  it('reads GRPCRoute methods and TLSRoute rules', () => {
    assert.equal(grpc.kind, 'GRPCRoute');
    assert.equal(grpc.parentRefs[0]?.port, 443);
    const [methodRule, anyRule] = grpc.rules;
    const method = only(methodRule?.matches ?? []);
    assert.deepEqual(method.grpcMethod, { type: 'Exact', service: 'shop.Cart', method: 'Add' });
    assert.equal(method.path, undefined);
    assert.deepEqual(anyRule?.matches, [], 'a GRPCRoute rule without matches matches every request');
    assert.equal(tls.kind, 'TLSRoute');
    assert.equal(tls.rules[0]?.backendRefs[0]?.port, 5432);
    assert.equal(routeView(model, tls.resource), tls);
  });
});

describe('ReferenceGrant', () => {
  const { model } = modelFromYaml(`apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: from-shop, namespace: identity }
spec:
  from:
    - { group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop }
    - { group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: shop }
  to:
    - { group: "", kind: Service, name: auth }
---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: { name: gateways-to-certs, namespace: certs }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: Gateway, namespace: infra }]
  to: [{ group: "", kind: Secret }]
`);
  const httpRoute = { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' };
  const auth = { group: '', kind: 'Service', namespace: 'identity', name: 'auth' };

  it('grants what from and to name, ORing their entries', () => {
    assert.equal(isReferenceGranted(model, httpRoute, auth), true);
    assert.equal(
      findReferenceGrant(model, { ...httpRoute, kind: 'GRPCRoute' }, auth)?.resource.name,
      'from-shop',
    );
  });

  it('refuses other names, kinds, namespaces and groups', () => {
    assert.equal(isReferenceGranted(model, httpRoute, { ...auth, name: 'admin' }), false);
    assert.equal(isReferenceGranted(model, { ...httpRoute, kind: 'TLSRoute' }, auth), false);
    assert.equal(isReferenceGranted(model, { ...httpRoute, namespace: 'blog' }, auth), false);
    assert.equal(isReferenceGranted(model, httpRoute, { ...auth, group: 'example.com' }), false);
    // The grant lives in the target's namespace: one in another namespace does not count.
    assert.equal(isReferenceGranted(model, httpRoute, { ...auth, namespace: 'certs' }), false);
  });

  it('needs no grant within a namespace; a to without name grants every object of the kind', () => {
    assert.equal(isReferenceGranted(model, httpRoute, { ...auth, namespace: 'shop', name: 'x' }), true);
    const gateway = { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' };
    assert.equal(
      isReferenceGranted(model, gateway, { group: '', kind: 'Secret', namespace: 'certs', name: 'any' }),
      true,
    );
    assert.equal(referenceGrants(model, 'certs')[0]?.to[0]?.name, undefined);
    assert.equal(referenceGrants(model).length, 2);
  });
});

describe('listenerAcceptsRoute', () => {
  const routeYaml = (namespace: string, parentRef: string, kind = 'HTTPRoute') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: { name: r, namespace: ${namespace} }
spec:
  parentRefs: [${parentRef}]
`;
  const check = (extra: string, listenerName: string, namespaceYaml = '') => {
    const { model } = modelFromYaml(GATEWAY + namespaceYaml + extra);
    const gateway = gateways(model)[0] as GatewayView;
    const listener = gateway.listeners.find((l) => l.name === listenerName);
    assert.ok(listener);
    return listenerAcceptsRoute(gateway, listener, routes(model)[0] as RouteView, model);
  };

  it('Same (the default) admits routes of the Gateway namespace only', () => {
    assert.equal(check(routeYaml('infra', '{ name: edge }'), 'http'), true);
    assert.equal(check(routeYaml('shop', '{ name: edge, namespace: infra }'), 'http'), false);
  });

  it('Selector matches Namespace labels, and kubernetes.io/metadata.name', () => {
    const namespaces = `---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { expose: "true" } }
---
apiVersion: v1
kind: Namespace
metadata: { name: blog }
`;
    assert.equal(check(routeYaml('shop', '{ name: edge, namespace: infra }'), 'https', namespaces), true);
    assert.equal(check(routeYaml('blog', '{ name: edge, namespace: infra }'), 'https', namespaces), false);
  });

  it('Selector gives the benefit of the doubt when the input has no Namespaces', () => {
    assert.equal(check(routeYaml('shop', '{ name: edge, namespace: infra }'), 'https'), true);
  });

  it('honours sectionName, port and kinds', () => {
    assert.equal(check(routeYaml('infra', '{ name: edge, sectionName: https }'), 'http'), false);
    assert.equal(check(routeYaml('infra', '{ name: edge, port: 80 }'), 'http'), true);
    assert.equal(check(routeYaml('infra', '{ name: edge, port: 8080 }'), 'http'), false);
    assert.equal(check(routeYaml('shop', '{ name: edge, namespace: infra }', 'TLSRoute'), 'tls'), true);
    assert.equal(
      check(routeYaml('shop', '{ name: edge, namespace: infra }'), 'tls'),
      false,
      'kinds: TLSRoute only',
    );
    assert.equal(
      check(routeYaml('infra', '{ name: edge }', 'TLSRoute'), 'http'),
      false,
      'HTTP admits no TLSRoute',
    );
  });

  it('ignores parentRefs to another Gateway or kind', () => {
    assert.equal(check(routeYaml('infra', '{ name: other }'), 'http'), false);
    assert.equal(check(routeYaml('infra', '{ name: edge, kind: Service, group: "" }'), 'http'), false);
  });
});

describe('hostnames', () => {
  it('wildcards match one or more labels, never the bare domain', () => {
    assert.equal(gatewayHostnameMatches('*.example.com', 'www.example.com'), true);
    assert.equal(gatewayHostnameMatches('*.example.com', 'a.b.example.com'), true);
    assert.equal(gatewayHostnameMatches('*.example.com', 'example.com'), false);
    assert.equal(gatewayHostnameMatches('*.example.com', 'badexample.com'), false);
    assert.equal(gatewayHostnameMatches('*.com', 'www.example.com'), true);
    assert.equal(gatewayHostnameMatches('*', 'anything.io'), true);
    assert.equal(gatewayHostnameMatches('WWW.example.com', 'www.EXAMPLE.com'), true);
  });

  // The table of the Gateway API "Hostnames" concept page.
  const table: [string | undefined, string[], string[]][] = [
    ['www.example.com', ['www.example.com'], ['www.example.com']],
    ['*.example.com', ['www.example.com'], ['www.example.com']],
    ['*.example.com', ['sub.domain.example.com'], ['sub.domain.example.com']],
    ['www.example.com', ['*.example.com'], ['www.example.com']],
    ['sub.domain.example.com', ['*.example.com'], ['sub.domain.example.com']],
    ['*.example.com', ['*.example.com'], ['*.example.com']],
    ['*.com', ['*.example.com'], ['*.example.com']],
    ['*.example.com', ['*.com'], ['*.example.com']],
    [undefined, ['www.example.com'], ['www.example.com']],
    [undefined, [], ['*']],
    ['www.example.com', [], ['www.example.com']],
    ['www.example.com', ['www.example.org'], []],
    ['*.example.com', ['example.com', 'test.example.net'], []],
    ['*.example.com', ['test.example.com', 'test.example.net'], ['test.example.com']],
    ['*.a.example.com', ['*.b.example.com'], []],
  ];
  for (const [listener, route, expected] of table) {
    it(`listener ${listener ?? '(none)'} × route [${route.join(', ')}] → [${expected.join(', ')}]`, () => {
      assert.deepEqual(hostnameIntersection(listener, route), expected);
    });
  }
});
