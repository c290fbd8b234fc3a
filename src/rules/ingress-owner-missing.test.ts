import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './ingress-owner-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-team-label.yaml' },
    {
      name: 'a configured prefixed key',
      options: { keys: ['example.com/cost-center'] },
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop, labels: { example.com/cost-center: "4711" } }
spec: { ingressClassName: nginx }
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-no-owner.yaml',
      errors: [
        {
          messageId: 'missing',
          path: 'metadata.labels',
          line: 6,
          data: { keys: 'owner, team, app.kubernetes.io/owner, app.kubernetes.io/team, contact' },
        },
      ],
    },
    {
      fixture: 'fire-custom-keys.yaml',
      options: { keys: ['cost-center'] },
      errors: [{ messageId: 'missing', path: 'metadata.labels', data: { keys: 'cost-center' } }],
    },
    {
      name: 'an empty owner value does not count, and no labels points at metadata',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop, annotations: { owner: "" } }
spec: { ingressClassName: nginx }
`,
      errors: [{ messageId: 'missing', path: 'metadata' }],
    },
  ],
});

describe('ingress-owner-missing options', () => {
  it('rejects unknown option keys and an empty key list', () => {
    const schema = rule.options;
    assert.ok(schema);
    assert.equal(schema.safeParse({ key: ['team'] }).success, false);
    assert.equal(schema.safeParse({ keys: [] }).success, false);
  });
});
