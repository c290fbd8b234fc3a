import rule from './ingress-tls-cert-not-yet-valid.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { tlsSecretYaml } from '../../test/helpers/certs.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';

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
      name: 'a Gateway listener serving a certificate valid from 2027',
      yaml: servingGatewayYaml({
        secret: { name: 'future-tls', cert: 'not-yet-valid.fullchain.crt', key: 'not-yet-valid.key' },
      }),
      errors: [
        {
          messageId: 'notYetValid',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          data: { secret: 'future-tls' },
        },
      ],
    },
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
