import rule from './ingress-tls-cert-invalid.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-valid-chain.yaml' }, { fixture: 'dont-fire-wrong-type-without-cert.yaml' }],
  invalid: [
    {
      fixture: 'fire-corrupted-pem.yaml',
      errors: [{ messageId: 'unparseable', path: 'spec.tls[0].secretName', data: { secret: 'web-tls' } }],
    },
    {
      fixture: 'fire-not-pem.yaml',
      errors: [
        {
          messageId: 'unparseable',
          path: 'spec.tls[0].secretName',
          data: { secret: 'web-tls', reason: 'tls.crt holds no PEM certificate' },
        },
      ],
    },
    {
      fixture: 'fire-tls-crt-absent.yaml',
      errors: [{ messageId: 'absent', path: 'spec.tls[0].secretName', data: { secret: 'web-tls' } }],
    },
  ],
});
