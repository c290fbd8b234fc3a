import rule from './nginx-annotation-injection.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const at = (name: string): string => `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`;

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-valid-values.yaml' }, { fixture: 'dont-fire-traefik-ingress.yaml' }],
  invalid: [
    {
      fixture: 'fire-permanent-redirect-cve-2023-5044.yaml',
      errors: [{ messageId: 'injection', path: at('permanent-redirect'), data: { character: '";"' } }],
    },
    {
      fixture: 'fire-auth-url-cve-2025-24514-custom-class.yaml',
      errors: [{ messageId: 'injection', path: at('auth-url'), data: { character: '"#"' } }],
    },
    {
      fixture: 'fire-mirror-target-cve-2025-1098.yaml',
      errors: [{ messageId: 'injection', path: at('mirror-target'), data: { character: '";"' } }],
    },
    {
      fixture: 'fire-match-cn-cve-2025-1097.yaml',
      errors: [{ messageId: 'injection', path: at('auth-tls-match-cn'), data: { character: 'line feed' } }],
    },
    {
      name: 'rewrite-target, server-alias, upstream-hash-by, proxy-ssl-name, auth-signin',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/auth-signin: "https://a.example.com/start?rd=$uri}"
    nginx.ingress.kubernetes.io/proxy-ssl-name: "backend.internal\\""
    nginx.ingress.kubernetes.io/rewrite-target: "/$1;return 200"
    nginx.ingress.kubernetes.io/server-alias: "b.example.com;"
    nginx.ingress.kubernetes.io/upstream-hash-by: "$request_uri\`id\`"
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
      errors: [
        { messageId: 'injection', path: at('auth-signin'), data: { character: '"}"' } },
        { messageId: 'injection', path: at('proxy-ssl-name'), data: { character: 'double quote' } },
        { messageId: 'injection', path: at('rewrite-target'), data: { character: '";"' } },
        { messageId: 'injection', path: at('server-alias'), data: { character: '";"' } },
        { messageId: 'injection', path: at('upstream-hash-by'), data: { character: 'backtick' } },
      ],
    },
  ],
});
