import rule from './ingress-default-backend.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-kyverno-rules-only.yaml' }],
  invalid: [
    {
      fixture: 'fire-kyverno-default-backend-service.yaml',
      errors: [
        {
          messageId: 'service',
          object: 'sample-app-1',
          path: 'spec.defaultBackend',
          data: { service: 'sample-backend' },
        },
      ],
    },
    {
      fixture: 'fire-kyverno-default-backend-resource.yaml',
      errors: [
        {
          messageId: 'resource',
          path: 'spec.defaultBackend',
          data: { kind: 'StorageBucket', name: 'static-assets' },
        },
      ],
    },
    {
      name: 'extensions/v1beta1 spec.backend',
      yaml: `apiVersion: extensions/v1beta1
kind: Ingress
metadata: { name: legacy }
spec:
  backend: { serviceName: legacy, servicePort: 80 }
`,
      errors: [{ messageId: 'service', path: 'spec.backend', data: { service: 'legacy' } }],
    },
    {
      name: 'an empty default backend',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: broken }
spec:
  defaultBackend: {}
`,
      errors: [{ messageId: 'empty', path: 'spec.defaultBackend' }],
    },
  ],
});
