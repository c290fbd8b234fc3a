/**
 * One rule = one id in four places (DESIGN §5.1, after ESLint's checkRuleFiles): rule file, test,
 * fixtures, doc — and the registry. Also: the ids, severities, presets and categories the spec fixes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../src/rules/index.ts';
import { META_RULES } from '../src/engine/meta-rules.ts';
import { generatedFiles } from '../scripts/generate.ts';

const ROOT = join(import.meta.dirname, '..');
const SPEC = join(ROOT, '..', 'shared', 'spec', 'rules.md');
const metaIds = new Set<string>(META_RULES.map((r) => r.id));
const ruleFiles = readdirSync(join(ROOT, 'src', 'rules')).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
);

/** Sections of spec/rules.md this release implements, with the category each section's rules carry. */
const SECTIONS: Record<string, string | undefined> = {
  A: 'references',
  B: 'tls',
  C: 'routing',
  D: 'nginx',
  E: undefined,
  F: 'controller',
  G: 'exposure',
  H: 'rbac',
  I: 'gateway-api',
};

describe('rule parity', () => {
  it('ids are unique and kebab-case', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  for (const rule of RULES.filter((r) => !metaIds.has(r.id))) {
    it(`${rule.id}: rule file, test, fixtures and doc`, async () => {
      const module = (await import(`../src/rules/${rule.id}.ts`)) as { default: unknown };
      assert.equal(module.default, rule, 'src/rules/<id>.ts default-exports the registered rule');
      assert.ok(existsSync(join(ROOT, 'src', 'rules', `${rule.id}.test.ts`)), 'test file');
      const fixtures = join(ROOT, 'test', 'fixtures', 'rules', rule.id);
      assert.ok(existsSync(fixtures), 'fixtures folder');
      assert.ok(existsSync(join(ROOT, 'docs', 'rules', `${rule.id}.md`)), 'doc');
    });
  }

  it('every rule file is registered', () => {
    const registered = new Set(RULES.map((r) => r.id));
    assert.deepEqual(
      ruleFiles.map((f) => f.replace(/\.ts$/, '')).filter((id) => !registered.has(id)),
      [],
    );
  });

  it('every rule has docs and messages', () => {
    for (const rule of RULES) {
      assert.ok(rule.docs.summary.length > 10, `${rule.id} summary`);
      assert.ok(rule.docs.remediation.length > 10, `${rule.id} remediation`);
      assert.ok(rule.docs.references.length > 0, `${rule.id} references`);
      assert.ok(Object.keys(rule.messages).length > 0, `${rule.id} messages`);
    }
  });

  it('generated docs and schemas are fresh (npm run generate)', () => {
    for (const [path, content] of generatedFiles()) {
      assert.ok(existsSync(path), `${path} missing: run npm run generate`);
      assert.equal(readFileSync(path, 'utf8'), content, `${path} is stale: run npm run generate`);
    }
  });
});

describe('rule catalogue matches spec/rules.md', () => {
  const spec = readFileSync(SPEC, 'utf8');
  const byId = new Map(RULES.map((r) => [r.id, r]));
  let section = '';
  const rows: { section: string; id: string; severity: string; preset: string }[] = [];
  for (const line of spec.split('\n')) {
    const heading = /^## ([A-Z])\. /.exec(line);
    if (heading?.[1]) section = heading[1];
    const row = /^\| ([a-z0-9-]+) \| (error|warning|info) \| ([RS]) \|/.exec(line);
    if (row?.[1] && row[2] && row[3] && section in SECTIONS)
      rows.push({ section, id: row[1], severity: row[2], preset: row[3] });
  }

  it('reads the spec tables', () => {
    assert.ok(rows.length > 60, `found ${rows.length} rows`);
  });

  for (const row of rows) {
    it(`${row.id} (section ${row.section})`, () => {
      const rule = byId.get(row.id);
      assert.ok(rule, `rule ${row.id} is not implemented`);
      assert.equal(rule.severity, row.severity);
      assert.equal(rule.preset, row.preset === 'R' ? 'recommended' : 'strict');
      const category = SECTIONS[row.section];
      if (category) assert.equal(rule.category, category);
    });
  }
});
