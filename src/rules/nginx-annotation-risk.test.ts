import rule from './nginx-annotation-risk.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-high-within-default.yaml' },
    { fixture: 'dont-fire-critical-allowed-by-option.yaml', options: { maxRisk: 'Critical' } },
  ],
  invalid: [
    {
      fixture: 'fire-high-risk-above-medium.yaml',
      options: { maxRisk: 'Medium' },
      errors: [
        {
          messageId: 'tooRisky',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]',
          data: { risk: 'High', maxRisk: 'Medium' },
        },
      ],
    },
    {
      fixture: 'fire-critical-snippet.yaml',
      errors: [
        {
          messageId: 'tooRisky',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]',
          data: { risk: 'Critical', maxRisk: 'High' },
        },
      ],
    },
  ],
});
