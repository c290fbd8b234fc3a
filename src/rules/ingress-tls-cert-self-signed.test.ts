import rule from './ingress-tls-cert-self-signed.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-ca-issued.yaml' }],
  invalid: [
    {
      fixture: 'fire-self-signed-leaf.yaml',
      errors: [
        {
          messageId: 'selfSigned',
          path: 'spec.tls[0].secretName',
          severity: 'info',
          data: { secret: 'internal-tls', subject: 'internal.example.com' },
        },
      ],
    },
  ],
});
