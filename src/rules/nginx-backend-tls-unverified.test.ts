import rule from './nginx-backend-tls-unverified.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const path = (name: string) => `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`;

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-verified.yaml' }, { fixture: 'dont-fire-plain-http-backend.yaml' }],
  invalid: [
    {
      fixture: 'fire-https-backend.yaml',
      errors: [
        {
          messageId: 'unverified',
          path: path('backend-protocol'),
          line: 8,
          data: { protocol: 'HTTPS', verify: 'not set (default "off")' },
        },
      ],
    },
    {
      fixture: 'fire-grpcs-verify-off.yaml',
      errors: [
        {
          messageId: 'unverified',
          path: path('proxy-ssl-verify'),
          data: { protocol: 'GRPCS', verify: '"off"' },
        },
      ],
    },
    {
      name: 'the protocol is case-insensitive',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/backend-protocol: https }
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
      errors: [{ messageId: 'unverified', data: { protocol: 'HTTPS' } }],
    },
  ],
});
