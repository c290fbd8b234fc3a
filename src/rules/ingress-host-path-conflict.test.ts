import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './ingress-host-path-conflict.ts';
import { ruleTester, TEST_NOW, runSingleRule } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';

const ingress = (
  name: string,
  extra: { namespace?: string; created?: string; path?: string; pathType?: string; className?: string } = {},
) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${extra.namespace ?? 'web'}
${extra.created ? `  creationTimestamp: '${extra.created}'\n` : ''}spec:
  ingressClassName: ${extra.className ?? 'nginx'}
  rules:
    - host: app.example.com
      http:
        paths:
          - path: ${extra.path ?? '/'}
            pathType: ${extra.pathType ?? 'Prefix'}
            backend: { service: { name: ${name}, port: { number: 80 } } }
`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-canary.yaml' },
    { fixture: 'dont-fire-different-classes.yaml' },
    {
      name: 'kyverno unique-ingress-host-and-path: admitted Ingresses',
      fixture: 'dont-fire-unique-host-and-path-kyverno.yaml',
    },
    {
      name: 'Exact and Prefix claim different requests',
      yaml: ingress('a', { pathType: 'Exact' }) + ingress('b'),
    },
    { name: 'different paths', yaml: ingress('a', { path: '/a' }) + ingress('b', { path: '/b' }) },
    {
      // Computed from the route table: ingress-nginx strict path validation rejects the path, so
      // neither Ingress serves it and nothing is contested (ingress-path-invalid reports it).
      name: 'a path the controller rejects claims nothing',
      yaml: ingress('a', { path: '/a b' }) + ingress('b', { path: '/a b' }),
    },
    {
      name: 'canary: "1" is true for ingress-nginx (Go ParseBool)',
      yaml:
        ingress('main', { created: '2025-01-01T00:00:00Z' }) +
        ingress('canary', { created: '2025-02-01T00:00:00Z' }).replace(
          'metadata:\n',
          "metadata:\n  annotations: { nginx.ingress.kubernetes.io/canary: '1' }\n",
        ),
    },
  ],
  invalid: [
    {
      name: 'the newer Ingress loses (a trailing slash does not change a Prefix path)',
      fixture: 'fire-newer-ingress-loses.yaml',
      errors: [
        {
          messageId: 'olderWins',
          object: 'checkout-v2',
          path: 'spec.rules[0].http.paths[1].path',
          data: {
            host: 'shop.example.com',
            path: '/checkout',
            pathType: 'Prefix',
            winner: 'shop/checkout',
            className: 'nginx',
          },
        },
      ],
    },
    {
      name: 'kyverno unique-ingress-host-and-path: the Ingresses applied later are the ones refused',
      fixture: 'fire-unique-host-and-path-kyverno.yaml',
      errors: [
        {
          messageId: 'inputOrderWins',
          object: 'badingress01',
          path: 'spec.rules[0].http.paths[1].path',
          data: { host: 'foo', path: '/foo', winner: 'default/ingress01' },
        },
        {
          messageId: 'inputOrderWins',
          object: 'badingress02',
          path: 'spec.rules[0].http.paths[0].path',
          data: { host: 'bar', path: '/bar', winner: 'default/ingress02' },
        },
      ],
    },
    {
      name: 'same creationTimestamp: namespace/name order decides',
      yaml:
        ingress('zeta', { namespace: 'alpha', created: '2025-01-01T00:00:00Z' }) +
        ingress('alpha', { namespace: 'beta', created: '2025-01-01T00:00:00Z' }),
      errors: [{ messageId: 'sameAgeNameWins', object: 'alpha', data: { winner: 'alpha/zeta' } }],
    },
    {
      name: 'an Ingress not created yet loses to an existing one, wherever it is in the input',
      yaml: ingress('new') + ingress('existing', { created: '2025-06-01T00:00:00Z' }),
      errors: [{ messageId: 'olderWins', object: 'new', data: { winner: 'web/existing' } }],
    },
    {
      name: 'three claimants: each loser names the winner',
      yaml:
        ingress('b', { created: '2025-02-01T00:00:00Z' }) +
        ingress('a', { created: '2025-01-01T00:00:00Z' }) +
        ingress('c', { created: '2025-03-01T00:00:00Z' }),
      errors: [
        { messageId: 'olderWins', object: 'b', data: { winner: 'web/a', claimants: 3 } },
        { messageId: 'olderWins', object: 'c', data: { winner: 'web/a', claimants: 3 } },
      ],
    },
    {
      name: 'Ingresses without any class are grouped together',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: one }
spec:
  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: one, port: { number: 80 } } } }] } }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: two }
spec:
  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: two, port: { number: 80 } } } }] } }]
`,
      errors: [{ messageId: 'inputOrderWins', object: 'two', data: { host: '*', className: 'none' } }],
    },
  ],
});

describe('ingress-host-path-conflict at scale', () => {
  // Every Ingress claims one shared path: a pairwise comparison would grow 16-fold from 2,500 to
  // 10,000 Ingresses, an index about 4-fold.
  const timeRun = (count: number): { ms: number; findings: number } => {
    const documents: string[] = [];
    for (let i = 0; i < count; i++) {
      documents.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-${i}
  namespace: ns-${i % 100}
spec:
  ingressClassName: nginx
  rules:
    - host: app-${i}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: app, port: { number: 80 } } }
    - host: shared.example.com
      http:
        paths:
          - path: /status
            pathType: Exact
            backend: { service: { name: app, port: { number: 80 } } }
`);
    }
    const { model } = modelFromYaml(documents.join('---\n'));
    const started = performance.now();
    const result = runSingleRule(rule, model, TEST_NOW);
    return { ms: performance.now() - started, findings: result.findings.length };
  };

  it('indexes claims instead of comparing every pair', () => {
    const small = timeRun(2_500);
    const large = timeRun(10_000);
    assert.equal(small.findings, 2_499);
    assert.equal(large.findings, 9_999);
    assert.ok(
      large.ms / small.ms < 10,
      `2,500: ${Math.round(small.ms)} ms, 10,000: ${Math.round(large.ms)} ms`,
    );
  });
});
