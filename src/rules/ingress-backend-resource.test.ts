import rule from './ingress-backend-resource.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-service-backends.yaml' }],
  invalid: [
    {
      fixture: 'fire-static-assets-bucket.yaml',
      errors: [
        {
          messageId: 'resource',
          path: 'spec.rules[0].http.paths[1].backend.resource',
          line: 19,
          data: { kind: 'StorageBucket', name: 'static-assets', apiGroup: 'k8s.example.com' },
        },
      ],
    },
    {
      name: 'a resource default backend',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  defaultBackend:
    resource: { apiGroup: k8s.example.com, kind: StorageBucket, name: fallback-page }
`,
      errors: [
        { messageId: 'resource', path: 'spec.defaultBackend.resource', data: { name: 'fallback-page' } },
      ],
    },
  ],
});
