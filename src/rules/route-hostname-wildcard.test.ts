import rule from './route-hostname-wildcard.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-exact-hostnames.yaml' }],
  invalid: [
    {
      fixture: 'fire-wildcard-route.yaml',
      errors: [
        {
          messageId: 'wildcard',
          path: 'spec.hostnames[1]',
          line: 12,
          data: { hostname: '*.tenants.example.com', domain: 'tenants.example.com' },
        },
      ],
    },
  ],
});
