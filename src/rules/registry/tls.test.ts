import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tlsRules } from './tls.ts';
import { modelFromYaml } from '../../../test/helpers/load.ts';
import { runRules } from '../../engine/run-rules.ts';
import { TEST_NOW } from '../../../test/helpers/rule-tester.ts';

/** Rules that judge the Ingress alone; every other TLS rule reads Secrets. */
const INGRESS_ONLY = new Set(['ingress-tls-missing', 'ingress-tls-host-uncovered']);

describe('TLS rules without Secrets in the input', () => {
  const { model } = modelFromYaml(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  tls: [{ hosts: [shop.example.com], secretName: web-tls }]
  rules: [{ host: shop.example.com }]
`);
  for (const rule of tlsRules) {
    it(`${rule.id} is ${INGRESS_ONLY.has(rule.id) ? 'checked' : 'not checked'}`, () => {
      assert.equal(rule.category, 'tls');
      const options: unknown = rule.options?.parse({});
      const result = runRules({
        model,
        now: TEST_NOW,
        config: {
          rules: [{ rule, severityOverride: undefined, options }],
          exemptions: [],
          failOn: 'error',
          controller: undefined,
          file: undefined,
        },
      });
      assert.deepEqual(result.findings, []);
      const expected = INGRESS_ONLY.has(rule.id)
        ? []
        : [{ ruleId: rule.id, reason: 'the input contains no Secret' }];
      assert.deepEqual(result.notChecked, expected);
    });
  }
});
