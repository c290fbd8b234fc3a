import rule from './ingress-host-empty.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-kyverno-hosts-set.yaml' },
    {
      name: 'an Ingress with only a default backend has no rule to judge',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: fallback }
spec:
  defaultBackend: { service: { name: web, port: { number: 80 } } }
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-kyverno-minimal-ingress.yaml',
      errors: [{ messageId: 'noHost', path: 'spec.rules[0]', data: { rule: 0, paths: 1 } }],
    },
    {
      name: 'the rule without host is found whatever its position',
      fixture: 'fire-kyverno-second-rule-without-host.yaml',
      errors: [{ messageId: 'noHost', path: 'spec.rules[1]', data: { rule: 1 } }],
    },
    {
      name: 'an empty host string is no host',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  rules:
    - host: ''
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`,
      errors: [{ messageId: 'noHost', path: 'spec.rules[0]' }],
    },
  ],
});
