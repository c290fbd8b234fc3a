import rule from './controller-forwarded-headers-trusted.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-behind-load-balancer.yaml' }],
  invalid: [
    {
      fixture: 'fire-forwarded-headers-default-cidr.yaml',
      errors: [
        {
          messageId: 'defaultCidr',
          path: 'data.use-forwarded-headers',
          data: { setting: 'use-forwarded-headers' },
        },
      ],
    },
    {
      fixture: 'fire-full-forwarded-for-open-cidr.yaml',
      errors: [
        {
          messageId: 'openCidr',
          path: 'data.proxy-real-ip-cidr',
          data: { setting: 'compute-full-forwarded-for', cidrs: '0.0.0.0/0' },
        },
      ],
    },
  ],
});
