import rule from './ingress-tls-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-tls-configured.yaml' },
    { fixture: 'dont-fire-controller-default-certificate.yaml' },
    { fixture: 'dont-fire-alb-certificate-arn.yaml' },
    {
      name: 'an Ingress that routes nothing',
      yaml: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: empty }\nspec: {}\n',
    },
  ],
  invalid: [
    { fixture: 'fire-no-tls.yaml', errors: [{ messageId: 'absent', path: 'spec' }] },
    { fixture: 'fire-empty-tls-list.yaml', errors: [{ messageId: 'empty', path: 'spec.tls' }] },
    {
      fixture: 'fire-entry-without-hosts-or-secret.yaml',
      errors: [{ messageId: 'unusable', path: 'spec.tls', data: { count: 1 } }],
    },
    { fixture: 'fire-catch-all-without-tls.yaml', errors: [{ messageId: 'absent', path: 'spec' }] },
  ],
});
