import rule from './gateway-listener-open-hostname.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-hostname-or-restricted.yaml' }],
  invalid: [
    {
      fixture: 'fire-shared-gateway-all-namespaces.yaml',
      errors: [
        {
          messageId: 'openHostname',
          path: 'spec.listeners[0].allowedRoutes.namespaces.from',
          line: 18,
          data: { listener: 'https' },
        },
      ],
    },
  ],
});
