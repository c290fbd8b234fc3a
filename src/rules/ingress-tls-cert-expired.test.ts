import rule from './ingress-tls-cert-expired.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { GOOD_PAIRS, tlsSecretYaml } from '../../test/helpers/certs.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';

const shopIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  tls: [{ hosts: [shop.example.com], secretName: web-tls }]
  rules: [{ host: shop.example.com }]
---
${tlsSecretYaml({ name: 'web-tls', namespace: 'shop', ...GOOD_PAIRS.shopRsa })}`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-valid-until-2035.yaml' },
    {
      name: 'a cross-namespace certificate no ReferenceGrant allows is never served',
      yaml: `${servingGatewayYaml({
        secret: { name: 'old-tls', namespace: 'certs', cert: 'expired.fullchain.crt', key: 'expired.key' },
      })}---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: { name: other, namespace: certs }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: Gateway, namespace: blog }]
  to: [{ group: '', kind: Secret }]
`,
    },
  ],
  invalid: [
    {
      name: 'a Gateway listener serving an expired certificate',
      yaml: servingGatewayYaml({
        secret: { name: 'old-tls', cert: 'expired.fullchain.crt', key: 'expired.key' },
      }),
      errors: [
        {
          messageId: 'expired',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          data: { secret: 'old-tls', days: 516 },
        },
      ],
    },
    {
      fixture: 'fire-expired-leaf.yaml',
      errors: [
        {
          messageId: 'expired',
          path: 'spec.tls[0].secretName',
          data: {
            secret: 'old-tls',
            subject: 'old.example.com',
            notAfter: '2025-01-01T00:00:00.000Z',
            days: 516,
          },
        },
      ],
    },
    {
      name: 'a good certificate once --now passes its notAfter',
      yaml: shopIngress,
      now: Date.parse('2035-01-02T00:00:00Z'),
      errors: [{ messageId: 'expired', data: { days: 1 } }],
    },
  ],
});
