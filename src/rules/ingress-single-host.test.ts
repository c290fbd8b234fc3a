import rule from './ingress-single-host.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-kyverno-one-host-each.yaml' },
    { fixture: 'dont-fire-one-host-in-two-rules.yaml' },
  ],
  invalid: [
    {
      name: 'kyverno restrict-ingress-host deny-multiple-hosts',
      fixture: 'fire-kyverno-multiple-hosts.yaml',
      errors: [
        {
          messageId: 'multipleHosts',
          object: 'ingress-foo-host',
          path: 'spec.rules[1].host',
          data: { count: 2, first: 'www.foo.com', host: 'foo.bar.com' },
        },
      ],
    },
  ],
});
