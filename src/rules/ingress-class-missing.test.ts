import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './ingress-class-missing.ts';
import { ruleTester, runSingleRule } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-default-class.yaml' }, { fixture: 'dont-fire-class-named.yaml' }],
  invalid: [
    {
      fixture: 'fire-no-class.yaml',
      errors: [{ messageId: 'noClass', path: 'spec.ingressClassName', object: 'shop', line: 21 }],
    },
  ],
});

describe('ingress-class-missing without IngressClasses in the input', () => {
  it('is not checked: the cluster may have a default IngressClass', () => {
    const { model } = modelFromYaml(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  defaultBackend: { service: { name: web, port: { number: 80 } } }
`);
    const result = runSingleRule(rule, model, 0);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notChecked, [{ ruleId: rule.id, reason: 'the input contains no IngressClass' }]);
  });

  it('is a fact on a live cluster, where every IngressClass was listed', () => {
    const { model } = modelFromYaml(
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  defaultBackend: { service: { name: web, port: { number: 80 } } }
`,
      'cluster.yaml',
      { mode: 'cluster' },
    );
    const result = runSingleRule(rule, model, 0);
    assert.deepEqual(
      result.findings.map((f) => f.messageId),
      ['noClass'],
    );
  });
});
