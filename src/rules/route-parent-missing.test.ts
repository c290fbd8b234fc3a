import rule from './route-parent-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-parents-present.yaml' },
    {
      name: 'a mesh parentRef to a Service is not a Gateway',
      yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: mesh, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: web, port: 80 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: other, namespace: shop }
spec: { gatewayClassName: eg, listeners: [] }
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-gateway-absent.yaml',
      errors: [
        {
          messageId: 'gatewayMissing',
          path: 'spec.parentRefs[0].name',
          data: { gateway: 'edge', namespace: 'shop' },
        },
      ],
    },
    {
      fixture: 'fire-section-absent.yaml',
      errors: [
        {
          messageId: 'sectionMissing',
          path: 'spec.parentRefs[0].sectionName',
          data: { gateway: 'edge', namespace: 'infra', sectionName: 'http-public' },
        },
      ],
    },
    {
      name: 'a port no listener has (TLSRoute)',
      yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: infra }
spec:
  gatewayClassName: eg
  listeners: [{ name: tls, port: 443, protocol: TLS, tls: { mode: Passthrough } }]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: { name: db, namespace: infra }
spec:
  parentRefs: [{ name: edge, port: 8443 }]
  hostnames: [db.example.com]
`,
      errors: [{ messageId: 'portMissing', path: 'spec.parentRefs[0].port', data: { port: 8443 } }],
    },
  ],
});
