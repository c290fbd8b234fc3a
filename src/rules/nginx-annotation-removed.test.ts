import rule from './nginx-annotation-removed.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const at = (name: string): string => `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`;

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-replacements.yaml' }],
  invalid: [
    {
      fixture: 'fire-secure-backends.yaml',
      errors: [
        {
          messageId: 'removed',
          path: at('secure-backends'),
          data: { note: 'removed in 0.21.0; use backend-protocol: "HTTPS"' },
        },
      ],
    },
    {
      fixture: 'fire-influxdb.yaml',
      errors: [
        { messageId: 'removed', path: at('enable-influxdb') },
        { messageId: 'removed', path: at('influxdb-host') },
      ],
    },
  ],
});
