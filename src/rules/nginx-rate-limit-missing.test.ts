import rule from './nginx-rate-limit-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-limited.yaml' },
    { fixture: 'dont-fire-internal-only.yaml' },
    {
      name: 'an Ingress with no rules and no default backend routes nothing',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: placeholder }
spec: { ingressClassName: nginx }
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-login-unlimited.yaml',
      errors: [{ messageId: 'noRateLimit', path: 'metadata.annotations', line: 6 }],
    },
    { fixture: 'fire-limit-zero.yaml', errors: [{ messageId: 'noRateLimit', path: 'metadata.annotations' }] },
  ],
});
