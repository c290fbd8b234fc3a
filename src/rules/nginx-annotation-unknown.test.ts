import rule from './nginx-annotation-unknown.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-known-keys.yaml' }],
  invalid: [
    {
      fixture: 'fire-typo.yaml',
      errors: [
        {
          messageId: 'didYouMean',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/rewrite-targt"]',
          data: { suggestion: 'nginx.ingress.kubernetes.io/rewrite-target' },
        },
      ],
    },
    {
      fixture: 'fire-unknown-key.yaml',
      errors: [
        {
          messageId: 'unknown',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/my-team-feature-flag"]',
        },
      ],
    },
  ],
});
