import rule from './route-backend-cross-namespace-ungranted.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-granted.yaml' }],
  invalid: [
    {
      fixture: 'fire-no-grant-for-route-namespace.yaml',
      errors: [
        {
          messageId: 'ungranted',
          path: 'spec.rules[0].backendRefs[0].namespace',
          line: 19,
          data: {
            kind: 'HTTPRoute',
            routeNamespace: 'shop',
            targetKind: 'Service',
            namespace: 'identity',
            name: 'auth',
          },
        },
      ],
    },
    {
      name: 'a grant for HTTPRoutes does not admit a GRPCRoute',
      yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: { name: cart, namespace: shop }
spec:
  rules: [{ backendRefs: [{ name: cart, namespace: backend, port: 9000 }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: { name: shop, namespace: backend }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop }]
  to: [{ group: "", kind: Service }]
`,
      errors: [{ messageId: 'ungranted', data: { kind: 'GRPCRoute' } }],
    },
  ],
});
