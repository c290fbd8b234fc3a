import rule from './nginx-auth-tls-weak.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const path = (name: string) => `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-verified.yaml' },
    {
      name: 'verify-client "off" and nothing else: no client authentication asked for',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/auth-tls-verify-client: "off" }
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-verify-off.yaml',
      errors: [
        {
          messageId: 'verifyOff',
          path: path('auth-tls-verify-client'),
          line: 9,
          data: { secret: 'partners/partner-ca' },
        },
      ],
    },
    {
      fixture: 'fire-optional-no-ca.yaml',
      errors: [{ messageId: 'verifyNoCa', path: path('auth-tls-verify-client') }],
    },
    {
      fixture: 'fire-settings-without-secret.yaml',
      errors: [
        {
          messageId: 'secretMissing',
          path: path('auth-tls-verify-client'),
          data: { annotation: 'auth-tls-verify-client' },
        },
      ],
    },
  ],
});
