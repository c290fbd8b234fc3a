import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './ingress-tls-secret-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { runRules } from '../engine/run-rules.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-secret-present.yaml' }],
  invalid: [
    {
      fixture: 'fire-secret-absent.yaml',
      errors: [
        {
          messageId: 'missing',
          path: 'spec.tls[0].secretName',
          line: 10,
          data: { secret: 'web-tls', namespace: 'shop' },
        },
      ],
    },
    {
      fixture: 'fire-secret-wrong-type.yaml',
      errors: [{ messageId: 'wrongType', path: 'spec.tls[0].secretName', data: { type: 'Opaque' } }],
    },
  ],
});

describe('ingress-tls-secret-missing without Secrets in the input', () => {
  it('is not checked rather than reporting every Secret missing', () => {
    const { model } = modelFromYaml(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  tls: [{ hosts: [a.example.com], secretName: a-tls }]
`);
    const result = runRules({
      model,
      now: 0,
      config: {
        rules: [{ rule, severityOverride: undefined, options: undefined }],
        exemptions: [],
        failOn: 'error',
        controller: undefined,
        file: undefined,
      },
    });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notChecked, [{ ruleId: rule.id, reason: 'the input contains no Secret' }]);
  });
});
