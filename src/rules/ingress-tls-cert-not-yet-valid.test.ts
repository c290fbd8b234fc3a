import rule from './ingress-tls-cert-not-yet-valid.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { tlsSecretYaml } from '../../test/helpers/certs.ts';

const futureIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  tls: [{ hosts: [future.example.com], secretName: future-tls }]
  rules: [{ host: future.example.com }]
---
${tlsSecretYaml({ name: 'future-tls', namespace: 'shop', cert: 'not-yet-valid.fullchain.crt', key: 'not-yet-valid.key' })}`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-valid-since-2025.yaml' },
    {
      name: 'valid once --now reaches notBefore',
      yaml: futureIngress,
      now: Date.parse('2027-01-01T00:00:00Z'),
    },
  ],
  invalid: [
    {
      fixture: 'fire-valid-from-2027.yaml',
      errors: [
        {
          messageId: 'notYetValid',
          path: 'spec.tls[0].secretName',
          data: {
            secret: 'future-tls',
            subject: 'future.example.com',
            notBefore: '2027-01-01T00:00:00.000Z',
          },
        },
      ],
    },
  ],
});
