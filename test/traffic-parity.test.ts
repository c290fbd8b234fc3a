/**
 * One traffic detection = one id in four places: module (src/traffic/detections/<id>.ts), registry,
 * generated doc (docs/traffic/<id>.md) and the detections table of spec/traffic.md. Behaviour is tested
 * in src/traffic/detections/detections.test.ts and on a real nginx in test/e2e/traffic-nginx.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SEVERITIES } from '../src/engine/rule.ts';
import { TRAFFIC_DETECTIONS } from '../src/traffic/detections/index.ts';

const ROOT = join(import.meta.dirname, '..');
const SPEC = join(ROOT, '..', 'shared', 'spec', 'traffic.md');
const SOURCE = join(ROOT, 'src', 'traffic', 'detections');

/** `| id | threshold |` rows of the spec's detections table; a row may list several ids. */
function specRows(): { ids: string[]; threshold: string }[] {
  const text = readFileSync(SPEC, 'utf8');
  const table = text.slice(text.indexOf('## Detections'), text.indexOf('## Speed'));
  const rows: { ids: string[]; threshold: string }[] = [];
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const [, idCell = '', threshold = ''] = cells;
    if (!/^traffic-/.test(idCell)) continue;
    rows.push({ ids: idCell.split(',').map((id) => id.trim()), threshold });
  }
  return rows;
}

describe('traffic detection parity', () => {
  const byId = new Map(TRAFFIC_DETECTIONS.map((d) => [d.id, d]));
  const specIds = specRows().flatMap((row) => row.ids);

  it('reads the spec table', () => {
    assert.equal(specIds.length, 12);
  });

  it('implements exactly the ids of the spec, in its order', () => {
    assert.deepEqual(
      TRAFFIC_DETECTIONS.map((d) => d.id),
      specIds,
    );
  });

  for (const row of specRows()) {
    for (const id of row.ids) {
      it(`${id}: module, doc, metadata and the spec's threshold`, async () => {
        const detection = byId.get(id);
        assert.ok(detection, `${id} is not in src/traffic/detections/index.ts`);
        const module = (await import(`../src/traffic/detections/${id}.ts`)) as { default: unknown };
        assert.equal(
          module.default,
          detection,
          'src/traffic/detections/<id>.ts default-exports the registered detection',
        );
        assert.ok((SEVERITIES as readonly string[]).includes(detection.severity));
        assert.ok(
          existsSync(join(ROOT, 'docs', 'traffic', `${id}.md`)),
          'docs/traffic/<id>.md (npm run generate)',
        );
        assert.ok(detection.docs.summary.length > 20, 'summary');
        assert.ok(detection.docs.investigate.length > 20, 'investigate');
        assert.ok(detection.docs.references.length > 0, 'references');
        for (const reference of detection.docs.references) assert.match(reference, /^https:\/\//);
        // The documented default is the spec's (a row shared by several ids may say "the same…").
        const spec = row.threshold.replace(/`/g, '');
        assert.ok(
          detection.docs.threshold.replace(/`/g, '') === spec || spec.startsWith('the same'),
          `threshold: "${detection.docs.threshold}" vs spec "${row.threshold}"`,
        );
      });
    }
  }

  it('every module of src/traffic/detections is registered', () => {
    const registered = new Set(TRAFFIC_DETECTIONS.map((d) => d.id));
    const modules = readdirSync(SOURCE)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual(
      modules.filter((id) => !registered.has(id)),
      [],
    );
  });
});
