/** A finding as the engine produces it: ids, paths and data. Wording is the formatters' job. */
import type { ObjectRef } from '../model/resource.ts';
import type { Category, MessageData, Severity } from './rule.ts';

export interface Location {
  readonly file: string;
  readonly line: number;
  /** The chart template of a `helm template` document. */
  readonly helmSource?: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly object: ObjectRef;
  readonly path: string;
  readonly messageId: string;
  readonly data: MessageData;
  readonly related: readonly ObjectRef[];
  readonly location?: Location;
  /** Set when the finding matched a suppression and is kept only for reporting. */
  readonly suppressed?: { readonly kind: 'annotation' | 'exemption' | 'baseline'; readonly reason: string };
}

export interface NotChecked {
  readonly ruleId: string;
  readonly reason: string;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER[severity];
}

/** Deterministic order: file, line, object, rule, path. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compare(a.location?.file ?? '', b.location?.file ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    compare(a.object.kind, b.object.kind) ||
    compare(a.object.namespace, b.object.namespace) ||
    compare(a.object.name, b.object.name) ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.path, b.path) ||
    compare(a.messageId, b.messageId) ||
    compare(dataKey(a.data), dataKey(b.data))
  );
}

/**
 * JSON of a finding's data, the last tie-breaker of the sort. Remembered per data object: a sort
 * compares each finding many times, and serialising on every comparison showed in profiles.
 */
const dataKeys = new WeakMap<MessageData, string>();

function dataKey(data: MessageData): string {
  let key = dataKeys.get(data);
  if (key === undefined) dataKeys.set(data, (key = JSON.stringify(data)));
  return key;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable identity of a finding for baselines: no line numbers, so edits elsewhere do not churn it. */
export function fingerprint(finding: Pick<Finding, 'ruleId' | 'object' | 'path' | 'messageId'>): string {
  const { kind, namespace, name } = finding.object;
  return `${finding.ruleId}|${kind}|${namespace}|${name}|${finding.path}|${finding.messageId}`;
}
