import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './ingress-backend-no-networkpolicy.ts';
import { ruleTester, runSingleRule } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-default-deny.yaml' }, { fixture: 'dont-fire-pods-not-in-input.yaml' }],
  invalid: [
    {
      name: 'one finding per Service, at its first backend',
      fixture: 'fire-no-policy-selects.yaml',
      errors: [
        {
          messageId: 'noPolicy',
          path: 'spec.rules[0].http.paths[0].backend.service.name',
          line: 15,
          data: { service: 'storefront', workload: 'Deployment "storefront"' },
        },
      ],
    },
    {
      fixture: 'fire-policy-allows-all.yaml',
      errors: [
        {
          messageId: 'allowsAll',
          path: 'spec.defaultBackend.service.name',
          data: { policy: 'storefront-http', workload: 'Deployment "storefront"' },
        },
      ],
    },
  ],
});

describe('ingress-backend-no-networkpolicy without NetworkPolicies in the input', () => {
  it('is not checked: policies may be managed elsewhere', () => {
    const { model } = modelFromYaml(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  defaultBackend: { service: { name: web, port: { number: 80 } } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
`);
    const result = runSingleRule(rule, model, 0);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notChecked, [{ ruleId: rule.id, reason: 'the input contains no NetworkPolicy' }]);
  });
});
