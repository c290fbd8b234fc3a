import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule, { editDistance } from './traefik-annotation-unknown.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-known-keys.yaml' }],
  invalid: [
    {
      fixture: 'fire-typo-service-and-v1-keys.yaml',
      errors: [
        {
          messageId: 'unknownSuggest',
          path: 'metadata.annotations["traefik.ingress.kubernetes.io/router.entrypoint"]',
          data: { suggestion: 'traefik.ingress.kubernetes.io/router.entrypoints' },
        },
        {
          messageId: 'serviceOnly',
          path: 'metadata.annotations["traefik.ingress.kubernetes.io/service.sticky.cookie"]',
        },
        {
          messageId: 'traefikV1',
          path: 'metadata.annotations["traefik.ingress.kubernetes.io/rewrite-target"]',
        },
      ],
    },
    {
      fixture: 'fire-invented-key.yaml',
      errors: [
        {
          messageId: 'unknown',
          path: 'metadata.annotations["traefik.ingress.kubernetes.io/redirect-to-https"]',
          data: { key: 'traefik.ingress.kubernetes.io/redirect-to-https' },
        },
      ],
    },
  ],
});

describe('editDistance', () => {
  it('counts single edits', () => {
    assert.equal(editDistance('router.tls', 'router.tsl'), 2);
    assert.equal(editDistance('router.priority', 'router.priority'), 0);
  });
});
