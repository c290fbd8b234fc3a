import rule from './gateway-api-version-deprecated.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-v1-and-experimental.yaml' }],
  invalid: [
    {
      fixture: 'fire-v1beta1-httproute.yaml',
      errors: [
        {
          messageId: 'deprecated',
          path: 'apiVersion',
          line: 1,
          data: { kind: 'HTTPRoute', version: 'v1beta1', since: 'v1.0.0' },
        },
      ],
    },
    {
      fixture: 'fire-v1alpha2-grpcroute.yaml',
      errors: [
        {
          messageId: 'removed',
          path: 'apiVersion',
          data: { kind: 'GRPCRoute', version: 'v1alpha2', removedIn: 'v1.2.0', since: 'v1.1.0' },
        },
      ],
    },
    {
      name: 'ReferenceGrant v1beta1 and TLSRoute v1alpha2, v1 since v1.5.0',
      yaml: `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: g, namespace: a }
spec: { from: [], to: [] }
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: { name: t, namespace: a }
`,
      errors: [
        { messageId: 'deprecated', object: 'g', data: { kind: 'ReferenceGrant', since: 'v1.5.0' } },
        { messageId: 'deprecated', object: 't', data: { kind: 'TLSRoute', version: 'v1alpha2' } },
      ],
    },
  ],
});
