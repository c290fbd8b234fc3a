import rule from './nginx-ssl-redirect-disabled.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-no-tls.yaml' },
    { fixture: 'dont-fire-force-false-default-config.yaml' },
    {
      name: 'force-ssl-redirect "true" wins over ssl-redirect "false"',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/ssl-redirect: "false"
    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
spec:
  ingressClassName: nginx
  tls: [{ hosts: [a.example.com], secretName: a-tls }]
  rules: [{ host: a.example.com }]
`,
    },
    {
      name: 'served by Traefik: not judged',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/ssl-redirect: "false" }
spec:
  ingressClassName: traefik
  tls: [{ hosts: [a.example.com], secretName: a-tls }]
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-ssl-redirect-false.yaml',
      errors: [
        {
          messageId: 'sslRedirectDisabled',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]',
          line: 8,
          data: { value: 'false' },
        },
      ],
    },
    {
      fixture: 'fire-force-redirect-opt-out.yaml',
      errors: [
        {
          messageId: 'forceSslRedirectDisabled',
          object: 'billing',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]',
          data: { value: 'false' },
        },
      ],
    },
    {
      name: 'Go boolean spellings count ("0")',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/ssl-redirect: "0" }
spec:
  ingressClassName: nginx-internal
  tls: [{ hosts: [a.example.com], secretName: a-tls }]
  rules: [{ host: a.example.com }]
`,
      errors: [{ messageId: 'sslRedirectDisabled', data: { value: '0' } }],
    },
  ],
});
