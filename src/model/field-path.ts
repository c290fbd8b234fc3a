/**
 * Field paths as findings carry them: `spec.tls[0].secretName`,
 * `metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]`.
 * Keys that are not plain identifiers are written as JSON strings in brackets.
 */
import { StringMemo } from './memo.ts';

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      i++;
    } else if (ch === '[') {
      if (path[i + 1] === '"') {
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
        segments.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        i = j + 2;
      } else {
        const end = path.indexOf(']', i);
        segments.push(Number(path.slice(i + 1, end)));
        i = end + 1;
      }
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      segments.push(path.slice(i, j));
      i = j;
    }
  }
  return segments;
}

/** Build paths fluently: `at('spec', 'tls', 0, 'secretName')`. */
export function at(...segments: PathSegment[]): string {
  return formatPath(segments);
}

export function annotationPath(key: string): string {
  return annotationPaths.get(key);
}

// Remembered per key: the same annotation keys recur on thousands of objects, and formatting tests a
// regular expression per segment.
const annotationPaths = new StringMemo((key: string) => formatPath(['metadata', 'annotations', key]));
