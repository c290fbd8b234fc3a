import rule from './ingress-tls-cert-expiring.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { tlsSecretYaml } from '../../test/helpers/certs.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';

const soonIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  tls: [{ hosts: [soon.example.com], secretName: soon-tls }]
  rules: [{ host: soon.example.com }]
---
${tlsSecretYaml({ name: 'soon-tls', namespace: 'shop', cert: 'expiring.fullchain.crt', key: 'expiring.key' })}`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-valid-for-years.yaml' },
    { fixture: 'dont-fire-already-expired.yaml' },
    { name: 'nine days left with a 7-day window', yaml: soonIngress, options: { days: 7 } },
  ],
  invalid: [
    {
      name: 'a Gateway listener serving a certificate that expires in 9 days',
      yaml: servingGatewayYaml({
        secret: { name: 'soon-tls', cert: 'expiring.fullchain.crt', key: 'expiring.key' },
      }),
      errors: [
        {
          messageId: 'expiring',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          data: { secret: 'soon-tls', daysLeft: 9 },
        },
      ],
    },
    {
      fixture: 'fire-expires-in-9-days.yaml',
      errors: [
        {
          messageId: 'expiring',
          path: 'spec.tls[0].secretName',
          data: {
            secret: 'soon-tls',
            subject: 'soon.example.com',
            notAfter: '2026-06-10T00:00:00.000Z',
            daysLeft: 9,
            days: 21,
          },
        },
      ],
    },
    {
      name: 'nine days left with a 10-day window',
      yaml: soonIngress,
      options: { days: 10 },
      errors: [{ messageId: 'expiring', data: { daysLeft: 9, days: 10 } }],
    },
  ],
});
