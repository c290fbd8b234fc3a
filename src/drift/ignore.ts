/** `drift.ignore` rules of `.gatewatch.yaml`: which differences are not drift, and which rules matched nothing. */
import type { DriftIgnoreRule } from '../engine/config.ts';
import { globMatches } from '../engine/suppressions.ts';
import type { PathSegment } from '../model/field-path.ts';
import type { ObjectRef } from '../model/resource.ts';
import { coversPath, parsePointer } from './pointer.ts';

export interface UnusedIgnoreRule {
  /** Index in `drift.ignore`. */
  readonly index: number;
  readonly reason: string;
}

export class IgnoreRules {
  private readonly rules: readonly { rule: DriftIgnoreRule; paths: string[][] | undefined }[];
  private readonly used = new Set<number>();

  constructor(rules: readonly DriftIgnoreRule[]) {
    this.rules = rules.map((rule) => ({
      rule,
      paths: rule.paths?.map(parsePointer),
    }));
  }

  /** A rule without `paths` that matches the object: the whole object is ignored. */
  ignoresObject(object: ObjectRef): boolean {
    return this.first(object, (paths) => paths === undefined || paths.some((path) => path.length === 0));
  }

  ignoresField(object: ObjectRef, segments: readonly PathSegment[]): boolean {
    return this.first(
      object,
      (paths) => paths === undefined || paths.some((path) => coversPath(path, segments)),
    );
  }

  unused(): UnusedIgnoreRule[] {
    return this.rules.flatMap(({ rule }, index) =>
      this.used.has(index) ? [] : [{ index, reason: rule.reason }],
    );
  }

  private first(object: ObjectRef, test: (paths: string[][] | undefined) => boolean): boolean {
    const index = this.rules.findIndex(({ rule, paths }) => matchesObject(rule, object) && test(paths));
    if (index === -1) return false;
    this.used.add(index);
    return true;
  }
}

function matchesObject(rule: DriftIgnoreRule, object: ObjectRef): boolean {
  if (rule.kinds && !rule.kinds.includes(object.kind)) return false;
  if (rule.namespaces && !rule.namespaces.some((ns) => globMatches(ns, object.namespace, false)))
    return false;
  if (rule.names && !rule.names.some((name) => globMatches(name, object.name, true))) return false;
  return true;
}
