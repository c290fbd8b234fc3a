import rule from './nginx-body-size-unlimited.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const BODY_SIZE = 'metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-bounded.yaml' },
    {
      name: '"10m" and "100" are limits, not zero',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/proxy-body-size: "100" }
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-registry-unlimited.yaml',
      errors: [{ messageId: 'unlimited', path: BODY_SIZE, line: 8, data: { value: '0' } }],
    },
    {
      name: 'zero with a unit is zero too',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/proxy-body-size: 0m }
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
      errors: [{ messageId: 'unlimited', path: BODY_SIZE, data: { value: '0m' } }],
    },
  ],
});
