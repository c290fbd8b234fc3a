/**
 * One detection = one id in five places: module, registry, fixtures (fire and dont-fire), doc, and the
 * table of spec/accountability.md with its severity. The detections' own behaviour is tested on the
 * fixtures in src/ledger/detections/detections.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETECTIONS } from '../src/ledger/detections/index.ts';
import { SEVERITIES } from '../src/engine/rule.ts';

const ROOT = join(import.meta.dirname, '..');
const SPEC = join(ROOT, '..', 'shared', 'spec', 'accountability.md');
const SOURCE = join(ROOT, 'src', 'ledger', 'detections');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'audit', 'detections');
/** Files of src/ledger/detections that are not detections. */
const FRAMEWORK = new Set(['detection.ts', 'index.ts', 'runner.ts', 'settings.ts']);

/** `| id | sev | …` rows of the detections table; a row may list several ids that share a severity. */
function specRows(): { ids: string[]; severity: string }[] {
  const text = readFileSync(SPEC, 'utf8');
  const table = text.slice(text.indexOf('## Detections'), text.indexOf('## Investigation'));
  const rows: { ids: string[]; severity: string }[] = [];
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const [, idCell = '', severity = ''] = cells;
    if (!/^[a-z]/.test(idCell) || idCell === 'id') continue;
    rows.push({ ids: idCell.split(',').map((id) => id.trim()), severity });
  }
  return rows;
}

describe('detection parity', () => {
  const byId = new Map(DETECTIONS.map((d) => [d.id, d]));

  it('reads the spec table', () => {
    assert.ok(specRows().flatMap((row) => row.ids).length >= 28);
  });

  for (const row of specRows()) {
    for (const id of row.ids) {
      it(`${id} is implemented${(SEVERITIES as readonly string[]).includes(row.severity) ? ` with severity ${row.severity}` : ''}`, () => {
        const detection = byId.get(id);
        assert.ok(detection, `${id} is not in src/ledger/detections/index.ts`);
        if ((SEVERITIES as readonly string[]).includes(row.severity))
          assert.equal(detection.severity, row.severity);
      });
    }
  }

  it('ids are unique and kebab-case, and every one is in the spec', () => {
    const ids = DETECTIONS.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length);
    const specIds = new Set(specRows().flatMap((row) => row.ids));
    for (const id of ids) {
      assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(specIds.has(id), `${id} is not in spec/accountability.md`);
    }
  });

  for (const detection of DETECTIONS) {
    it(`${detection.id}: module, fixtures, doc, metadata`, async () => {
      const module = (await import(`../src/ledger/detections/${detection.id}.ts`)) as { default: unknown };
      assert.equal(
        module.default,
        detection,
        'src/ledger/detections/<id>.ts default-exports the registered detection',
      );
      const files = existsSync(join(FIXTURES, detection.id)) ? readdirSync(join(FIXTURES, detection.id)) : [];
      assert.ok(
        files.some((f) => /^fire-.+\.jsonl$/.test(f)),
        'a fire-*.jsonl fixture',
      );
      assert.ok(
        files.some((f) => /^dont-fire-.+\.jsonl$/.test(f)),
        'a dont-fire-*.jsonl fixture',
      );
      assert.ok(
        existsSync(join(ROOT, 'docs', 'detections', `${detection.id}.md`)),
        'docs/detections/<id>.md',
      );
      assert.ok(detection.docs.summary.length > 20, 'summary');
      assert.ok(detection.docs.investigate.length > 20, 'investigate');
      assert.ok(detection.docs.references.length > 0, 'references');
      for (const reference of detection.docs.references) assert.match(reference, /^https:\/\//);
    });
  }

  it('every detection module is registered', () => {
    const registered = new Set(DETECTIONS.map((d) => d.id));
    const modules = readdirSync(SOURCE)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !FRAMEWORK.has(f))
      .map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual(
      modules.filter((id) => !registered.has(id)),
      [],
    );
  });

  it('every fixture folder belongs to a detection', () => {
    const registered = new Set(DETECTIONS.map((d) => d.id));
    assert.deepEqual(
      readdirSync(FIXTURES).filter((dir) => !registered.has(dir)),
      [],
    );
  });
});
