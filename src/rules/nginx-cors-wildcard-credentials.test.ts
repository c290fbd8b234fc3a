import rule from './nginx-cors-wildcard-credentials.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-listed-origins.yaml' },
    { fixture: 'dont-fire-public-no-credentials.yaml' },
    {
      name: 'CORS not enabled: the other annotations do nothing',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/cors-allow-origin: "*" }
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-default-origin.yaml',
      errors: [
        {
          messageId: 'wildcardWithCredentials',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/enable-cors"]',
          line: 8,
          data: { origin: '*', credentials: 'true by default' },
        },
      ],
    },
    {
      fixture: 'fire-explicit-wildcard.yaml',
      errors: [
        {
          messageId: 'wildcardWithCredentials',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/cors-allow-origin"]',
          data: { credentials: 'true' },
        },
      ],
    },
  ],
});
