import rule from './nginx-waf-disabled.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const MODSECURITY = 'metadata.annotations["nginx.ingress.kubernetes.io/enable-modsecurity"]';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-core-rules.yaml' },
    { fixture: 'dont-fire-global-waf.yaml' },
    {
      name: 'private networks only: not a public host',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8, 100.64.0.0/10" }
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-no-modsecurity.yaml',
      errors: [{ messageId: 'disabled', path: 'metadata.annotations', data: { setting: 'not set' } }],
    },
    {
      fixture: 'fire-modsecurity-without-rules.yaml',
      errors: [{ messageId: 'noRuleSet', path: MODSECURITY, line: 8 }],
    },
    {
      fixture: 'fire-opted-out-of-global-waf.yaml',
      errors: [{ messageId: 'disabled', object: 'uploads', path: MODSECURITY, data: { setting: '"false"' } }],
    },
  ],
});
