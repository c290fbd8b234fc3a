import rule from './controller-catch-all-allowed.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-catch-all-disabled.yaml' }, { fixture: 'dont-fire-other-class.yaml' }],
  invalid: [
    {
      fixture: 'fire-tenant-default-backend.yaml',
      errors: [
        {
          messageId: 'catchAll',
          object: 'ingress-nginx-controller',
          path: 'spec.template.spec.containers[0]',
          data: { container: 'controller', count: 1, ingress: 'team-a/catch-everything' },
        },
      ],
    },
  ],
});
