import rule from './haproxy-snippet-annotation.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-plain-annotations.yaml' }],
  invalid: [
    {
      fixture: 'fire-haproxytech-backend-snippet.yaml',
      errors: [
        { messageId: 'snippet', path: 'metadata.annotations["haproxy.org/backend-config-snippet"]', line: 7 },
      ],
    },
    {
      fixture: 'fire-community-config-backend.yaml',
      errors: [
        {
          messageId: 'snippet',
          path: 'metadata.annotations["haproxy-ingress.github.io/config-backend"]',
          data: { key: 'haproxy-ingress.github.io/config-backend' },
        },
      ],
    },
    {
      name: 'legacy haproxy-ingress prefix, class by annotations only',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    ingress.kubernetes.io/config-frontend: "capture request header Host len 64"
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
`,
      errors: [{ messageId: 'snippet', data: { key: 'ingress.kubernetes.io/config-frontend' } }],
    },
  ],
});
