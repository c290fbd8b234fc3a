import rule from './ingress-tls-chain-incomplete.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-full-chain.yaml' }, { fixture: 'dont-fire-self-signed.yaml' }],
  invalid: [
    {
      fixture: 'fire-leaf-only.yaml',
      errors: [
        {
          messageId: 'incomplete',
          path: 'spec.tls[0].secretName',
          data: { secret: 'web-tls', issuer: 'O=Gatewatch Test, CN=Gatewatch Test Intermediate CA' },
        },
      ],
    },
    {
      fixture: 'fire-private-root-missing.yaml',
      errors: [
        {
          messageId: 'incomplete',
          path: 'spec.tls[0].secretName',
          data: { issuer: 'O=Gatewatch Test, CN=Gatewatch Test Root CA' },
        },
      ],
    },
  ],
});
