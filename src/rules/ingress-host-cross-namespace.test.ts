import rule from './ingress-host-cross-namespace.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-one-namespace-per-host.yaml' }],
  invalid: [
    {
      name: 'both Ingresses are told (host names compare case-insensitively)',
      fixture: 'fire-host-shared-by-two-teams.yaml',
      errors: [
        {
          messageId: 'sharedHost',
          object: 'storefront',
          path: 'spec.rules[0].host',
          data: {
            host: 'www.example.com',
            other: 'marketing/blog',
            otherNamespace: 'marketing',
            namespaces: 2,
          },
        },
        {
          messageId: 'sharedHost',
          object: 'blog',
          path: 'spec.rules[1].host',
          data: { host: 'www.example.com', other: 'shop/storefront', otherNamespace: 'shop', namespaces: 2 },
        },
      ],
    },
  ],
});
