/**
 * Escape hatches, each with a reason (DESIGN §5.4): annotations on the object, config exemptions,
 * and a baseline file. Suppressions that matched nothing are reported, so they cannot rot silently.
 */
import { asObject, isObject, stringMap, type ObjectRef, type Resource } from '../model/resource.ts';
import { annotationPath } from '../model/field-path.ts';
import { fingerprint, type Finding } from './finding.ts';
import type { Exemption } from './config.ts';

export const IGNORE_PREFIX = 'gatewatch.dev/ignore.';
export const IGNORE_LIST = 'gatewatch.dev/ignore';

export interface AnnotationSuppression {
  readonly resource: Resource;
  readonly ruleIds: readonly string[];
  readonly reason: string;
  readonly annotation: string;
}

/** Reads suppression annotations. `gatewatch.dev/ignore: "id-a,id-b — reason"` (also ` -- ` or ` - `). */
export function readAnnotationSuppressions(resource: Resource): AnnotationSuppression[] {
  const raw = asObject(resource.body.metadata).annotations;
  // Every object is asked and almost none has a suppression: look at the keys before copying the map.
  if (!isObject(raw) || !Object.keys(raw).some((key) => key.startsWith(IGNORE_LIST))) return [];
  const annotations = stringMap(raw);
  const out: AnnotationSuppression[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(IGNORE_PREFIX)) {
      out.push({
        resource,
        ruleIds: [key.slice(IGNORE_PREFIX.length)],
        reason: value.trim(),
        annotation: key,
      });
    } else if (key === IGNORE_LIST) {
      const match = /^(.*?)(?:\s*—\s*|\s+--?\s+)(.*)$/s.exec(value);
      const ids = (match ? match[1] : value) ?? '';
      out.push({
        resource,
        ruleIds: ids
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
        reason: (match?.[2] ?? '').trim(),
        annotation: key,
      });
    }
  }
  return out;
}

export function annotationSuppressionPath(suppression: AnnotationSuppression): string {
  return annotationPath(suppression.annotation);
}

/** Glob with `*` and `?`; a pattern without wildcards matches as a prefix (names) or exactly (namespaces). */
export function globMatches(pattern: string, value: string, prefix: boolean): boolean {
  if (!/[*?]/.test(pattern)) return prefix ? value.startsWith(pattern) : value === pattern;
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(value);
}

export function exemptionMatches(exemption: Exemption, ruleId: string, object: ObjectRef): boolean {
  if (!exemption.rules.includes('*') && !exemption.rules.includes(ruleId)) return false;
  if (exemption.kinds && !exemption.kinds.includes(object.kind)) return false;
  if (exemption.namespaces && !exemption.namespaces.some((ns) => globMatches(ns, object.namespace, false)))
    return false;
  if (exemption.names && !exemption.names.some((name) => globMatches(name, object.name, true))) return false;
  return true;
}

export interface BaselineEntry {
  readonly ruleId: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
  readonly messageId: string;
}

export interface BaselineFile {
  readonly schemaVersion: 1;
  readonly findings: readonly BaselineEntry[];
}

export function baselineOf(findings: readonly Finding[]): BaselineFile {
  const entries = new Map<string, BaselineEntry>();
  for (const f of findings) {
    entries.set(fingerprint(f), {
      ruleId: f.ruleId,
      kind: f.object.kind,
      namespace: f.object.namespace,
      name: f.object.name,
      path: f.path,
      messageId: f.messageId,
    });
  }
  return { schemaVersion: 1, findings: [...entries.values()] };
}

export function baselineEntryKey(entry: BaselineEntry): string {
  return fingerprint({
    ruleId: entry.ruleId,
    object: { apiVersion: '', kind: entry.kind, namespace: entry.namespace, name: entry.name },
    path: entry.path,
    messageId: entry.messageId,
  });
}
