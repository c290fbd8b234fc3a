import rule from './haproxy-ssl-redirect-disabled.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-no-tls-hosts.yaml' }],
  invalid: [
    {
      fixture: 'fire-ssl-redirect-false.yaml',
      errors: [
        {
          messageId: 'disabled',
          path: 'metadata.annotations["haproxy.org/ssl-redirect"]',
          data: { value: 'false', hosts: 'shop.example.com' },
        },
      ],
    },
  ],
});
