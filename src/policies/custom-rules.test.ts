/**
 * Config policies through config resolution and the engine: they become rules like the built-in ones
 * (rules:, exemptions, annotations), match what `match:` says, and a policy that cannot be loaded is
 * a config error naming it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, parseConfig, resolveConfig } from '../engine/config.ts';
import { runRules } from '../engine/run-rules.ts';
import type { AnyRule } from '../engine/rule.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { RULES } from '../rules/index.ts';

const INPUT = `apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { env: prod } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop, labels: { team: a } }
spec:
  ingressClassName: nginx
  rules:
    - host: web.corp.example
    - host: evil.example.com
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: api, namespace: shop }
spec:
  ingressClassName: traefik
  rules:
    - host: api.corp.example
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: lab, namespace: sandbox }
spec:
  rules:
    - host: lab.example.org
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: ExternalName
  externalName: web.example.net
`;

const CORP_HOSTS = {
  id: 'corp-hosts-only',
  severity: 'error',
  match: { kinds: ['Ingress'] },
  validations: [
    {
      expression: "object.spec.rules.all(r, r.host.endsWith('.corp.example'))",
      message: 'hosts must be under corp.example',
    },
  ],
};

function run(config: Record<string, unknown>, registry: readonly AnyRule[] = []) {
  const { model } = modelFromYaml(INPUT, 'input.yaml');
  const resolved = resolveConfig(registry, parseConfig(config), {});
  const result = runRules({ model, config: resolved, now: 0 });
  return {
    resolved,
    found: result.findings.map(
      (f) => `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.severity} ${f.messageId}`,
    ),
    findings: result.findings,
    suppressed: result.suppressed,
  };
}

describe('config policies', () => {
  it('the spec example: a finding per Ingress with a host outside corp.example, like a built-in rule', () => {
    const { findings, resolved } = run({ policies: [CORP_HOSTS] });
    assert.deepEqual(
      findings.map((f) => [
        f.ruleId,
        f.object.name,
        f.severity,
        f.category,
        f.path,
        f.messageId,
        f.data.message,
      ]),
      [
        [
          'corp-hosts-only',
          'web',
          'error',
          'policy',
          'metadata.name',
          'validations[0]',
          'hosts must be under corp.example',
        ],
        [
          'corp-hosts-only',
          'lab',
          'error',
          'policy',
          'metadata.name',
          'validations[0]',
          'hosts must be under corp.example',
        ],
      ],
    );
    const rule = resolved.customRules?.[0];
    assert.ok(rule);
    assert.equal(rule.messages['validations[0]'], 'hosts must be under corp.example');
    assert.equal(rule.docs.url, 'docs/policies.md');
  });

  it('match: namespaces, excludeNamespaces, names, objectSelector and namespaceSelector narrow it', () => {
    const only = (match: Record<string, unknown>) =>
      run({ policies: [{ ...CORP_HOSTS, match: { kinds: ['Ingress'], ...match } }] }).findings.map(
        (f) => f.object.name,
      );
    assert.deepEqual(only({ namespaces: ['sho*'] }), ['web']);
    assert.deepEqual(only({ excludeNamespaces: ['shop'] }), ['lab']);
    assert.deepEqual(only({ names: ['la?'] }), ['lab']);
    assert.deepEqual(only({ objectSelector: { matchLabels: { team: 'a' } } }), ['web']);
    assert.deepEqual(only({ namespaceSelector: { matchLabels: { env: 'prod' } } }), ['web']);
    // A namespace absent from the input still has the label the API server puts on every namespace.
    assert.deepEqual(
      only({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'sandbox' } } }),
      ['lab'],
    );
  });

  it('params, variables, messageExpression, fieldPath, several validations and other kinds', () => {
    const { findings } = run({
      policies: [
        {
          id: 'approved-classes',
          severity: 'warning',
          match: { kinds: ['Ingress'], namespaces: ['shop'] },
          params: { classes: ['nginx'] },
          variables: [
            {
              name: 'cls',
              expression: "has(object.spec.ingressClassName) ? object.spec.ingressClassName : ''",
            },
          ],
          validations: [
            {
              expression: 'variables.cls in params.classes',
              messageExpression: "'class ' + variables.cls + ' is not in ' + params.classes.join(', ')",
              fieldPath: 'spec.ingressClassName',
            },
            { expression: 'size(object.spec.rules) == 1' },
          ],
        },
        {
          id: 'no-external-name',
          match: { kinds: ['Service'] },
          validations: [{ expression: "!has(object.spec.type) || object.spec.type != 'ExternalName'" }],
        },
      ],
    });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.object.name, f.severity, f.path, f.messageId, f.data.message]),
      [
        [
          'approved-classes',
          'web',
          'warning',
          'metadata.name',
          'validations[1]',
          'failed expression: size(object.spec.rules) == 1',
        ],
        [
          'approved-classes',
          'api',
          'warning',
          'spec.ingressClassName',
          'validations[0]',
          'class traefik is not in nginx',
        ],
        [
          'no-external-name',
          'web',
          'error',
          'metadata.name',
          'validations[0]',
          "failed expression: !has(object.spec.type) || object.spec.type != 'ExternalName'",
        ],
      ],
    );
  });

  it('an expression that cannot be evaluated is a finding under failurePolicy Fail (default), nothing under Ignore', () => {
    const policy = {
      id: 'needs-tls',
      match: { kinds: ['Ingress'], names: ['web'] },
      validations: [{ expression: 'size(object.spec.tls) > 0' }],
    };
    const failed = run({ policies: [policy] }).findings;
    assert.deepEqual(
      failed.map((f) => [f.messageId, f.data.policy, f.data.expression]),
      [['error', 'needs-tls', 'size(object.spec.tls) > 0']],
    );
    assert.deepEqual(run({ policies: [{ ...policy, failurePolicy: 'Ignore' }] }).findings, []);
  });

  it('rules: settings and exemptions treat a policy id like a rule id (annotations: test/e2e/policies-cli.test.ts)', () => {
    assert.deepEqual(run({ policies: [CORP_HOSTS], rules: { 'corp-hosts-only': 'off' } }).found, []);
    assert.deepEqual(run({ policies: [CORP_HOSTS], rules: { 'corp-hosts-only': 'info' } }).found, [
      'corp-hosts-only Ingress/web info validations[0]',
      'corp-hosts-only Ingress/lab info validations[0]',
    ]);
    const exempted = run({
      policies: [CORP_HOSTS],
      exemptions: [
        { rules: ['corp-hosts-only'], namespaces: ['sandbox'], reason: 'lab hosts are throwaway' },
      ],
    });
    assert.deepEqual(exempted.found, ['corp-hosts-only Ingress/web error validations[0]']);
    assert.deepEqual(
      exempted.suppressed.map((f) => f.object.name),
      ['lab'],
    );
  });

  it('a policy that cannot be loaded is a config error naming the policy (and the expression)', () => {
    const fails = (policy: Record<string, unknown>, pattern: RegExp, registry: readonly AnyRule[] = []) => {
      assert.throws(
        () => resolveConfig(registry, parseConfig({ policies: [policy] }), {}),
        (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
      );
    };
    fails(
      { ...CORP_HOSTS, validations: [{ expression: "object.spec.rules.all(r, r.host.endsWith('x')" }] },
      /^policy corp-hosts-only: validations\[0\]\.expression does not compile: .*\(expression: object\.spec\.rules\.all\(r, r\.host\.endsWith\('x'\)\)$/,
    );
    fails(
      { ...CORP_HOSTS, validations: [{ expression: 'true', messageExpression: "'x' + nope" }] },
      /policy corp-hosts-only: validations\[0\]\.messageExpression does not compile: undeclared reference to 'nope'/,
    );
    fails(
      { ...CORP_HOSTS, id: 'ingress-tls-missing' },
      /policy ingress-tls-missing: the id is a built-in rule's/,
      RULES,
    );
    fails(
      { ...CORP_HOSTS, match: { kinds: ['Deploymnt'] } },
      /policy corp-hosts-only: match\.kinds: Deploymnt is not a kind/,
    );
    assert.throws(
      () => resolveConfig([], parseConfig({ policies: [CORP_HOSTS, CORP_HOSTS] }), {}),
      /policy corp-hosts-only: the id is used twice/,
    );
    assert.throws(() => parseConfig({ policies: [{ ...CORP_HOSTS, id: 'Corp Hosts' }] }), ConfigError);
    assert.throws(() => parseConfig({ policies: [{ ...CORP_HOSTS, validations: [] }] }), ConfigError);
  });
});

describe('docs/policies.md', () => {
  it('every policies: example loads, and the README one too', () => {
    const root = join(import.meta.dirname, '..', '..');
    const blocks = ['docs/policies.md', 'README.md'].flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((m) => m[1] ?? '')
        .filter((text) => /^policies:/m.test(text)),
    );
    assert.ok(blocks.length >= 5, `found ${String(blocks.length)} examples`);
    for (const text of blocks) {
      const resolved = resolveConfig(RULES, parseConfig(parse(text)), {});
      assert.ok((resolved.customRules?.length ?? 0) > 0);
      const { model } = modelFromYaml(INPUT, 'input.yaml');
      const errors = runRules({ model, config: resolved, now: 0 }).findings.filter(
        (f) => f.messageId === 'error',
      );
      assert.deepEqual(errors, [], 'the example evaluates on ordinary Ingresses without errors');
    }
  });
});
