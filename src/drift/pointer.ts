/**
 * JSON pointers (RFC 6901) for drift paths and ignore rules: `/spec/rules/0/host`,
 * `/metadata/annotations/nginx.ingress.kubernetes.io~1ssl-redirect`. Ignore rules may use `*` as a
 * whole segment for any key or index (an extension: RFC 6901 has no wildcard).
 */
import type { PathSegment } from '../model/field-path.ts';

export function toPointer(segments: readonly PathSegment[]): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Does `pattern` (segments, `*` for any) name `segments` or one of its ancestors? */
export function coversPath(pattern: readonly string[], segments: readonly PathSegment[]): boolean {
  if (pattern.length > segments.length) return false;
  return pattern.every((part, index) => part === '*' || part === String(segments[index]));
}

/** One path is the other or lies under it: a change at either touches both. */
export function pathsOverlap(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}
