import rule from './controller-server-tokens.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-default.yaml' }],
  invalid: [
    {
      fixture: 'fire-server-tokens-true.yaml',
      errors: [
        {
          messageId: 'enabled',
          object: 'nginx-configuration',
          path: 'data.server-tokens',
          data: { value: 'True' },
        },
      ],
    },
  ],
});
