import rule from './traefik-tls-disabled.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-tls-router.yaml' }],
  invalid: [
    {
      fixture: 'fire-router-tls-false.yaml',
      errors: [
        {
          messageId: 'tlsFalse',
          path: 'metadata.annotations["traefik.ingress.kubernetes.io/router.tls"]',
          line: 8,
          data: { value: 'false', hosts: 'shop.example.com' },
        },
      ],
    },
    {
      fixture: 'fire-web-entrypoint-only.yaml',
      errors: [
        {
          messageId: 'plainEntrypoint',
          path: 'metadata.annotations["traefik.ingress.kubernetes.io/router.entrypoints"]',
          data: { entrypoints: 'web' },
        },
      ],
    },
  ],
});
