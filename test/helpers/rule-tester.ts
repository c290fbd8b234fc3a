/**
 * The rule tester, after ESLint's RuleTester: `valid` cases must produce no finding of the rule,
 * `invalid` cases exactly the findings listed (usually one). Every message id must be exercised and
 * every fixture file of the rule (test/fixtures/rules/<id>/fire-*.yaml, dont-fire-*.yaml) used.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyRule, Severity } from '../../src/engine/rule.ts';
import { runRules, type RunResult } from '../../src/engine/run-rules.ts';
import type { Model } from '../../src/model/model.ts';
import type { ModelOptions } from '../../src/model/model.ts';
import { modelFromYaml } from './load.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
/** Fixed time for certificate checks: test certificates are valid around it. */
export const TEST_NOW = Date.parse('2026-06-01T00:00:00Z');

interface CaseBase {
  readonly name?: string;
  /** Inline YAML, or a fixture file name in the rule's fixture folder. */
  readonly yaml?: string;
  readonly fixture?: string;
  readonly options?: Record<string, unknown>;
  readonly now?: number;
  readonly model?: ModelOptions;
}

export interface ExpectedFinding {
  readonly messageId: string;
  readonly path?: string;
  /** Object name, when the case holds several objects. */
  readonly object?: string;
  readonly data?: Record<string, string | number>;
  readonly severity?: Severity;
  readonly line?: number;
}

/** Input lacking a kind the rule needs: no finding, and the rule listed as not checked with this reason. */
export interface NotCheckedCase extends CaseBase {
  readonly reason: string;
}

export interface InvalidCase extends CaseBase {
  readonly errors: readonly ExpectedFinding[];
}

/** Runs one rule alone over a model, with its options parsed as the config would (defaults applied). */
export function runSingleRule(
  rule: AnyRule,
  model: Model,
  now: number = TEST_NOW,
  options: Record<string, unknown> = {},
): RunResult {
  const parsedOptions: unknown = rule.options ? rule.options.parse(options) : undefined;
  return runRules({
    model,
    now,
    config: {
      rules: [{ rule, severityOverride: undefined, options: parsedOptions }],
      exemptions: [],
      failOn: 'error',
      controller: undefined,
      file: undefined,
    },
  });
}

export function ruleTester(
  rule: AnyRule,
  cases: {
    valid: readonly CaseBase[];
    invalid: readonly InvalidCase[];
    notChecked?: readonly NotCheckedCase[];
  },
): void {
  const fixtureDir = join(FIXTURES, rule.id);
  const usedFixtures = new Set<string>();
  const text = (c: CaseBase): string => {
    if (c.fixture !== undefined) {
      usedFixtures.add(c.fixture);
      return readFileSync(join(fixtureDir, c.fixture), 'utf8');
    }
    if (c.yaml === undefined) throw new Error('a case needs yaml or fixture');
    return c.yaml;
  };
  const run = (c: CaseBase) => {
    const { model, problems } = modelFromYaml(text(c), c.fixture ?? 'case.yaml', c.model);
    assert.deepEqual(
      problems.filter((p) => p.id === 'input-parse-error'),
      [],
      'case input must parse',
    );
    const result = runSingleRule(rule, model, c.now ?? TEST_NOW, c.options);
    return { findings: result.findings.filter((f) => f.ruleId === rule.id), notChecked: result.notChecked };
  };
  const caseName = (c: CaseBase, index: number) => c.name ?? c.fixture ?? `case ${index + 1}`;

  describe(rule.id, () => {
    (cases.notChecked ?? []).forEach((c, index) => {
      it(`not checked: ${caseName(c, index)}`, () => {
        const { findings, notChecked } = run(c);
        assert.deepEqual(
          findings.map((f) => `${f.messageId} ${f.path}`),
          [],
        );
        assert.deepEqual(notChecked, [{ ruleId: rule.id, reason: c.reason }]);
      });
    });
    cases.valid.forEach((c, index) => {
      it(`valid: ${caseName(c, index)}`, () => {
        const { findings, notChecked } = run(c);
        assert.deepEqual(
          findings.map((f) => `${f.messageId} ${f.path}`),
          [],
        );
        assert.deepEqual(notChecked, [], 'a valid case must be checked, not skipped');
      });
    });
    cases.invalid.forEach((c, index) => {
      it(`invalid: ${caseName(c, index)}`, () => {
        const { findings } = run(c);
        assert.equal(
          findings.length,
          c.errors.length,
          `expected ${c.errors.length} finding(s), got: ${findings.map((f) => `${f.messageId} ${f.object.name} ${f.path}`).join('; ')}`,
        );
        c.errors.forEach((expected, i) => {
          const actual = findings[i];
          assert.ok(actual);
          assert.equal(actual.messageId, expected.messageId);
          if (expected.path !== undefined) assert.equal(actual.path, expected.path);
          if (expected.object !== undefined) assert.equal(actual.object.name, expected.object);
          if (expected.severity !== undefined) assert.equal(actual.severity, expected.severity);
          if (expected.line !== undefined) assert.equal(actual.location?.line, expected.line);
          if (expected.data !== undefined) {
            for (const [key, value] of Object.entries(expected.data))
              assert.equal(actual.data[key], value, `data.${key}`);
          }
          for (const key of placeholders(rule.messages[actual.messageId] ?? '')) {
            assert.ok(
              key in actual.data,
              `message "${actual.messageId}" uses {{${key}}} but the finding has no such data`,
            );
          }
        });
      });
    });
    it('exercises every message id', () => {
      const used = new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
      assert.deepEqual(
        Object.keys(rule.messages).filter((id) => !used.has(id)),
        [],
      );
    });
    it('uses every fixture and has fire-/dont-fire- fixtures', () => {
      assert.ok(existsSync(fixtureDir), `fixtures folder ${fixtureDir} is missing`);
      const files = readdirSync(fixtureDir).filter((f) => f.endsWith('.yaml'));
      assert.ok(
        files.some((f) => f.startsWith('fire-')),
        'needs at least one fire-*.yaml',
      );
      assert.ok(
        files.some((f) => f.startsWith('dont-fire-')),
        'needs at least one dont-fire-*.yaml',
      );
      assert.deepEqual(
        files.filter((f) => !usedFixtures.has(f)),
        [],
        'fixtures no case uses',
      );
      for (const c of cases.valid)
        if (c.fixture)
          assert.ok(c.fixture.startsWith('dont-fire-'), `${c.fixture}: valid fixtures are named dont-fire-*`);
      for (const c of cases.invalid)
        if (c.fixture)
          assert.ok(c.fixture.startsWith('fire-'), `${c.fixture}: invalid fixtures are named fire-*`);
    });
  });
}

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '');
}
