import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { resolveConfig } from '../../engine/config.ts';
import { META_RULES } from '../../engine/meta-rules.ts';
import { CATEGORIES, SEVERITIES } from '../../engine/rule.ts';
import { scanPaths, type ScanOptions } from '../../pipeline/scan.ts';
import ingressTlsSecretMissing from '../../rules/ingress-tls-secret-missing.ts';
import { PROBLEM_IDS } from '../../sources/problem.ts';
import { TEST_NOW } from '../../../test/helpers/rule-tester.ts';
import { emptyReport, fullReport, hostileReport } from '../../../test/helpers/reports.ts';
import { describeErrors, scanResultSchema, scanResultValidator } from '../../../test/helpers/schemas.ts';
import type { ScanReport } from '../scan-report.ts';
import { formatJson } from './json.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'rules', 'ingress-tls-secret-missing');

const HELM_STDIN = `---
# Source: shop/templates/ingress.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    gatewatch.dev/ignore.ingress-host-wildcard: "wildcard is intended"
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: web-tls
---
# Source: shop/templates/other.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy
  namespace: shop
  annotations:
    gatewatch.dev/ignore.ingress-tls-secret-missing: "moving to cert-manager"
spec:
  tls:
    - secretName: legacy-tls
---
# Source: shop/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata: { name: other, namespace: shop }
type: Opaque
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
`;

/** A scan with the one stable rule and the engine's meta rules (other rules are still being written). */
async function scan(paths: string[], extra: Partial<ScanOptions> = {}): Promise<ScanReport> {
  const config = resolveConfig(
    [ingressTlsSecretMissing, ...META_RULES],
    extra.config
      ? {}
      : {
          exemptions: [
            { rules: ['ingress-tls-secret-missing'], names: ['partner-'], reason: 'partner team' },
          ],
        },
    {},
  );
  const outcome = await scanPaths(paths, {
    config,
    now: TEST_NOW,
    cwd: ROOT,
    readStdin: () => Promise.resolve(HELM_STDIN),
    configObject: {
      ref: { apiVersion: 'gatewatch.dev/v1', kind: 'Config', namespace: '', name: '.gatewatch.yaml' },
      location: { file: '.gatewatch.yaml', line: 2 },
    },
    ...extra,
  });
  return outcome.report;
}

function json(report: ScanReport): unknown {
  return JSON.parse(formatJson(report, { color: false, verbose: false }));
}

/** Every property path a schema declares, e.g. `findings[].location.helmSource`. */
function schemaPaths(
  schema: Record<string, unknown>,
  defs: Record<string, Record<string, unknown>>,
  prefix = '',
): string[] {
  const ref = schema.$ref;
  const def = typeof ref === 'string' ? (defs[ref.replace('#/$defs/', '')] ?? {}) : {};
  const resolved: Record<string, unknown> = {
    ...def,
    ...schema,
    properties: { ...(def.properties as object), ...(schema.properties as object) },
  };
  const paths: string[] = [];
  const properties = resolved.properties as Record<string, Record<string, unknown>>;
  for (const [key, child] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${key}` : key;
    paths.push(path);
    paths.push(...schemaPaths(child, defs, path));
  }
  if (resolved.items)
    paths.push(...schemaPaths(resolved.items as Record<string, unknown>, defs, `${prefix}[]`));
  return paths;
}

/** Every property path present in a JSON value (arrays merged). */
function valuePaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) valuePaths(item, `${prefix}[]`, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      valuePaths(child, path, out);
    }
  }
  return out;
}

describe('json format and schemas/scan-result.v1.schema.json', () => {
  const validate = scanResultValidator();

  it('validates real scans: a fixture directory, helm output on stdin, unreadable inputs, a baseline', async () => {
    const cases: [string, ScanReport][] = [
      ['directory', await scan([FIXTURES])],
      ['stdin', await scan(['-'])],
      [
        'broken',
        await scan([join(FIXTURES, 'fire-secret-absent.yaml'), join(ROOT, 'does-not-exist.yaml'), '-']),
      ],
      [
        'baseline',
        await scan(['-'], {
          baseline: {
            schemaVersion: 1,
            findings: [
              {
                ruleId: 'ingress-tls-secret-missing',
                kind: 'Ingress',
                namespace: 'gone',
                name: 'x',
                path: 'spec.tls[0].secretName',
                messageId: 'missing',
              },
            ],
          },
        }),
      ],
    ];
    for (const [name, report] of cases) {
      const output = json(report);
      assert.ok(validate(output), `${name}: ${describeErrors(validate)}`);
    }
    const stdin = json(cases[1]?.[1] ?? emptyReport()) as {
      findings: { ruleId: string; location?: { helmSource?: string } }[];
    };
    const tls = stdin.findings.find((f) => f.ruleId === 'ingress-tls-secret-missing');
    assert.equal(tls?.location?.helmSource, 'shop/templates/ingress.yaml');
  });

  it('validates the hand-built reports, including hostile strings', () => {
    for (const report of [emptyReport(), fullReport(), hostileReport()])
      assert.ok(validate(json(report)), describeErrors(validate));
  });

  it('rejects what the formatter never writes: unknown fields, unknown severities and categories', () => {
    const output = json(fullReport()) as { findings: Record<string, unknown>[]; extra?: boolean };
    const [first] = output.findings;
    assert.ok(first);
    for (const broken of [
      { ...output, extra: true },
      { ...output, findings: [{ ...first, severity: 'critical' }] },
      { ...output, findings: [{ ...first, category: 'misc' }] },
      { ...output, findings: [{ ...first, surprise: 1 }] },
      { ...output, findings: [{ ...first, message: undefined }] },
    ]) {
      assert.equal(validate(JSON.parse(JSON.stringify(broken))), false, JSON.stringify(broken).slice(0, 80));
    }
  });

  it('has the enums the code has', () => {
    const schema = scanResultSchema() as {
      $defs: Record<string, { enum?: string[] }>;
      properties: { problems: { items: { properties: { id: { enum: string[] } } } } };
    };
    assert.deepEqual(schema.$defs.severity?.enum, [...SEVERITIES]);
    assert.deepEqual(schema.$defs.category?.enum, [...CATEGORIES]);
    assert.deepEqual(schema.properties.problems.items.properties.id.enum, Object.keys(PROBLEM_IDS));
  });

  it('declares no field the formatter never writes (and the formatter writes none it does not declare)', () => {
    const schema = scanResultSchema();
    const declared = new Set(schemaPaths(schema, schema.$defs as Record<string, Record<string, unknown>>));
    const written = valuePaths(json(fullReport()));
    // data and skippedKinds are maps: their keys are values, not fields.
    const fields = [...written].filter(
      (p) => !/^(findings|suppressed)\[\]\.data\.|^summary\.skippedKinds\./.test(p),
    );
    assert.deepEqual(
      fields.filter((p) => !declared.has(p)),
      [],
    );
    assert.deepEqual(
      [...declared].filter((p) => !written.has(p)),
      [],
    );
  });
});
