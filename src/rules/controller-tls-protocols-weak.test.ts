import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule, { weakCiphers, weakProtocols } from './controller-tls-protocols-weak.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-modern.yaml' }],
  invalid: [
    {
      fixture: 'fire-legacy-clients-configmap.yaml',
      errors: [
        {
          messageId: 'weakProtocols',
          path: 'data.ssl-protocols',
          line: 8,
          data: { protocols: 'TLSv1, TLSv1.1' },
        },
        { messageId: 'weakCiphers', path: 'data.ssl-ciphers', data: { ciphers: 'DES-CBC3-SHA, RC4-SHA' } },
      ],
    },
    {
      fixture: 'fire-ingress-annotation.yaml',
      errors: [
        {
          messageId: 'weakCiphers',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/ssl-ciphers"]',
          data: { ciphers: 'EXPORT56, RC4+RSA' },
        },
      ],
    },
  ],
});

describe('cipher strings', () => {
  it('ignores removals and reorderings', () => {
    assert.deepEqual(weakCiphers('HIGH:!aNULL:!MD5:-RC4:+3DES'), []);
  });
  it('reads NGINX protocol lists', () => {
    assert.deepEqual(weakProtocols('SSLv3  TLSv1.2'), ['SSLv3']);
  });
});
