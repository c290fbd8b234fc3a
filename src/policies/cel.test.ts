/**
 * The policy table: expressions as ValidatingAdmissionPolicies write them, over one Ingress, with the
 * value (or the error) each must give. Covers the standard macros and functions, the strings
 * extension, the Kubernetes library functions gatewatch adds, numbers as Kubernetes types them, and
 * what must be rejected when the policy is loaded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CelCompileError, compileExpression, describeValue, toCel, type Activation } from './cel.ts';

const INGRESS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name: 'shop',
    namespace: 'team-a',
    labels: { app: 'shop', tier: 'public' },
    annotations: {
      'kubernetes.io/ingress.class': 'nginx',
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
    },
  },
  spec: {
    ingressClassName: 'nginx-public',
    tls: [{ hosts: ['shop.corp.example', 'www.corp.example'], secretName: 'shop-tls' }],
    rules: [
      {
        host: 'shop.corp.example',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
          ],
        },
      },
      {
        host: 'www.corp.example',
        http: {
          paths: [
            {
              path: '/api',
              pathType: 'Prefix',
              backend: { service: { name: 'api', port: { number: 8080 } } },
            },
            {
              path: '/static',
              pathType: 'Exact',
              backend: { service: { name: 'cdn', port: { name: 'http' } } },
            },
          ],
        },
      },
    ],
  },
};

const NAMESPACE = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'team-a', labels: { env: 'prod' } },
};

const ACTIVATION: Activation = {
  object: toCel(INGRESS),
  oldObject: null,
  namespaceObject: toCel(NAMESPACE),
  params: toCel({ allowedClasses: ['nginx-public', 'nginx-internal'], maxPaths: 3, suffix: '.corp.example' }),
  request: toCel({ operation: 'CREATE', name: 'shop', namespace: 'team-a' }),
  variables: new Map([['hosts', toCel(['shop.corp.example', 'www.corp.example'])]]),
};

/** [expression, expected value as describeValue prints it]. */
const VALUES: readonly (readonly [string, string])[] = [
  // The spec's example and its siblings: macros over the rules.
  ["object.spec.rules.all(r, r.host.endsWith('.corp.example'))", 'true'],
  ["object.spec.rules.exists(r, r.host.startsWith('www.'))", 'true'],
  ["object.spec.rules.exists_one(r, r.host.contains('shop'))", 'true'],
  ['object.spec.rules.map(r, r.host)', '[shop.corp.example, www.corp.example]'],
  ["object.spec.rules.filter(r, r.host.matches('^www[.]'))[0].host", 'www.corp.example'],
  ['object.spec.rules.all(r, r.http.paths.all(p, p.pathType in ["Prefix", "Exact"]))', 'true'],
  ['object.spec.rules.map(r, size(r.http.paths)).sum()', '3'],
  // has() on maps, and the annotation idioms.
  ['has(object.spec.tls)', 'true'],
  ['has(object.spec.defaultBackend)', 'false'],
  ["'kubernetes.io/ingress.class' in object.metadata.annotations", 'true'],
  ["object.metadata.annotations['kubernetes.io/ingress.class'] in ['nginx', 'HAProxy']", 'true'],
  [
    "!has(object.metadata.annotations) || !object.metadata.annotations.exists(k, k.endsWith('-snippet'))",
    'true',
  ],
  // Numbers: whole numbers are ints, as Kubernetes types them.
  ['object.spec.rules[0].http.paths[0].backend.service.port.number + 1', '81'],
  ['type(object.spec.rules[0].http.paths[0].backend.service.port.number) == int', 'true'],
  [
    'object.spec.rules[1].http.paths.all(p, !has(p.backend.service.port.number) || p.backend.service.port.number < 65536)',
    'true',
  ],
  [
    "int(object.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size'].replace('m', '')) <= 10",
    'true',
  ],
  // size() both ways.
  ['size(object.spec.rules) == 2 && object.spec.rules.size() == 2', 'true'],
  ["size('abc')", '3'],
  // Strings extension.
  ["object.metadata.name.upperAscii() + '-' + 'ABC'.lowerAscii()", 'SHOP-abc'],
  ["'a,b,c'.split(',').join('+')", 'a+b+c'],
  ["'  x '.trim()", 'x'],
  ["'shop.corp.example'.substring(5)", 'corp.example'],
  ["'shop.corp.example'.indexOf('.')", '4'],
  ["'shop.corp.example'.lastIndexOf('.')", '9'],
  ["'x-%s'.format(['y'])", 'x-y'],
  // Kubernetes library functions.
  ['[3, 1, 2].max() == 3 && [3, 1, 2].min() == 1', 'true'],
  ["['a', 'b', 'c'].isSorted() && ![2, 1].isSorted()", 'true'],
  ["['a', 'b', 'a'].indexOf('a') == 0 && ['a', 'b', 'a'].lastIndexOf('a') == 2", 'true'],
  ['[[1, 2], [3]].flatten()', '[1, 2, 3]'],
  ['[1, 2, 3, 4].slice(1, 3)', '[2, 3]'],
  ["'shop-v12'.find('[0-9]+')", '12'],
  ["'a1b22c333'.findAll('[0-9]+')", '[1, 22, 333]'],
  ["'a1b22c333'.findAll('[0-9]+', 2)", '[1, 22]'],
  ["'ABC'.find('(?i)b')", 'B'],
  ["url('https://shop.corp.example:8443/api?x=1&x=2').getHost()", 'shop.corp.example:8443'],
  ["url('https://shop.corp.example:8443/api').getHostname()", 'shop.corp.example'],
  ["url('https://shop.corp.example:8443/api').getPort()", '8443'],
  ["url('https://shop.corp.example/api/v1').getEscapedPath()", '/api/v1'],
  ["url('https://shop.corp.example/?x=1&x=2').getQuery()['x']", '[1, 2]'],
  ["url('/healthz').getScheme()", ''],
  ["isURL('https://example.com') && !isURL('example.com')", 'true'],
  ["isIP('10.0.0.1') && isIP('::1') && !isIP('10.0.0.256')", 'true'],
  ["isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0/33') && !isCIDR('10.0.0.0')", 'true'],
  ["sets.contains(['a', 'b', 'c'], ['a', 'c']) && !sets.contains(['a'], ['b'])", 'true'],
  ["sets.intersects(['a', 'b'], ['b', 'z']) && sets.equivalent(['a', 'b'], ['b', 'a', 'a'])", 'true'],
  // The other variables.
  ['oldObject == null', 'true'],
  ["namespaceObject.metadata.labels.env == 'prod'", 'true'],
  ['object.spec.ingressClassName in params.allowedClasses', 'true'],
  ['object.spec.rules.map(r, r.http.paths.size()).sum() <= params.maxPaths', 'true'],
  ['object.spec.rules.all(r, r.host.endsWith(params.suffix))', 'true'],
  ["request.operation == 'CREATE'", 'true'],
  ['variables.hosts.all(h, h in object.spec.tls[0].hosts)', 'true'],
  // Logic: errors absorbed by && and || as CEL's commutative logic defines.
  ['false && object.spec.nope', 'false'],
  ['object.spec.nope || true', 'true'],
  ['has(object.spec.backend) ? object.spec.backend.service.name : "none"', 'none'],
  ["duration('1h') > duration('30m')", 'true'],
];

/** [expression, a fragment of the runtime error]. */
const ERRORS: readonly (readonly [string, string])[] = [
  ['object.spec.rules.all(r, r.http.paths.all(p, p.backend.service.port.number > 0))', 'number'],
  ['object.spec.defaultBackend.service.name', 'defaultBackend'],
  ["object.metadata.annotations['absent']", 'absent'],
  ['object.spec.rules[5]', '5'],
  ['object.metadata.name + 1', 'overload'],
  ['1 / 0', 'divide by zero'],
  ["'x'.substring(3)", 'out of bounds'],
  ['[].max()', 'empty'],
  ["url('not a url')", 'URL'],
  ["int('twelve')", ''],
];

/** [expression, a fragment of the compile error]. */
const REJECTED: readonly (readonly [string, string])[] = [
  ["object.spec.rules.all(r, r.host.endsWith('.corp.example')", 'expecting'],
  ['objekt.spec', "undeclared reference to 'objekt'"],
  ["object.metadata.name.endWith('x')", "function 'endWith'"],
  ['lookup(object)', "function 'lookup'"],
  ['variables.undeclared', "'variables.undeclared'"],
  ['object.spec.rules.all(r, s.host != "")', "'s'"],
  ["authorizer.group('apps').check('get')", 'authorizer'],
  ['object.?spec.?tls.orValue([])', 'optional field syntax'],
  ['', ''],
];

describe('CEL policy table', () => {
  for (const [expression, expected] of VALUES) {
    it(`${expression} → ${expected}`, () => {
      const result = compileExpression(expression, { variableNames: ['hosts'] }).evaluate(ACTIVATION);
      assert.ok(result.ok, result.ok ? '' : result.error);
      assert.equal(describeValue(result.value), expected);
    });
  }
  for (const [expression, fragment] of ERRORS) {
    it(`${expression} → evaluation error`, () => {
      const result = compileExpression(expression).evaluate(ACTIVATION);
      assert.ok(!result.ok, result.ok ? `gave ${describeValue(result.value)}` : '');
      assert.ok(result.error.includes(fragment), result.error);
    });
  }
  for (const [expression, fragment] of REJECTED) {
    it(`${JSON.stringify(expression)} → rejected at load`, () => {
      assert.throws(
        () => compileExpression(expression, { variableNames: ['hosts'] }),
        (error: unknown) => error instanceof CelCompileError && error.message.includes(fragment),
      );
    });
  }

  it('converts whole numbers to int and others to double, objects to maps, once per object', () => {
    const value = { a: 1, b: 1.5, c: [{ d: null }] };
    assert.equal(toCel(value), toCel(value));
    const result = compileExpression(
      'type(object.a) == int && type(object.b) == double && object.c[0].d == null',
    ).evaluate({ object: toCel(value) });
    assert.deepEqual(result, { ok: true, value: true });
  });
});
