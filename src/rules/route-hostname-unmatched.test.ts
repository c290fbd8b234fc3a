import rule from './route-hostname-unmatched.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-multi-label-wildcard.yaml' },
    {
      name: 'a route no listener accepts at all is not judged on hostnames',
      yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: infra }
spec:
  gatewayClassName: eg
  listeners: [{ name: http, port: 80, protocol: HTTP, hostname: a.example.com }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ name: edge, namespace: infra }]
  hostnames: [b.example.com]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-host-outside-listener.yaml',
      errors: [
        {
          messageId: 'unmatched',
          path: 'spec.hostnames[1]',
          line: 32,
          data: { hostname: 'shop.example.org', listeners: 'infra/edge:https (*.example.com)' },
        },
      ],
    },
    {
      name: 'sectionName narrows the listeners to the one that does not match',
      yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: shop }
spec:
  gatewayClassName: eg
  listeners:
    - { name: a, port: 80, protocol: HTTP, hostname: a.example.com }
    - { name: b, port: 80, protocol: HTTP, hostname: b.example.com }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ name: edge, sectionName: a }]
  hostnames: [b.example.com]
`,
      errors: [
        {
          messageId: 'unmatched',
          path: 'spec.hostnames[0]',
          data: { listeners: 'shop/edge:a (a.example.com)' },
        },
      ],
    },
  ],
});
