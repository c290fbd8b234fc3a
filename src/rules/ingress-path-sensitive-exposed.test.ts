import rule from './ingress-path-sensitive-exposed.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const ingress = (name: string, annotations: string, className: string, path: string, service = 'app') => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: apps
  annotations: {${annotations}}
spec:
  ingressClassName: ${className}
  rules:
    - host: apps.example.com
      http:
        paths:
          - path: ${path}
            pathType: Prefix
            backend: { service: { name: ${service}, port: { number: 80 } } }
`;

ruleTester(rule, {
  valid: [
    {
      name: 'authentication per controller; /administration-guide is not /admin',
      fixture: 'dont-fire-authenticated.yaml',
    },
    {
      name: 'HAProxy auth-type',
      yaml: ingress('haproxy-admin', 'haproxy.org/auth-type: basic-auth', 'haproxy', '/admin'),
    },
    {
      name: '/ on a Service that serves no sensitive path',
      yaml: ingress('root', '', 'nginx', '/') + ingress('api', '', 'nginx', '/api'),
    },
  ],
  invalid: [
    {
      fixture: 'fire-actuator-public.yaml',
      errors: [
        {
          messageId: 'sensitivePath',
          path: 'spec.rules[0].http.paths[1].path',
          data: { path: '/actuator', endpoint: '/actuator', controller: 'nginx' },
        },
      ],
    },
    {
      fixture: 'fire-root-over-service-with-metrics.yaml',
      errors: [
        {
          messageId: 'catchAllOverSensitive',
          object: 'payments',
          path: 'spec.rules[0].http.paths[0].path',
          data: { path: '/', service: 'payments', endpoint: '/metrics', other: 'payments/payments-metrics' },
        },
      ],
    },
    {
      name: 'an annotation of another controller is no authentication',
      yaml: ingress(
        'traefik-admin',
        'nginx.ingress.kubernetes.io/auth-url: https://auth.example.com',
        'traefik',
        '/admin',
      ),
      errors: [{ messageId: 'sensitivePath', data: { endpoint: '/admin', controller: 'traefik' } }],
    },
    {
      name: 'case-insensitive, anywhere in the path',
      yaml: ingress('git', '', 'nginx', '/app/.GIT/config'),
      errors: [{ messageId: 'sensitivePath', data: { endpoint: '/.git' } }],
    },
  ],
});
