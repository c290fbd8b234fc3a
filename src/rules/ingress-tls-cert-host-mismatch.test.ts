import rule from './ingress-tls-cert-host-mismatch.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-wildcard-san.yaml' }, { fixture: 'dont-fire-cn-only-certificate.yaml' }],
  invalid: [
    {
      fixture: 'fire-host-not-in-san.yaml',
      errors: [
        {
          messageId: 'mismatch',
          path: 'spec.tls[0].hosts[1]',
          data: {
            host: 'api.example.com',
            secret: 'web-tls',
            names: 'shop.example.com, www.shop.example.com',
          },
        },
      ],
    },
    {
      fixture: 'fire-wildcard-covers-one-label.yaml',
      errors: [
        {
          messageId: 'mismatch',
          path: 'spec.tls[0].hosts[1]',
          data: { host: 'cdn.eu.shop.example.com', names: 'shop.example.com, *.shop.example.com' },
        },
      ],
    },
    {
      fixture: 'fire-cn-only-other-host.yaml',
      errors: [
        {
          messageId: 'mismatch',
          path: 'spec.tls[0].hosts[0]',
          data: { host: 'legacy-app.example.com', names: 'legacy.example.com' },
        },
      ],
    },
  ],
});
