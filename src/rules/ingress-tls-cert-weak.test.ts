import rule from './ingress-tls-cert-weak.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-rsa-2048-and-ec-p256.yaml' }],
  invalid: [
    {
      name: 'a Gateway listener serving an RSA-1024 certificate',
      yaml: servingGatewayYaml({
        secret: { name: 'weak-tls', cert: 'weak-rsa1024.fullchain.crt', key: 'weak-rsa1024.key' },
      }),
      errors: [
        {
          messageId: 'weakKey',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          data: { secret: 'weak-tls', bits: 1024 },
        },
      ],
    },
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
