import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './gateway-certificate-missing.ts';
import { ruleTester, runSingleRule } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';

const gatewayWith = (refs: string, extra = '') => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: shop }
spec:
  gatewayClassName: eg
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      tls: { certificateRefs: [${refs}] }
${extra}`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-granted-and-local.yaml' },
    {
      name: 'a reference to another kind is the implementation business',
      yaml: gatewayWith(
        '{ group: cert-manager.io, kind: Certificate, name: shop }',
        '---\napiVersion: v1\nkind: Secret\nmetadata: { name: x, namespace: shop }\ntype: kubernetes.io/tls\n',
      ),
    },
  ],
  invalid: [
    {
      fixture: 'fire-secret-absent.yaml',
      errors: [
        {
          messageId: 'missing',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          line: 15,
          data: { secret: 'shop-tls', listener: 'https', namespace: 'shop' },
        },
      ],
    },
    {
      fixture: 'fire-cross-namespace-ungranted.yaml',
      errors: [
        {
          messageId: 'ungranted',
          path: 'spec.listeners[0].tls.certificateRefs[0].namespace',
          data: { secret: 'certs/shop-tls', namespace: 'certs', gatewayNamespace: 'shop' },
        },
      ],
    },
    {
      name: 'a Secret of another type',
      yaml: gatewayWith(
        '{ name: shop-tls }',
        '---\napiVersion: v1\nkind: Secret\nmetadata: { name: shop-tls, namespace: shop }\ntype: Opaque\n',
      ),
      errors: [{ messageId: 'wrongType', data: { type: 'Opaque' } }],
    },
  ],
});

describe('gateway-certificate-missing without Secrets in the input', () => {
  it('is not checked rather than reporting every certificate missing', () => {
    const { model } = modelFromYaml(gatewayWith('{ name: shop-tls }'));
    const result = runSingleRule(rule, model, 0);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notChecked, [{ ruleId: rule.id, reason: 'the input contains no Secret' }]);
  });
});
