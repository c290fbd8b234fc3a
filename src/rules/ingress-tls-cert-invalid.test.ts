import rule from './ingress-tls-cert-invalid.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-valid-chain.yaml' }, { fixture: 'dont-fire-wrong-type-without-cert.yaml' }],
  invalid: [
    {
      name: 'a Gateway listener Secret without tls.crt',
      yaml: servingGatewayYaml({ secret: { name: 'empty-tls' } }),
      errors: [
        {
          messageId: 'absent',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          data: { secret: 'empty-tls' },
        },
      ],
    },
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
