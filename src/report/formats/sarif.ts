/**
 * `-o sarif`: SARIF 2.1.0, the shape GitHub code scanning (and other SARIF viewers) accept. Validated in
 * tests against the official OASIS schema (test/schemas/sarif-schema-2.1.0.json).
 *
 * - Rules that ran are `tool.driver.rules`, with their message templates as `messageStrings` (`{{name}}`
 *   placeholders become SARIF's positional `{0}`); results carry `message.id` + `arguments` AND the
 *   finished `text`, because GitHub and most viewers read only `text`.
 * - Locations: GitHub needs a physical file and a line for every result. Findings on files use their file
 *   (relative, `uriBaseId` SRCROOT) and line. Fallbacks, in order, marked in `location.properties.fallback`:
 *   `helmSource` — a `helm template` document read from stdin points at its chart template
 *   (`# Source:`), line 1, because the rendered line does not exist in the repository;
 *   `object` — a finding with no file (a stale baseline entry for an object no longer in the input, a
 *   cluster scan) points at the pseudo path `kubernetes/<namespace>/<Kind>/<name>`, line 1. Every result
 *   also has a logical location naming the Kubernetes object, which is what such viewers should show.
 * - `partialFingerprints["gatewatch/v1"]` is the baseline fingerprint (rule, object, field path, message
 *   id; no line numbers), so alerts survive edits elsewhere in the file.
 * - Suppressed findings are results with `suppressions` (annotation: `inSource`; config exemption and
 *   baseline: `external`), each with its reason as `justification`; viewers show them as dismissed.
 * - Input problems and "not checked" rules are `invocations[0].toolExecutionNotifications`.
 */
import { pathToFileURL } from 'node:url';
import { fingerprint, type Finding } from '../../engine/finding.ts';
import type { AnyRule, Severity } from '../../engine/rule.ts';
import type { ObjectRef } from '../../model/resource.ts';
import { PROBLEM_IDS, type InputProblem, type ProblemId } from '../../sources/problem.ts';
import { PROJECT_HOME, referenceUrl, ruleDocsUrl } from '../links.ts';
import { messageOf } from '../message.ts';
import { escapeJsonInvisibles, stripControl } from '../sanitize.ts';
import type { Formatter, ScanReport } from '../scan-report.ts';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'gatewatch/v1';
/** The notification id for a rule that could not judge the input (spec/rules.md: "not checked"). */
export const NOT_CHECKED_ID = 'rule-not-checked';
const STDIN_FILE = '<stdin>';

type Level = 'error' | 'warning' | 'note';
type Json = string | number | boolean | null | Json[] | { readonly [key: string]: Json | undefined };
type JsonObject = { readonly [key: string]: Json | undefined };

const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

export const formatSarif: Formatter = (report) =>
  `${escapeJsonInvisibles(JSON.stringify(toSarif(report), null, 2))}\n`;

export function toSarif(report: ScanReport): JsonObject {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const notifications = notificationDescriptors();
  const notificationIndex = new Map(notifications.map((descriptor, index) => [descriptor.id, index]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: PROJECT_HOME,
            rules: report.rules.map(ruleDescriptor),
            notifications,
          },
        },
        invocations: [
          {
            // The run completed; unreadable inputs are reported as notifications (exit code 3), not as a failed run.
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.problems.map((problem) => problemNotification(problem, notificationIndex)),
              ...report.notChecked.map(({ ruleId, reason }) => ({
                level: 'warning',
                message: { text: stripControl(`Rule ${ruleId} was not checked: ${reason}`) },
                descriptor: { id: NOT_CHECKED_ID, index: notificationIndex.get(NOT_CHECKED_ID) ?? -1 },
                associatedRule: { id: ruleId, ...indexOf(ruleIndex, ruleId) },
              })),
            ],
          },
        ],
        results: [...report.findings, ...report.suppressed].map((finding) =>
          result(finding, report, ruleIndex),
        ),
        columnKind: 'utf16CodeUnits',
        properties: { objects: report.objects },
      },
    ],
  };
}

function indexOf(ruleIndex: ReadonlyMap<string, number>, ruleId: string): { index?: number } {
  const index = ruleIndex.get(ruleId);
  return index === undefined ? {} : { index };
}

function ruleDescriptor(rule: AnyRule): JsonObject {
  const references = rule.docs.references.map(referenceUrl);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: `${rule.docs.summary} ${rule.docs.remediation}` },
    help: {
      text: [
        rule.docs.summary,
        '',
        `Remediation: ${rule.docs.remediation}`,
        '',
        'References:',
        ...references.map((r) => `- ${r}`),
      ].join('\n'),
      markdown: [
        rule.docs.summary,
        '',
        `**Remediation:** ${rule.docs.remediation}`,
        '',
        '**References:**',
        '',
        ...references.map((r) => `- <${r}>`),
        '',
        `Suppress on one object with the annotation \`gatewatch.dev/ignore.${rule.id}: "<reason>"\`.`,
      ].join('\n'),
    },
    helpUri: ruleDocsUrl(rule.id, rule.docs),
    defaultConfiguration: { level: LEVELS[rule.severity] },
    messageStrings: Object.fromEntries(
      Object.entries(rule.messages as Record<string, string>).map(([id, template]) => [
        id,
        { text: positional(template).text },
      ]),
    ),
    properties: {
      category: rule.category,
      preset: rule.preset,
      tags: ['kubernetes', 'ingress', rule.category],
      precision: 'high',
    },
  };
}

/** `Secret "{{secret}}" in {{namespace}}` → `Secret "{0}" in {1}`; literal braces doubled as SARIF requires. */
export function positional(template: string): { text: string; names: string[] } {
  const names: string[] = [];
  const text = template.replace(/\{\{\s*(\w+)\s*\}\}|[{}]/g, (whole, name: string | undefined) => {
    if (name === undefined) return whole + whole;
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `{${index}}`;
  });
  return { text, names };
}

function result(finding: Finding, report: ScanReport, ruleIndex: ReadonlyMap<string, number>): JsonObject {
  const rule = report.lookup(finding.ruleId);
  const template = rule?.messages[finding.messageId];
  const text = stripControl(messageOf(finding, report.lookup));
  const message =
    template === undefined
      ? { text }
      : {
          id: finding.messageId,
          arguments: positional(template).names.map((name) =>
            stripControl(String(finding.data[name] ?? `{{${name}}}`)),
          ),
          text,
        };
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
    level: LEVELS[finding.severity],
    message,
    locations: [{ ...physicalLocation(finding), logicalLocations: [logicalLocation(finding.object)] }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding) },
    ...(finding.suppressed ? { suppressions: [suppression(finding.suppressed)] } : {}),
    properties: {
      category: finding.category,
      path: finding.path,
      object: objectJson(finding.object),
      related: finding.related.map(objectJson),
      ...(finding.location?.helmSource ? { helmSource: finding.location.helmSource } : {}),
    },
  };
}

function physicalLocation(finding: Finding): JsonObject {
  const location = finding.location;
  if (location && location.file !== STDIN_FILE) {
    return {
      physicalLocation: {
        artifactLocation: artifactLocation(location.file),
        region: { startLine: Math.max(1, location.line) },
      },
    };
  }
  if (location?.helmSource) {
    return {
      physicalLocation: { artifactLocation: artifactLocation(location.helmSource), region: { startLine: 1 } },
      properties: { fallback: 'helmSource', renderedLine: location.line },
    };
  }
  const { kind, namespace, name } = finding.object;
  return {
    physicalLocation: {
      artifactLocation: {
        uri: ['kubernetes', namespace || '_cluster', kind, name].map(encodeSegment).join('/'),
        uriBaseId: 'SRCROOT',
      },
      region: { startLine: 1 },
    },
    properties: { fallback: 'object' },
  };
}

/** Relative paths against SRCROOT (what GitHub resolves against the checkout); absolute ones as file: URLs. */
function artifactLocation(file: string): JsonObject {
  const normalised = file.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[A-Za-z]:\//.test(normalised)) return { uri: pathToFileURL(file).href };
  return { uri: normalised.split('/').map(encodeSegment).join('/'), uriBaseId: 'SRCROOT' };
}

function encodeSegment(segment: string): string {
  return segment === '.' || segment === '..' ? segment : encodeURIComponent(segment);
}

function logicalLocation(object: ObjectRef): JsonObject {
  const { kind, namespace, name } = object;
  return {
    kind: 'resource',
    name: stripControl(name),
    fullyQualifiedName: stripControl(namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`),
    properties: objectJson(object),
  };
}

function objectJson(object: ObjectRef): JsonObject {
  return { apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: object.name };
}

function suppression(suppressed: NonNullable<Finding['suppressed']>): JsonObject {
  return {
    kind: suppressed.kind === 'annotation' ? 'inSource' : 'external',
    status: 'accepted',
    justification: stripControl(suppressed.reason),
    properties: { gatewatchKind: suppressed.kind },
  };
}

function notificationDescriptors(): { readonly id: string; readonly [key: string]: Json | undefined }[] {
  const problems = (Object.entries(PROBLEM_IDS) as [ProblemId, (typeof PROBLEM_IDS)[ProblemId]][]).map(
    ([id, meta]) => ({
      id,
      shortDescription: { text: meta.summary },
      defaultConfiguration: { level: LEVELS[meta.severity] },
    }),
  );
  return [
    ...problems,
    {
      id: NOT_CHECKED_ID,
      shortDescription: {
        text: 'A rule could not judge the input (a kind it needs is absent or unreadable); it reported nothing.',
      },
      defaultConfiguration: { level: 'warning' },
    },
  ];
}

function problemNotification(problem: InputProblem, index: ReadonlyMap<string, number>): JsonObject {
  const where = problem.file === STDIN_FILE ? undefined : artifactLocation(problem.file);
  return {
    level: LEVELS[PROBLEM_IDS[problem.id].severity],
    message: { text: stripControl(`${problem.file}:${problem.line}: ${problem.message}`) },
    ...(where
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: where,
                ...(problem.line >= 1 ? { region: { startLine: problem.line } } : {}),
              },
            },
          ],
        }
      : {}),
    descriptor: { id: problem.id, index: index.get(problem.id) ?? -1 },
  };
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
