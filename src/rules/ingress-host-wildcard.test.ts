import rule from './ingress-host-wildcard.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-kyverno-exact-hosts.yaml' },
    {
      name: 'a wildcard only in spec.tls hosts is not a rule host',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  tls: [{ hosts: ['*.example.com'], secretName: wildcard-tls }]
  rules:
    - host: www.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-wildcard-tenant-host.yaml',
      errors: [
        {
          messageId: 'wildcard',
          path: 'spec.rules[1].host',
          data: { host: '*.shop.example.com', domain: 'shop.example.com' },
        },
      ],
    },
    {
      name: 'kyverno restrict-ingress-wildcard: every bad Ingress fails',
      fixture: 'fire-kyverno-wildcard-hosts.yaml',
      errors: [
        {
          messageId: 'wildcard',
          object: 'badingress01',
          path: 'spec.rules[0].host',
          data: { host: '*.foo.bar' },
        },
        {
          messageId: 'wildcard',
          object: 'badingress02',
          path: 'spec.rules[1].host',
          data: { host: '*.example.com' },
        },
        {
          messageId: 'wildcard',
          object: 'badingress03',
          path: 'spec.rules[0].host',
          data: { host: '*.bar' },
        },
      ],
    },
  ],
});
