import rule from './referencegrant-broad.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-named-or-no-certificates.yaml' }],
  invalid: [
    {
      fixture: 'fire-all-secrets-of-cert-namespace.yaml',
      errors: [
        {
          messageId: 'broad',
          path: 'spec.to[0]',
          line: 13,
          data: { from: 'Gateway of "shop"', kind: 'Secret', namespace: 'certs' },
        },
      ],
    },
    {
      name: 'a namespace a Gateway takes certificates from, though its Secrets are not in the input',
      yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: infra }
spec:
  gatewayClassName: eg
  listeners:
    - { name: https, port: 443, protocol: HTTPS, tls: { certificateRefs: [{ name: edge-tls, namespace: certs }] } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: { name: shop-routes, namespace: certs }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop }]
  to: [{ group: "", kind: Service }]
`,
      errors: [
        { messageId: 'broad', path: 'spec.to[0]', data: { kind: 'Service', from: 'HTTPRoute of "shop"' } },
      ],
    },
  ],
});
