import rule from './ingress-path-regex.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-plain-paths.yaml' },
    {
      name: 'Traefik does not read nginx annotations',
      fixture: 'dont-fire-traefik-ignores-nginx-annotations.yaml',
    },
  ],
  invalid: [
    {
      fixture: 'fire-use-regex.yaml',
      errors: [
        {
          messageId: 'useRegex',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/use-regex"]',
          data: { hosts: 'shop.example.com' },
        },
      ],
    },
    {
      name: 'the ingress-nginx rewrite example: captures and a regex path',
      fixture: 'fire-rewrite-with-captures.yaml',
      errors: [
        {
          messageId: 'rewriteCaptures',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/rewrite-target"]',
          data: { target: '/$2' },
        },
        {
          messageId: 'regexPath',
          path: 'spec.rules[0].http.paths[0].path',
          data: { path: '/something(/|$)(.*)', characters: '(|$)*' },
        },
      ],
    },
    {
      name: 'a v1beta1 path without pathType is ImplementationSpecific',
      yaml: `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: { name: legacy }
spec:
  rules:
    - host: legacy.example.com
      http:
        paths:
          - path: /api/.*
            backend: { serviceName: legacy, servicePort: 80 }
`,
      errors: [
        { messageId: 'regexPath', path: 'spec.rules[0].http.paths[0].path', data: { characters: '*' } },
      ],
    },
  ],
});
