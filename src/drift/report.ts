/**
 * The drift report in its three forms: JSON (schemas/drift.v1.schema.json), text for terminals
 * (grouped by object, `-` approved / `+` live) and Markdown for pull-request comments. Strings from
 * manifests are hostile: control characters are neutralised for terminals, Markdown is escaped. Secret
 * values never reach here (compare.ts keeps only key names).
 */
import type { InputProblem } from '../sources/problem.ts';
import { displayName, type Json, type ObjectRef } from '../model/resource.ts';
import { escapeJsonInvisibles, escapeMarkdown, oneLine } from '../report/sanitize.ts';
import type { Attribution, AttributedDrift } from './attribution.ts';
import type { DriftComparison, FieldDrift, ObjectDrift } from './compare.ts';

export const DRIFT_SCHEMA_VERSION = 1;
export const DRIFT_FORMATS = ['text', 'json', 'markdown'] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

export interface DriftReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly baseline: { readonly source: string; readonly objects: number };
  readonly live: { readonly source: 'cluster' | 'files'; readonly target: string; readonly objects: number };
  /** Whether a change ledger was joined (who changed what). */
  readonly ledger: boolean;
  readonly comparison: DriftComparison;
  readonly drift: readonly AttributedDrift[];
  readonly problems: readonly (InputProblem & { readonly side: 'baseline' | 'live' })[];
}

export interface DriftSummary {
  readonly drift: boolean;
  readonly compared: number;
  readonly changed: number;
  readonly missing: number;
  readonly unmanaged: number;
  readonly fields: number;
  readonly ignoredObjects: number;
  readonly ignoredFields: number;
  readonly notCompared: number;
}

export function summarize(report: DriftReport): DriftSummary {
  const count = (status: ObjectDrift['status']): number =>
    report.comparison.objects.filter((o) => o.status === status).length;
  return {
    drift: report.comparison.objects.length > 0,
    compared: report.comparison.compared,
    changed: count('changed'),
    missing: count('missing'),
    unmanaged: count('unmanaged'),
    fields: report.comparison.objects.reduce((sum, o) => sum + o.fields.length, 0),
    ignoredObjects: report.comparison.ignored.objects,
    ignoredFields: report.comparison.ignored.fields,
    notCompared: report.comparison.notCompared.length,
  };
}

function objectJson(object: ObjectRef): Record<string, string> {
  return { apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: object.name };
}

function fieldJson(field: FieldDrift, lastChange: Attribution | null): Record<string, unknown> {
  return {
    path: field.path,
    pointer: field.pointer,
    change: field.change,
    approved: field.approved,
    live: field.live,
    redacted: field.redacted,
    lastChange,
  };
}

export function driftJson(report: DriftReport): Record<string, unknown> {
  return {
    schemaVersion: DRIFT_SCHEMA_VERSION,
    tool: report.tool,
    baseline: report.baseline,
    live: report.live,
    ledger: report.ledger,
    summary: summarize(report),
    objects: report.drift.map(({ object, lastChange, fields }) => ({
      status: object.status,
      object: objectJson(object.object),
      location: object.location ?? null,
      lastChange,
      fields: object.fields.map((field, index) => fieldJson(field, fields[index] ?? null)),
    })),
    notCompared: report.comparison.notCompared.map((entry) => ({
      object: objectJson(entry.object),
      reason: entry.reason,
    })),
    unusedIgnoreRules: report.comparison.unusedIgnoreRules,
    problems: report.problems.map((p) => ({ side: p.side, file: p.file, line: p.line, message: p.message })),
  };
}

export function formatDriftJson(report: DriftReport): string {
  return `${escapeJsonInvisibles(JSON.stringify(driftJson(report), null, 2))}\n`;
}

const MAX_VALUE = 300;

/** A value as one line of JSON, shortened: the JSON output has it whole. */
function shown(value: Json): string {
  const json = JSON.stringify(value);
  return json.length > MAX_VALUE ? `${json.slice(0, MAX_VALUE)}…` : json;
}

function byWhom(attribution: Attribution | null): string | undefined {
  if (!attribution) return undefined;
  const who = attribution.impersonatedBy
    ? `${attribution.actor} (impersonated by ${attribution.impersonatedBy})`
    : attribution.actor;
  const what =
    attribution.match === 'field' ? attribution.verb : `${attribution.verb}, the object's latest change`;
  return `${who} at ${attribution.time} (${what})`;
}

function where(object: ObjectDrift): string {
  return object.location ? ` (${object.location.file}:${String(object.location.line)})` : '';
}

interface Paint {
  readonly removed: (text: string) => string;
  readonly added: (text: string) => string;
  readonly changed: (text: string) => string;
  readonly dim: (text: string) => string;
}

function paint(color: boolean): Paint {
  const wrap = (code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { removed: wrap('31'), added: wrap('32'), changed: wrap('33'), dim: wrap('2') };
}

function textField(field: FieldDrift, attribution: Attribution | null, p: Paint): string[] {
  const lines = [`    ${oneLine(field.path)}`];
  if (field.redacted) {
    const what = { changed: 'value changed', added: 'key added live', removed: 'key removed live' }[
      field.change
    ];
    lines.push(`      ${p.changed(`${what} (Secret values are not shown)`)}`);
  } else {
    lines.push(
      `      ${p.removed(`- approved: ${field.change === 'added' ? '(absent)' : oneLine(shown(field.approved))}`)}`,
      `      ${p.added(`+ live:     ${field.change === 'removed' ? '(absent)' : oneLine(shown(field.live))}`)}`,
    );
  }
  const who = byWhom(attribution);
  if (who) lines.push(`      ${p.dim(`by ${oneLine(who)}`)}`);
  return lines;
}

export function formatDriftText(report: DriftReport, options: { color: boolean }): string {
  const p = paint(options.color);
  const summary = summarize(report);
  const lines: string[] = [
    `Baseline ${oneLine(report.baseline.source)} (${plural(report.baseline.objects, 'object')}) against ${
      report.live.source === 'cluster' ? 'the cluster' : 'the files'
    } ${oneLine(report.live.target)} (${plural(report.live.objects, 'object')})`,
    '',
  ];
  for (const { object, lastChange, fields } of report.drift) {
    const name = oneLine(displayName(object.object));
    if (object.status === 'changed') {
      lines.push(p.changed(`~ ${name}: changed${where(object)}`));
      object.fields.forEach((field, index) => lines.push(...textField(field, fields[index] ?? null, p)));
    } else if (object.status === 'missing') {
      lines.push(p.removed(`- ${name}: missing (approved, not live)${where(object)}`));
    } else {
      lines.push(p.added(`+ ${name}: unmanaged (live, in no baseline)`));
    }
    const who = object.status === 'changed' ? undefined : byWhom(lastChange);
    if (who) lines.push(`    ${p.dim(`last change by ${oneLine(who)}`)}`);
  }
  if (report.drift.length > 0) lines.push('');
  for (const entry of report.comparison.notCompared)
    lines.push(`not compared: ${oneLine(displayName(entry.object))}: ${oneLine(entry.reason)}`);
  for (const rule of report.comparison.unusedIgnoreRules)
    lines.push(`drift.ignore[${String(rule.index)}] matched nothing (${oneLine(rule.reason)})`);
  for (const problem of report.problems)
    lines.push(
      `${problem.side}: ${oneLine(problem.file)}:${String(problem.line)}: ${oneLine(problem.message)}`,
    );
  if (
    report.comparison.notCompared.length +
      report.comparison.unusedIgnoreRules.length +
      report.problems.length >
    0
  )
    lines.push('');
  lines.push(summaryLine(summary));
  return `${lines.join('\n')}\n`;
}

function summaryLine(summary: DriftSummary): string {
  const ignored =
    summary.ignoredFields + summary.ignoredObjects > 0
      ? `; ignored by rules: ${plural(summary.ignoredFields, 'field')}, ${plural(summary.ignoredObjects, 'object')}`
      : '';
  const head = summary.drift
    ? `Drift: ${String(summary.changed)} changed (${plural(summary.fields, 'field')}), ${String(summary.missing)} missing, ${String(summary.unmanaged)} unmanaged`
    : 'No drift';
  return `${head}; ${plural(summary.compared, 'object')} compared${ignored}.`;
}

function plural(count: number, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function cell(text: string): string {
  return escapeMarkdown(text) || ' ';
}

export function formatDriftMarkdown(report: DriftReport): string {
  const summary = summarize(report);
  const lines = ['## gatewatch drift', '', `**${escapeMarkdown(summaryLine(summary))}**`, ''];
  lines.push(
    `Baseline ${cell(report.baseline.source)} against ${report.live.source === 'cluster' ? 'the cluster' : 'the files'} ${cell(report.live.target)}.`,
    '',
  );
  for (const { object, lastChange, fields } of report.drift) {
    const name = escapeMarkdown(displayName(object.object));
    const location = object.location
      ? ` (${escapeMarkdown(`${object.location.file}:${String(object.location.line)}`)})`
      : '';
    const who = byWhom(lastChange);
    if (object.status === 'missing') {
      lines.push(
        `- **missing** ${name}${location}: approved, not live${who ? `; last change by ${escapeMarkdown(who)}` : ''}`,
        '',
      );
      continue;
    }
    if (object.status === 'unmanaged') {
      lines.push(
        `- **unmanaged** ${name}: live, in no baseline${who ? `; last change by ${escapeMarkdown(who)}` : ''}`,
        '',
      );
      continue;
    }
    lines.push(
      `### changed: ${name}${location}`,
      '',
      '| field | approved | live | changed by |',
      '|---|---|---|---|',
    );
    object.fields.forEach((field, index) => {
      const approved = field.redacted
        ? 'not shown'
        : field.change === 'added'
          ? '(absent)'
          : shown(field.approved);
      const live = field.redacted
        ? `${field.change}, not shown`
        : field.change === 'removed'
          ? '(absent)'
          : shown(field.live);
      lines.push(
        `| ${cell(field.path)} | ${cell(approved)} | ${cell(live)} | ${cell(byWhom(fields[index] ?? null) ?? '')} |`,
      );
    });
    lines.push('');
  }
  if (report.comparison.notCompared.length > 0) {
    lines.push('Not compared:', '');
    for (const entry of report.comparison.notCompared)
      lines.push(`- ${escapeMarkdown(displayName(entry.object))}: ${escapeMarkdown(entry.reason)}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
