/**
 * Structural diff between two versions of an object, as field paths (model/field-path.ts):
 * `spec.tls[0]`, `metadata.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]`.
 *
 * Objects compare key by key. Arrays first pair up identical elements wherever they moved, so
 * removing `tls[0]` of two entries reports `spec.tls[0]` removed rather than every later entry
 * changed; the remaining elements pair up in order and are compared in depth, the rest are added
 * (at their new index) or removed (at their old index). Pure.
 */
import { formatPath, type PathSegment } from '../model/field-path.ts';
import type { Diff, DiffEntry, Json } from './types.ts';

/** Fields that change on every write and say nothing about what the writer meant. */
const NOISE: readonly (readonly PathSegment[])[] = [
  ['metadata', 'managedFields'],
  ['metadata', 'resourceVersion'],
  ['metadata', 'generation'],
  ['metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'],
];

export function diffObjects(previous: Json, next: Json): Diff {
  const out = { added: [] as string[], removed: [] as string[], changed: [] as DiffEntry[] };
  walk(previous, next, [], out);
  return out;
}

export function isEmptyDiff(diff: Diff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

interface Collector {
  added: string[];
  removed: string[];
  changed: DiffEntry[];
}

function isNoise(path: readonly PathSegment[]): boolean {
  // Every noise path is under metadata and at most three deep: skip the lookup elsewhere.
  if (path[0] !== 'metadata' || path.length < 2 || path.length > 3) return false;
  return NOISE.some(
    (noise) => noise.length === path.length && noise.every((segment, i) => segment === path[i]),
  );
}

function isRecord(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `path` is one shared stack: pushed and popped around each child, copied only when reported. */
function walk(previous: Json, next: Json, path: PathSegment[], out: Collector): void {
  if (previous === next || isNoise(path)) return;
  if (isRecord(previous) && isRecord(next)) {
    for (const key of Object.keys(previous)) {
      path.push(key);
      const after = next[key];
      if (after === undefined) {
        if (!isNoise(path)) out.removed.push(formatPath(path));
      } else walk(previous[key] as Json, after, path, out);
      path.pop();
    }
    for (const key of Object.keys(next)) {
      if (previous[key] !== undefined) continue;
      path.push(key);
      if (!isNoise(path)) out.added.push(formatPath(path));
      path.pop();
    }
    return;
  }
  if (Array.isArray(previous) && Array.isArray(next)) {
    walkArray(previous, next, path, out);
    return;
  }
  if (!sameJson(previous, next)) out.changed.push({ path: formatPath(path), old: previous, new: next });
}

function walkArray(
  previous: readonly Json[],
  next: readonly Json[],
  path: PathSegment[],
  out: Collector,
): void {
  if (previous.length === next.length && previous.every((value, i) => sameJson(value, next[i] ?? null)))
    return;
  const previousKeys = previous.map((value) => JSON.stringify(value));
  const nextKeys = next.map((value) => JSON.stringify(value));
  const unmatchedNext = new Map<string, number[]>();
  nextKeys.forEach((key, index) => {
    const list = unmatchedNext.get(key) ?? [];
    list.push(index);
    unmatchedNext.set(key, list);
  });
  const leftOld: number[] = [];
  previousKeys.forEach((key, index) => {
    const candidates = unmatchedNext.get(key);
    if (candidates !== undefined && candidates.length > 0) candidates.shift();
    else leftOld.push(index);
  });
  const leftNew = [...unmatchedNext.values()].flat().sort((a, b) => a - b);
  const paired = Math.min(leftOld.length, leftNew.length);
  const at = (index: number): string => formatPath([...path, index]);
  for (let i = 0; i < paired; i++) {
    const oldIndex = leftOld[i] ?? 0;
    const newIndex = leftNew[i] ?? 0;
    const before = previous[oldIndex] ?? null;
    const after = next[newIndex] ?? null;
    if ((isRecord(before) && isRecord(after)) || (Array.isArray(before) && Array.isArray(after))) {
      path.push(newIndex);
      walk(before, after, path, out);
      path.pop();
    } else if (isPrimitive(before) && isPrimitive(after)) {
      // A primitive list (hosts, CIDRs): a different value is one removed and one added.
      out.removed.push(at(oldIndex));
      out.added.push(at(newIndex));
    } else out.changed.push({ path: at(newIndex), old: before, new: after });
  }
  for (const index of leftOld.slice(paired)) out.removed.push(at(index));
  for (const index of leftNew.slice(paired)) out.added.push(at(index));
}

function isPrimitive(value: Json): boolean {
  return value === null || typeof value !== 'object';
}

/**
 * Equal as their JSON text would be (the same keys in the same order, the same values), without
 * writing the text: most values compared are equal, and stringifying both is what costs.
 */
function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, i) => sameJson(value, b[i]));
  }
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  return (
    keys.length === otherKeys.length &&
    keys.every((key, i) => key === otherKeys[i] && sameJson(a[key], b[key]))
  );
}
