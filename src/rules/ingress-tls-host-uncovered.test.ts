import rule from './ingress-tls-host-uncovered.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-all-hosts-listed.yaml' }, { fixture: 'dont-fire-no-tls.yaml' }],
  invalid: [
    {
      fixture: 'fire-host-not-listed.yaml',
      errors: [{ messageId: 'uncovered', path: 'spec.rules[1].host', data: { host: 'api.example.com' } }],
    },
    {
      fixture: 'fire-wildcard-covers-one-label.yaml',
      errors: [{ messageId: 'uncovered', path: 'spec.rules[1].host', data: { host: 'eu.shop.example.com' } }],
    },
    {
      name: 'an entry without hosts lists no host, and a repeated host is reported once',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  tls: [{ secretName: web-tls }]
  rules:
    - host: Shop.example.com
    - host: shop.example.com
`,
      errors: [{ messageId: 'uncovered', path: 'spec.rules[0].host', data: { host: 'Shop.example.com' } }],
    },
  ],
});
