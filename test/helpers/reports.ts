/**
 * ScanReports for formatter tests: built by hand, so every field a formatter reads is exercised
 * (locations with and without a file, Helm sources, each suppression kind, not-checked rules, input
 * problems) — and hostile strings in every place a manifest can put one.
 */
import type { Finding } from '../../src/engine/finding.ts';
import { suppressionUnused } from '../../src/engine/meta-rules.ts';
import { defineRule, type AnyRule } from '../../src/engine/rule.ts';
import ingressTlsSecretMissing from '../../src/rules/ingress-tls-secret-missing.ts';
import type { ScanReport } from '../../src/report/scan-report.ts';

/** What a manifest can smuggle into names, annotations and values. */
export const HOSTILE = {
  ansi: '\u001b[2J\u001b[31mred\u001b[0m',
  script: '<script>alert(1)</script>',
  link: '[click here](https://evil.example/steal) ![x](https://evil.example/p.png)',
  newline: 'first\nsecond\r\n| injected | cell |',
  cdata: ']]><![CDATA[x]]>&amp;&',
  bidi: 'admin\u202egnp.exe',
  mention: '@octo-org/admins # heading',
  quotes: `"double" 'single' \`tick\``,
} as const;

export const HOSTILE_TEXT = Object.values(HOSTILE).join(' | ');

/** A rule whose message has literal braces, a repeated placeholder and two different ones. */
export const bracesRule = defineRule({
  id: 'test-braces',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: { summary: 'Test rule.', remediation: 'Nothing.', references: ['docs/suppressions.md'] },
  messages: { braces: 'Value {{value}} in {literal} braces; again {{value}}, then {{other}}.' },
  create: () => ({}),
});

export const TEST_RULES: readonly AnyRule[] = [ingressTlsSecretMissing, bracesRule, suppressionUnused];

const lookup = (id: string): AnyRule | undefined => TEST_RULES.find((rule) => rule.id === id);

function report(parts: Partial<ScanReport>): ScanReport {
  return {
    tool: { name: 'gatewatch', version: '0.0.0-test' },
    findings: [],
    suppressed: [],
    notChecked: [],
    problems: [],
    objects: 0,
    skippedKinds: new Map(),
    rules: TEST_RULES,
    lookup,
    ...parts,
  };
}

const ingress = (name: string, namespace = 'shop') => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  namespace,
  name,
});

function tlsMissing(name: string, secret: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'ingress-tls-secret-missing',
    severity: 'error',
    category: 'tls',
    object: ingress(name),
    path: 'spec.tls[0].secretName',
    messageId: 'missing',
    data: { secret, namespace: 'shop' },
    related: [{ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: secret }],
    location: { file: 'deploy/web.yaml', line: 14 },
    ...extra,
  };
}

export function emptyReport(): ScanReport {
  return report({});
}

/** Every shape a formatter meets, with ordinary strings. */
export function fullReport(): ScanReport {
  return report({
    objects: 7,
    findings: [
      tlsMissing('web', 'web-tls'),
      tlsMissing('api', 'api-tls', {
        location: { file: '<stdin>', line: 40, helmSource: 'shop/templates/ingress.yaml' },
      }),
      {
        ruleId: 'test-braces',
        severity: 'warning',
        category: 'routing',
        object: ingress('no-file'),
        path: 'spec.rules[0].host',
        messageId: 'braces',
        data: { value: 'a.example', other: 7 },
        related: [],
      },
      {
        ruleId: 'suppression-unused',
        severity: 'info',
        category: 'gatewatch',
        object: { apiVersion: '', kind: 'Ingress', namespace: 'old', name: 'gone' },
        path: 'spec.tls[0].secretName',
        messageId: 'baseline',
        data: {
          ruleId: 'ingress-tls-secret-missing',
          object: 'Ingress old/gone',
          path: 'spec.tls[0].secretName',
        },
        related: [],
      },
    ],
    suppressed: [
      tlsMissing('legacy', 'legacy-tls', {
        suppressed: { kind: 'annotation', reason: 'migrating to cert-manager' },
      }),
      tlsMissing('partner', 'partner-tls', {
        suppressed: { kind: 'exemption', reason: 'owned by the partner team' },
      }),
      tlsMissing('old', 'old-tls', {
        location: { file: 'rendered.yaml', line: 5, helmSource: 'shop/templates/old.yaml' },
        suppressed: { kind: 'baseline', reason: 'in the baseline file' },
      }),
    ],
    notChecked: [{ ruleId: 'test-braces', reason: 'the input contains no Service' }],
    problems: [
      {
        id: 'input-parse-error',
        file: 'deploy/broken.yaml',
        line: 3,
        message: 'bad indentation of a mapping entry',
      },
      {
        id: 'input-parse-error',
        file: 'missing.yaml',
        line: 0,
        message: 'cannot read: no such file or directory',
      },
      {
        id: 'input-unknown-kind',
        file: 'deploy/web.yaml',
        line: 30,
        message: 'kind "Deployment" (apps/v1) is not reviewed; skipped',
      },
      {
        id: 'input-duplicate-object',
        file: '<stdin>',
        line: 9,
        message: 'Ingress shop/web is also defined at deploy/web.yaml:1',
      },
    ],
    skippedKinds: new Map([['Deployment', 1]]),
  });
}

/** Hostile strings in object names, file names, message data, reasons and problems. */
export function hostileReport(): ScanReport {
  const name = `web-${HOSTILE_TEXT}`;
  return report({
    objects: 2,
    findings: [
      tlsMissing(name, HOSTILE_TEXT, {
        location: { file: `deploy/${HOSTILE.script}.yaml`, line: 3, helmSource: HOSTILE_TEXT },
      }),
      {
        ruleId: 'test-braces',
        severity: 'warning',
        category: 'routing',
        object: ingress(name, HOSTILE.ansi),
        path: `metadata.annotations["${HOSTILE.newline}"]`,
        messageId: 'braces',
        data: { value: HOSTILE_TEXT, other: HOSTILE.cdata },
        related: [],
      },
    ],
    suppressed: [
      tlsMissing(`x-${HOSTILE.bidi}`, 'x', { suppressed: { kind: 'annotation', reason: HOSTILE_TEXT } }),
    ],
    notChecked: [{ ruleId: 'test-braces', reason: HOSTILE_TEXT }],
    problems: [{ id: 'input-parse-error', file: `${HOSTILE.link}.yaml`, line: 2, message: HOSTILE_TEXT }],
  });
}

/** Finds every finding (counting and suppressed) of a report. */
export function allFindings(r: ScanReport): readonly Finding[] {
  return [...r.findings, ...r.suppressed];
}
