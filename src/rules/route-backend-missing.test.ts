import rule from './route-backend-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-service-and-port.yaml' }],
  invalid: [
    {
      fixture: 'fire-service-absent.yaml',
      errors: [
        {
          messageId: 'serviceMissing',
          path: 'spec.rules[0].backendRefs[0].name',
          line: 17,
          data: { service: 'api', namespace: 'shop' },
        },
      ],
    },
    {
      fixture: 'fire-target-port-used.yaml',
      errors: [
        {
          messageId: 'portMissing',
          path: 'spec.rules[0].backendRefs[0].port',
          data: { port: 8080, ports: '80' },
        },
      ],
    },
    {
      name: 'a Service backendRef without port (GRPCRoute)',
      yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: { name: cart, namespace: shop }
spec:
  parentRefs: [{ name: edge, namespace: infra }]
  rules: [{ backendRefs: [{ name: cart }] }]
---
apiVersion: v1
kind: Service
metadata: { name: cart, namespace: shop }
spec: { ports: [{ port: 9000 }] }
`,
      errors: [
        { messageId: 'portRequired', path: 'spec.rules[0].backendRefs[0]', data: { service: 'cart' } },
      ],
    },
  ],
});
