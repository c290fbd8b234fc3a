import rule from './ingress-tls-secret-missing.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-secret-present.yaml' }],
  invalid: [
    {
      fixture: 'fire-secret-absent.yaml',
      errors: [
        {
          messageId: 'missing',
          path: 'spec.tls[0].secretName',
          line: 10,
          data: { secret: 'web-tls', namespace: 'shop' },
        },
      ],
    },
    {
      fixture: 'fire-secret-wrong-type.yaml',
      errors: [{ messageId: 'wrongType', path: 'spec.tls[0].secretName', data: { type: 'Opaque' } }],
    },
  ],
  notChecked: [
    {
      name: 'no Secret in the input at all: unknown, not "every Secret missing"',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  tls: [{ hosts: [a.example.com], secretName: a-tls }]
`,
      reason: 'the input contains no Secret',
    },
  ],
});
