import rule from './gateway-listener-tls-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-https-and-passthrough.yaml' }],
  invalid: [
    {
      fixture: 'fire-http-only.yaml',
      errors: [{ messageId: 'httpOnly', path: 'spec.listeners', data: { gateway: 'web' } }],
    },
    {
      fixture: 'fire-https-without-certificate.yaml',
      errors: [
        {
          messageId: 'noCertificate',
          path: 'spec.listeners[1].tls',
          data: { listener: 'https', protocol: 'HTTPS' },
        },
      ],
    },
    {
      name: 'a TLS listener terminating (the default mode) without tls at all',
      yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: db, namespace: data }
spec:
  gatewayClassName: eg
  listeners: [{ name: pg, port: 5432, protocol: TLS, hostname: db.example.com }]
`,
      errors: [{ messageId: 'noCertificate', path: 'spec.listeners[0]', data: { protocol: 'TLS' } }],
    },
  ],
});
