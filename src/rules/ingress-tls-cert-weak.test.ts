import rule from './ingress-tls-cert-weak.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-rsa-2048-and-ec-p256.yaml' }],
  invalid: [
    {
      fixture: 'fire-rsa-1024-key.yaml',
      errors: [
        {
          messageId: 'weakKey',
          path: 'spec.tls[0].secretName',
          data: {
            secret: 'weak-tls',
            certificate: 'leaf',
            subject: 'weak.example.com',
            keyType: 'RSA',
            bits: 1024,
            minimum: 2048,
          },
        },
      ],
    },
    {
      fixture: 'fire-sha1-signature.yaml',
      errors: [
        {
          messageId: 'weakSignature',
          path: 'spec.tls[0].secretName',
          data: {
            secret: 'sha1-tls',
            certificate: 'leaf',
            subject: 'legacy-sha1.example.com',
            algorithm: 'sha1WithRSAEncryption',
          },
        },
      ],
    },
  ],
});
