import rule from './ingress-duplicate-path.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-distinct-paths.yaml' }],
  invalid: [
    {
      name: 'the same host in two rules repeats a path',
      fixture: 'fire-same-path-in-two-rules.yaml',
      errors: [
        {
          messageId: 'duplicate',
          path: 'spec.rules[1].http.paths[1].path',
          data: {
            host: 'api.example.com',
            path: '/users',
            pathType: 'Prefix',
            first: 'spec.rules[0].http.paths[0]',
          },
        },
      ],
    },
    {
      name: 'a trailing slash does not make a Prefix path different; hosts compare case-insensitively',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  rules:
    - host: Web.example.com
      http:
        paths:
          - { path: /api/, pathType: Prefix, backend: { service: { name: a, port: { number: 80 } } } }
    - host: web.example.com
      http:
        paths:
          - { path: /api, pathType: Prefix, backend: { service: { name: b, port: { number: 80 } } } }
`,
      errors: [
        {
          messageId: 'duplicate',
          path: 'spec.rules[1].http.paths[0].path',
          data: { path: '/api', host: 'web.example.com' },
        },
      ],
    },
    {
      name: 'rules without host',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  rules:
    - http:
        paths:
          - { pathType: ImplementationSpecific, backend: { service: { name: a, port: { number: 80 } } } }
          - { path: /, pathType: ImplementationSpecific, backend: { service: { name: b, port: { number: 80 } } } }
`,
      errors: [
        { messageId: 'duplicate', path: 'spec.rules[0].http.paths[1].path', data: { host: '*', path: '/' } },
      ],
    },
  ],
});
