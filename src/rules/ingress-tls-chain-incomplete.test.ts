import rule from './ingress-tls-chain-incomplete.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-full-chain.yaml' }, { fixture: 'dont-fire-self-signed.yaml' }],
  invalid: [
    {
      name: 'a Gateway listener serving a leaf without its intermediate',
      yaml: servingGatewayYaml({ secret: { name: 'web-tls', cert: 'shop-rsa.crt', key: 'shop-rsa.key' } }),
      errors: [
        {
          messageId: 'incomplete',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          data: { secret: 'web-tls' },
        },
      ],
    },
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
