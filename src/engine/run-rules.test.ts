import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { defineRule, type AnyRule } from './rule.ts';
import { resolveConfig, parseConfig, ConfigError } from './config.ts';
import { runRules } from './run-rules.ts';
import { baselineOf } from './suppressions.ts';
import { META_RULES } from './meta-rules.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';

/** A rule that flags every Ingress host, to exercise the engine without depending on real rules. */
const everyHost = defineRule({
  id: 'test-every-host',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: { summary: 'test', remediation: 'test', references: ['test'] },
  messages: { host: 'Host {{host}}.' },
  options: z.object({ skip: z.string().default('') }).strict(),
  create({ report, options }) {
    return {
      Ingress(ingress) {
        for (const rule of ingress.rules) {
          if (rule.host && rule.host !== options.skip)
            report({ path: `${rule.fieldPath}.host`, messageId: 'host', data: { host: rule.host } });
        }
      },
    };
  },
});

const strictOnly = defineRule({
  id: 'test-strict-only',
  severity: 'info',
  category: 'routing',
  preset: 'strict',
  docs: { summary: 'test', remediation: 'test', references: ['test'] },
  messages: { seen: 'Seen.' },
  needs: ['Service'],
  create({ report }) {
    return {
      Ingress: () => {
        report({ path: 'metadata.name', messageId: 'seen' });
      },
    };
  },
});

const REGISTRY: AnyRule[] = [everyHost, strictOnly, ...META_RULES];

const ingress = (
  name: string,
  hosts: string[],
  annotations: Record<string, string> = {},
  namespace = 'shop',
) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations: ${JSON.stringify(annotations)}
spec:
  rules:
${hosts.map((h) => `    - host: ${h}`).join('\n')}
`;

function run(yaml: string, config = {}, flags = {}, baseline?: ReturnType<typeof baselineOf>) {
  const { model } = modelFromYaml(yaml, 'in.yaml');
  const resolved = resolveConfig(REGISTRY, parseConfig(config), flags, '.gatewatch.yaml');
  return runRules({
    model,
    config: resolved,
    now: 0,
    ...(baseline ? { baseline } : {}),
    configObject: {
      ref: { apiVersion: 'gatewatch.dev/v1', kind: 'Config', namespace: '', name: '.gatewatch.yaml' },
      location: { file: '.gatewatch.yaml', line: 3 },
    },
  });
}

describe('runRules', () => {
  it('reports with file, line of the field, and sorted deterministically', () => {
    const result = run(ingress('b', ['b.example.com']) + ingress('a', ['a1.example.com', 'a2.example.com']));
    assert.deepEqual(
      result.findings.map((f) => `${f.object.name} ${f.path} ${f.location?.file}:${f.location?.line}`),
      [
        'b spec.rules[0].host in.yaml:10',
        'a spec.rules[0].host in.yaml:20',
        'a spec.rules[1].host in.yaml:21',
      ],
    );
  });

  it('runs strict rules only with the strict preset, and lists them not checked when a needed kind is absent', () => {
    assert.equal(run(ingress('a', ['a.example.com'])).notChecked.length, 0);
    const strict = run(ingress('a', ['a.example.com']), {}, { preset: 'strict' });
    assert.deepEqual(strict.notChecked, [
      { ruleId: 'test-strict-only', reason: 'the input contains no Service' },
    ]);
  });

  it('applies severity overrides and options from the config', () => {
    const result = run(ingress('a', ['a.example.com', 'b.example.com']), {
      rules: { 'test-every-host': { severity: 'error', options: { skip: 'a.example.com' } } },
    });
    assert.deepEqual(
      result.findings.map((f) => `${f.severity} ${String(f.data.host)}`),
      ['error b.example.com'],
    );
  });

  it('rejects unknown rule ids and bad options with a clear message', () => {
    assert.throws(
      () => resolveConfig(REGISTRY, parseConfig({ rules: { 'no-such-rule': 'off' } }), {}),
      /unknown rule id: no-such-rule/,
    );
    assert.throws(
      () =>
        resolveConfig(REGISTRY, parseConfig({ rules: { 'test-every-host': { options: { skip: 3 } } } }), {}),
      ConfigError,
    );
    assert.throws(
      () => parseConfig({ exemptions: [{ rules: ['test-every-host'], reason: '  ' }] }),
      /reason/,
    );
  });

  it('suppresses by annotation with a reason, and reports a missing reason', () => {
    const yaml =
      ingress('a', ['a.example.com'], {
        'gatewatch.dev/ignore.test-every-host': 'tenant wildcard approved',
      }) +
      ingress('b', ['b.example.com'], { 'gatewatch.dev/ignore.test-every-host': '' }) +
      ingress('c', ['c.example.com'], {
        'gatewatch.dev/ignore': 'test-every-host, test-strict-only — legacy, SEC-12',
      });
    const result = run(yaml);
    assert.deepEqual(
      result.suppressed.map((f) => `${f.object.name} ${f.suppressed?.kind ?? ''}`),
      ['a annotation', 'c annotation'],
    );
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId} ${f.object.name} ${f.path}`),
      // Sorted by line: the annotation comes before spec.
      [
        'suppression-reason-missing b metadata.annotations["gatewatch.dev/ignore.test-every-host"]',
        'test-every-host b spec.rules[0].host',
      ],
    );
  });

  it('reports unused suppressions of every kind', () => {
    const yaml = ingress('a', ['a.example.com'], {
      'gatewatch.dev/ignore.test-every-host': 'nothing to suppress after all',
    }).replace('- host: a.example.com', '- http: {}');
    const baseline = {
      schemaVersion: 1 as const,
      findings: [
        {
          ruleId: 'test-every-host',
          kind: 'Ingress',
          namespace: 'shop',
          name: 'gone',
          path: 'spec.rules[0].host',
          messageId: 'host',
        },
      ],
    };
    const result = run(
      yaml,
      { exemptions: [{ rules: ['test-every-host'], namespaces: ['legacy-*'], reason: 'old apps' }] },
      {},
      baseline,
    );
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId}:${f.messageId} ${f.object.kind}/${f.object.name}`).sort(),
      [
        'suppression-unused:annotation Ingress/a',
        'suppression-unused:baseline Ingress/gone',
        'suppression-unused:exemption Config/.gatewatch.yaml',
      ],
    );
  });

  it('exempts by config (namespace glob, name prefix) and by baseline', () => {
    const yaml =
      ingress('legacy-web', ['a.example.com'], {}, 'legacy-1') +
      ingress('web', ['b.example.com']) +
      ingress('new', ['c.example.com']);
    const first = run(yaml);
    const baseline = baselineOf(first.findings.filter((f) => f.object.name === 'web'));
    const result = run(
      yaml,
      {
        exemptions: [{ rules: ['*'], namespaces: ['legacy-*'], names: ['legacy-'], reason: 'being retired' }],
      },
      {},
      baseline,
    );
    assert.deepEqual(
      result.findings.map((f) => f.object.name),
      ['new'],
    );
    assert.deepEqual(result.suppressed.map((f) => `${f.object.name} ${f.suppressed?.kind ?? ''}`).sort(), [
      'legacy-web exemption',
      'web baseline',
    ]);
  });

  it('never lets a rule mutate the model', () => {
    const mutating = defineRule({
      ...everyHost,
      id: 'test-mutating',
      create: () => ({
        Ingress(view) {
          (view.resource.body as Record<string, unknown>).spec = null;
        },
      }),
    });
    const { model } = modelFromYaml(ingress('a', ['a.example.com']));
    const config = resolveConfig([mutating], {}, {});
    assert.throws(() => runRules({ model, config, now: 0 }), TypeError);
  });
});
