import rule from './nginx-allowlist-open.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const path = (name: string) => `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-office-ranges.yaml' },
    {
      name: 'served by another controller',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/whitelist-source-range: 0.0.0.0/0 }
spec:
  ingressClassName: haproxy
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-allowlist-everyone.yaml',
      errors: [
        {
          messageId: 'allowsEverything',
          path: path('allowlist-source-range'),
          line: 8,
          data: { annotation: 'allowlist-source-range', cidr: '0.0.0.0/0' },
        },
      ],
    },
    {
      fixture: 'fire-whitelist-ipv6-any.yaml',
      errors: [
        {
          messageId: 'allowsEverything',
          path: path('whitelist-source-range'),
          data: { annotation: 'whitelist-source-range', cidr: '::/0' },
        },
      ],
    },
    {
      fixture: 'fire-denylist-everyone.yaml',
      errors: [
        {
          messageId: 'deniesEverything',
          path: path('denylist-source-range'),
          data: { annotation: 'denylist-source-range', cidr: '0.0.0.0/0' },
        },
      ],
    },
    {
      fixture: 'fire-invalid-entries.yaml',
      errors: [
        {
          messageId: 'invalidCidr',
          path: path('allowlist-source-range'),
          data: { entry: '172.16.300.0/24' },
        },
        {
          messageId: 'invalidCidr',
          path: path('allowlist-source-range'),
          data: { entry: '192.168.1.10-192.168.1.20' },
        },
      ],
    },
    {
      name: 'any /0 matches everything, host bits or not; prefixes past 32 are invalid',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/whitelist-source-range: "1.2.3.4/0,10.0.0.0/33" }
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
      errors: [
        { messageId: 'allowsEverything', data: { cidr: '1.2.3.4/0' } },
        { messageId: 'invalidCidr', data: { entry: '10.0.0.0/33' } },
      ],
    },
  ],
});
