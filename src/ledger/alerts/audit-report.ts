/**
 * What `gatewatch audit` prints: the JSON contract of spec/accountability.md (schemaVersion 1,
 * schemas/audit.v1.schema.json) and the text report, alerts grouped by severity. Pure: strings in,
 * strings out. Every value that came from an audit event goes through oneLine in text.
 */
import type { Severity } from '../../engine/rule.ts';
import type { IngestSummary, InputLineProblem } from '../types.ts';
import { compareAlerts, type Alert } from './alert.ts';
import { oneLine } from './escape.ts';

export interface AuditResult {
  readonly schemaVersion: 1;
  readonly input: {
    readonly files: number;
    readonly events: number;
    readonly malformed: number;
    readonly duplicates: number;
  };
  /** Changes this run added to the ledger. */
  readonly changes: number;
  /** In the order they were raised (the order of the audit log). */
  readonly alerts: readonly Alert[];
  /** Malformed lines with where they are (the first ones; `input.malformed` counts them all). */
  readonly problems: readonly InputLineProblem[];
}

export function auditResult(summary: IngestSummary, alerts: readonly Alert[]): AuditResult {
  return {
    schemaVersion: 1,
    input: {
      files: summary.files,
      events: summary.events,
      malformed: summary.malformed,
      duplicates: summary.duplicates,
    },
    changes: summary.changes,
    alerts,
    problems: summary.problems,
  };
}

export function auditJson(result: AuditResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

const HEADINGS: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

function plural(count: number, word: string): string {
  return `${String(count)} ${word}${count === 1 ? '' : 's'}`;
}

function objectName(alert: Alert): string {
  const { object } = alert;
  const name = object.name === '' ? `(all ${object.resource})` : object.name;
  const sub = object.subresource ? `/${object.subresource}` : '';
  return `${object.kind}${sub} ${object.namespace ? `${object.namespace}/` : ''}${name}`;
}

function actorLine(alert: Alert): string {
  const { actor } = alert;
  const parts = [`by ${actor.username || '(anonymous)'}`];
  if (actor.impersonatedBy !== null) parts.push(`impersonated by ${actor.impersonatedBy}`);
  if (actor.sourceIPs.length > 0) parts.push(`from ${actor.sourceIPs.join(', ')}`);
  if (actor.userAgent !== null) parts.push(`with ${actor.userAgent}`);
  return oneLine(parts.join(' '), 240);
}

/** The text report: a summary line, then alerts grouped by severity (most severe first), oldest first. */
export function auditText(result: AuditResult, options: { readonly problemsShown?: number } = {}): string {
  const { input } = result;
  const lines = [
    `${plural(input.files, 'file')}, ${plural(input.events, 'event')} (${String(input.malformed)} malformed, ${String(input.duplicates)} duplicate${input.duplicates === 1 ? '' : 's'}), ${plural(result.changes, 'new change')}, ${plural(result.alerts.length, 'alert')}`,
  ];
  const sorted = [...result.alerts].sort(compareAlerts);
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = sorted.filter((alert) => alert.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${HEADINGS[severity]} (${String(group.length)})`);
    for (const alert of group) {
      lines.push(
        `  ${alert.time}  ${alert.detectionId}  ${oneLine(objectName(alert), 160)}`,
        `    ${oneLine(alert.summary)}`,
        `    ${alert.verb} ${actorLine(alert)}`,
        `    ledger ${oneLine(alert.ledgerRef, 120)}`,
      );
    }
  }
  const shown = result.problems.slice(0, options.problemsShown ?? 10);
  if (shown.length > 0) {
    lines.push('', `Malformed input (${String(input.malformed)})`);
    for (const problem of shown)
      lines.push(`  ${oneLine(problem.file, 200)}:${String(problem.line)}: ${oneLine(problem.message, 200)}`);
    if (input.malformed > shown.length) lines.push(`  … and ${String(input.malformed - shown.length)} more`);
  }
  return `${lines.join('\n')}\n`;
}
