import rule from './nginx-auth-basic.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const AUTH_TYPE = 'metadata.annotations["nginx.ingress.kubernetes.io/auth-type"]';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-private-allowlist.yaml' },
    { fixture: 'dont-fire-with-client-certs.yaml' },
    { fixture: 'dont-fire-global-auth.yaml' },
    {
      name: 'external authentication in front of basic auth',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/auth-type: basic
    nginx.ingress.kubernetes.io/auth-url: https://auth.example.com/oauth2/auth
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-basic-auth-public.yaml',
      errors: [{ messageId: 'onlyPasswordAuth', path: AUTH_TYPE, line: 8, data: { authType: 'basic' } }],
    },
    {
      fixture: 'fire-digest-public-allowlist.yaml',
      errors: [{ messageId: 'onlyPasswordAuth', path: AUTH_TYPE, data: { authType: 'digest' } }],
    },
    {
      name: 'global auth switched off for this Ingress',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  template:
    spec:
      containers: [{ name: controller, image: registry.k8s.io/ingress-nginx/controller:v1.12.1 }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
data: { global-auth-url: "http://oauth2-proxy.auth.svc/oauth2/auth" }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/auth-type: basic
    nginx.ingress.kubernetes.io/enable-global-auth: "false"
spec:
  ingressClassName: nginx
  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]
`,
      errors: [{ messageId: 'onlyPasswordAuth', object: 'web', path: AUTH_TYPE }],
    },
  ],
});
