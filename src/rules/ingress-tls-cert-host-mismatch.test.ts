import rule from './ingress-tls-cert-host-mismatch.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';
import { GOOD_PAIRS } from '../../test/helpers/certs.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-wildcard-san.yaml' },
    { fixture: 'dont-fire-cn-only-certificate.yaml' },
    {
      name: 'a Gateway wildcard listener hostname covered by the same wildcard',
      yaml: servingGatewayYaml({
        hostname: '*.shop.example.com',
        secret: { name: 'web-tls', ...GOOD_PAIRS.shopEc },
      }),
    },
    {
      name: 'a Gateway listener without hostname names no host to check',
      yaml: servingGatewayYaml({ secret: { name: 'web-tls', ...GOOD_PAIRS.shopRsa } }),
    },
  ],
  invalid: [
    {
      name: 'a Gateway listener hostname the certificate does not name',
      yaml: servingGatewayYaml({
        hostname: 'api.example.com',
        secret: { name: 'web-tls', ...GOOD_PAIRS.shopRsa },
      }),
      errors: [
        { messageId: 'mismatch', path: 'spec.listeners[0].hostname', data: { host: 'api.example.com' } },
      ],
    },
    {
      name: 'a Gateway listener certificate in another namespace, shown as namespace/name',
      yaml: servingGatewayYaml({
        hostname: 'api.example.com',
        secret: { name: 'web-tls', namespace: 'certs', ...GOOD_PAIRS.shopRsa },
      }),
      errors: [{ messageId: 'mismatch', data: { secret: 'certs/web-tls' } }],
    },
    {
      fixture: 'fire-host-not-in-san.yaml',
      errors: [
        {
          messageId: 'mismatch',
          path: 'spec.tls[0].hosts[1]',
          data: {
            host: 'api.example.com',
            secret: 'web-tls',
            names: 'shop.example.com, www.shop.example.com',
          },
        },
      ],
    },
    {
      fixture: 'fire-wildcard-covers-one-label.yaml',
      errors: [
        {
          messageId: 'mismatch',
          path: 'spec.tls[0].hosts[1]',
          data: { host: 'cdn.eu.shop.example.com', names: 'shop.example.com, *.shop.example.com' },
        },
      ],
    },
    {
      fixture: 'fire-cn-only-other-host.yaml',
      errors: [
        {
          messageId: 'mismatch',
          path: 'spec.tls[0].hosts[0]',
          data: { host: 'legacy-app.example.com', names: 'legacy.example.com' },
        },
      ],
    },
  ],
});
