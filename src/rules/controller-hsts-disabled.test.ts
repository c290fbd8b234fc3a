import rule from './controller-hsts-disabled.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-hsts-tuned.yaml' }],
  invalid: [
    {
      fixture: 'fire-hsts-false.yaml',
      errors: [{ messageId: 'disabled', path: 'data.hsts', line: 7, data: { value: 'false' } }],
    },
  ],
});
