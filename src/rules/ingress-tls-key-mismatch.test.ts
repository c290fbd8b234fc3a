import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './ingress-tls-key-mismatch.ts';
import { FIXTURES, ruleTester, TEST_NOW, runSingleRule } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPem } from '../../test/helpers/certs.ts';
import { servingGatewayYaml } from '../../test/helpers/gateway.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-matching-pair.yaml' }],
  invalid: [
    {
      name: 'a Gateway listener Secret whose key belongs to another certificate',
      yaml: servingGatewayYaml({
        secret: { name: 'web-tls', cert: 'shop-rsa.fullchain.crt', key: 'shop-ec.key' },
      }),
      errors: [
        {
          messageId: 'mismatch',
          path: 'spec.listeners[0].tls.certificateRefs[0].name',
          data: { secret: 'web-tls' },
        },
      ],
    },
    {
      fixture: 'fire-key-of-another-certificate.yaml',
      errors: [{ messageId: 'mismatch', path: 'spec.tls[0].secretName', data: { secret: 'web-tls' } }],
    },
    {
      fixture: 'fire-key-absent.yaml',
      errors: [{ messageId: 'absent', path: 'spec.tls[0].secretName', data: { secret: 'web-tls' } }],
    },
    {
      fixture: 'fire-key-unreadable.yaml',
      errors: [{ messageId: 'unreadable', path: 'spec.tls[0].secretName', data: { secret: 'web-tls' } }],
    },
  ],
});

describe('ingress-tls-key-mismatch keeps keys secret', () => {
  it('puts no key material in findings', () => {
    const file = 'fire-key-of-another-certificate.yaml';
    const { model } = modelFromYaml(readFileSync(join(FIXTURES, rule.id, file), 'utf8'), file);
    const result = runSingleRule(rule, model, TEST_NOW);
    const serialized = JSON.stringify(result);
    assert.equal(result.findings.length, 1);
    const keyBody = readPem('expired.key').split('\n')[1] ?? '';
    assert.ok(keyBody.length > 20);
    assert.ok(!serialized.includes(keyBody));
    assert.ok(!serialized.includes('PRIVATE KEY'));
  });
});
