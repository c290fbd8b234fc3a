import rule from './ingressclass-multiple-default.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const path = 'metadata.annotations["ingressclass.kubernetes.io/is-default-class"]';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-one-default.yaml' }],
  invalid: [
    {
      name: 'each default class is reported: the fix may be on either',
      fixture: 'fire-two-defaults.yaml',
      errors: [
        {
          messageId: 'multiple',
          object: 'nginx',
          path,
          line: 6,
          data: { className: 'nginx', others: 'traefik' },
        },
        { messageId: 'multiple', object: 'traefik', path, data: { className: 'traefik', others: 'nginx' } },
      ],
    },
  ],
});
