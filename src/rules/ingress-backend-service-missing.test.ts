import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './ingress-backend-service-missing.ts';
import { ruleTester, runSingleRule } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-services-present.yaml' }],
  invalid: [
    {
      fixture: 'fire-service-absent.yaml',
      errors: [
        {
          messageId: 'missing',
          path: 'spec.rules[0].http.paths[1].backend.service.name',
          line: 20,
          data: { service: 'cart-api', namespace: 'shop' },
        },
      ],
    },
    {
      name: 'v1beta1 default backend (spec.backend) is checked too',
      fixture: 'fire-default-backend-legacy.yaml',
      errors: [{ messageId: 'missing', path: 'spec.backend.serviceName', data: { service: 'fallback' } }],
    },
  ],
});

describe('ingress-backend-service-missing without Services in the input', () => {
  it('is not checked rather than reporting every backend missing', () => {
    const { model } = modelFromYaml(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  defaultBackend: { service: { name: web, port: { number: 80 } } }
`);
    const result = runSingleRule(rule, model, 0);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notChecked, [{ ruleId: rule.id, reason: 'the input contains no Service' }]);
  });
});
