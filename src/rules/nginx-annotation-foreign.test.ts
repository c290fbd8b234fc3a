import rule from './nginx-annotation-foreign.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const at = (key: string) => `metadata.annotations[${JSON.stringify(key)}]`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-own-annotations.yaml' },
    { fixture: 'dont-fire-traefik-class.yaml' },
    {
      name: 'no class: the controller is told by the annotations (Traefik here)',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.org/client-max-body-size: 4m, traefik.ingress.kubernetes.io/router.tls: "true" }
spec:
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-nginx-inc-annotations.yaml',
      errors: [
        {
          messageId: 'foreign',
          path: at('nginx.org/proxy-connect-timeout'),
          line: 8,
          data: {
            annotation: 'nginx.org/proxy-connect-timeout',
            controller: 'F5 NGINX Ingress Controller (nginx/kubernetes-ingress)',
          },
        },
        {
          messageId: 'foreign',
          path: at('nginx.com/jwt-key'),
          line: 10,
          data: { controller: 'F5 NGINX Ingress Controller with NGINX Plus (nginx/kubernetes-ingress)' },
        },
      ],
    },
    {
      fixture: 'fire-traefik-middleware.yaml',
      errors: [
        {
          messageId: 'foreign',
          path: at('traefik.ingress.kubernetes.io/router.middlewares'),
          object: 'dashboard',
          data: { controller: 'Traefik' },
        },
      ],
    },
    {
      fixture: 'fire-haproxy-annotations.yaml',
      errors: [
        {
          messageId: 'foreign',
          path: at('haproxy.org/rate-limit-requests'),
          data: { controller: 'HAProxy Kubernetes Ingress Controller (haproxytech/kubernetes-ingress)' },
        },
        {
          messageId: 'foreign',
          path: at('haproxy-ingress.github.io/allowlist-source-range'),
          data: { controller: 'HAProxy Ingress (jcmoraisjr/haproxy-ingress)' },
        },
      ],
    },
    {
      name: '--controller nginx decides when nothing else does',
      model: { fallbackController: 'nginx' },
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.org/client-max-body-size: 4m }
spec:
  rules: [{ host: a.example.com }]
`,
      errors: [{ messageId: 'foreign', path: at('nginx.org/client-max-body-size') }],
    },
  ],
});
