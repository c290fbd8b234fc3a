import rule from './ingress-backend-port-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-ports-match.yaml' },
    {
      name: 'a missing Service is left to ingress-backend-service-missing',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  defaultBackend: { service: { name: gone, port: { number: 80 } } }
---
apiVersion: v1
kind: Service
metadata: { name: other, namespace: shop }
spec: { ports: [{ port: 80 }] }
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-target-port.yaml',
      errors: [
        {
          messageId: 'targetPort',
          path: 'spec.rules[0].http.paths[0].backend.service.port.number',
          line: 18,
          data: { port: 8080, servicePort: 80, service: 'storefront' },
        },
      ],
    },
    {
      fixture: 'fire-number-missing.yaml',
      errors: [
        {
          messageId: 'numberMissing',
          path: 'spec.defaultBackend.service.port.number',
          data: { port: 443, ports: '80 (http)' },
        },
      ],
    },
    {
      fixture: 'fire-unnamed-port.yaml',
      errors: [
        {
          messageId: 'unnamedPort',
          path: 'spec.rules[0].http.paths[0].backend.service.port.name',
          data: { port: 'http', ports: '80' },
        },
      ],
    },
    {
      fixture: 'fire-name-missing-legacy.yaml',
      errors: [
        {
          messageId: 'nameMissing',
          path: 'spec.rules[0].http.paths[0].backend.servicePort',
          line: 14,
          data: { port: 'web', ports: '80 (http), 9090 (metrics)' },
        },
      ],
    },
  ],
});
