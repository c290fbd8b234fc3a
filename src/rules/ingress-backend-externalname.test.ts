import rule from './ingress-backend-externalname.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-cluster-services.yaml' }],
  invalid: [
    {
      fixture: 'fire-external-docs.yaml',
      errors: [
        {
          messageId: 'externalName',
          path: 'spec.rules[0].http.paths[0].backend.service.name',
          line: 16,
          severity: 'warning',
          data: { service: 'docs-site', externalName: 'shop-docs.netlify.app' },
        },
      ],
    },
    {
      fixture: 'fire-metadata-endpoint.yaml',
      errors: [
        {
          messageId: 'sensitive',
          path: 'spec.defaultBackend.service.name',
          severity: 'error',
          data: { externalName: '169.254.169.254', addressKind: 'cloud metadata' },
        },
      ],
    },
    {
      fixture: 'fire-localhost.yaml',
      errors: [
        {
          messageId: 'sensitive',
          path: 'spec.rules[0].http.paths[0].backend.service.name',
          severity: 'error',
          data: { service: 'local-status', addressKind: 'loopback' },
        },
      ],
    },
  ],
});
