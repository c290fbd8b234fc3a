import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './controller-snippets-allowed.ts';
import { ruleTester, TEST_NOW, runSingleRule } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-hardened.yaml' }],
  invalid: [
    {
      fixture: 'fire-configmap-allows-snippets.yaml',
      errors: [
        {
          messageId: 'allowSnippets',
          object: 'ingress-nginx-controller',
          path: 'data.allow-snippet-annotations',
          line: 7,
          data: { value: 'true' },
        },
        {
          messageId: 'riskCritical',
          object: 'ingress-nginx-controller',
          path: 'data.annotations-risk-level',
        },
      ],
    },
    {
      fixture: 'fire-old-controller-default.yaml',
      errors: [
        {
          messageId: 'defaultAllowed',
          object: 'nginx-ingress-controller',
          path: 'spec.template.spec.containers[0].image',
          data: { version: '1.8.4' },
        },
      ],
    },
    {
      fixture: 'fire-helm-values-configmap-only.yaml',
      errors: [
        { messageId: 'allowSnippets', object: 'edge-ingress-nginx-controller', data: { value: 'True' } },
        { messageId: 'allowSnippets', object: 'config-map-true', data: { value: 'true' } },
      ],
    },
  ],
});

describe('controller-snippets-allowed without ConfigMaps in the input', () => {
  it('is not checked when a controller is present', () => {
    const { model } = modelFromYaml(`apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  template:
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.8.4
`);
    const result = runSingleRule(rule, model, TEST_NOW);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notChecked, [{ ruleId: rule.id, reason: 'the input contains no ConfigMap' }]);
  });
  it('is silent when there is no controller at all', () => {
    const { model } = modelFromYaml(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`);
    const result = runSingleRule(rule, model, TEST_NOW);
    assert.deepEqual(result.notChecked, []);
  });
});
