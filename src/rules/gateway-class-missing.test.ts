import rule from './gateway-class-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-class-present.yaml' }],
  invalid: [
    {
      fixture: 'fire-class-typo.yaml',
      errors: [
        {
          messageId: 'missing',
          path: 'spec.gatewayClassName',
          line: 14,
          data: { className: 'envoy-gateway' },
        },
      ],
    },
  ],
});
