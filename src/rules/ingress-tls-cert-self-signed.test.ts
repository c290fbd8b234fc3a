import rule from './ingress-tls-cert-self-signed.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-ca-issued.yaml' }],
  invalid: [
    {
      name: 'a Gateway listener serving a self-signed certificate',
      yaml: servingGatewayYaml({
        secret: { name: 'internal-tls', cert: 'self-signed.crt', key: 'self-signed.key' },
      }),
      errors: [
        {
          messageId: 'selfSigned',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          data: { secret: 'internal-tls' },
        },
      ],
    },
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
