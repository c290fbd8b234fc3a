import rule from './haproxy-allowlist-open.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-private-ranges.yaml' }],
  invalid: [
    {
      fixture: 'fire-allow-list-everything.yaml',
      errors: [
        {
          messageId: 'open',
          path: 'metadata.annotations["haproxy.org/allow-list"]',
          data: { entries: '0.0.0.0/0' },
        },
      ],
    },
    {
      name: 'community controller, IPv6 everything',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    kubernetes.io/ingress.class: haproxy
    haproxy-ingress.github.io/allowlist-source-range: "10.0.0.0/8,::/0"
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
`,
      errors: [
        {
          messageId: 'open',
          path: 'metadata.annotations["haproxy-ingress.github.io/allowlist-source-range"]',
          data: { entries: '::/0' },
        },
      ],
    },
  ],
});
