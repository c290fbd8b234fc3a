import rule from './ingress-in-default-namespace.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-own-namespace.yaml' }],
  invalid: [
    {
      fixture: 'fire-explicit-default.yaml',
      errors: [{ messageId: 'explicit', path: 'metadata.namespace', line: 5 }],
    },
    { fixture: 'fire-no-namespace.yaml', errors: [{ messageId: 'implicit', path: 'metadata', line: 3 }] },
  ],
});
