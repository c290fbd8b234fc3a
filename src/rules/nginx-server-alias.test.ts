import rule from './nginx-server-alias.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const ALIAS = 'metadata.annotations["nginx.ingress.kubernetes.io/server-alias"]';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-alias-is-a-rule-host.yaml' }],
  invalid: [
    {
      fixture: 'fire-alias-legacy-domain.yaml',
      errors: [
        { messageId: 'hiddenHost', path: ALIAS, line: 8, data: { alias: 'shop.example-legacy.net' } },
        { messageId: 'hiddenHost', path: ALIAS, line: 8, data: { alias: 'www.example.com' } },
      ],
    },
    {
      name: 'a wildcard rule host covers one label only',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/server-alias: a.b.example.com }
spec:
  ingressClassName: nginx
  rules: [{ host: "*.example.com" }]
`,
      errors: [{ messageId: 'hiddenHost', data: { alias: 'a.b.example.com' } }],
    },
  ],
});
