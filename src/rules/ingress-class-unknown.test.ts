import rule from './ingress-class-unknown.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-class-exists.yaml' }],
  invalid: [
    {
      fixture: 'fire-class-typo.yaml',
      errors: [
        {
          messageId: 'unknown',
          path: 'spec.ingressClassName',
          line: 21,
          data: { className: 'ngnix', known: 'nginx, traefik' },
        },
      ],
    },
  ],
});
