/**
 * Host and path normalisation for routes: what two Ingress paths must share to claim the same
 * requests. Pure, so the conflict rules and the route table compute the same keys.
 */
import type { IngressPathView, IngressView } from './ingress.ts';
import { LastAnswer } from './memo.ts';

/** What the Ingress API defaults a missing pathType to (v1beta1) and what most controllers assume. */
export const DEFAULT_PATH_TYPE = 'ImplementationSpecific';

/** Host names compare case-insensitively, and `example.com.` names the same host as `example.com`. */
export function normaliseHost(host: string | undefined): string {
  if (host === undefined) return '';
  const lower = host.toLowerCase();
  // endsWith/slice rather than replace(/\.$/): called for every host by several rules.
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

export interface NormalisedPath {
  readonly path: string;
  readonly pathType: string;
}

/**
 * A missing path means `/`; a Prefix path matches element-wise, so a trailing `/` does not change
 * what it matches (`/foo/` and `/foo` are the same Prefix claim).
 */
export function normalisePath(path: string | undefined, pathType: string | undefined): NormalisedPath {
  const type = pathType ?? DEFAULT_PATH_TYPE;
  let value = path === undefined || path === '' ? '/' : path;
  if (type === 'Prefix' && value.length > 1) value = value.replace(/\/+$/, '') || '/';
  return { path: value, pathType: type };
}

export interface NormalisedRoute extends NormalisedPath {
  /** Normalised host; '' when the rule has no host (it answers every host). */
  readonly host: string;
  readonly source: IngressPathView;
}

/** One key per host + path + pathType: equal keys claim exactly the same requests. */
export function routeKey(route: {
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
}): string {
  // NUL cannot appear in a host or a path value read from YAML that Kubernetes would accept.
  return `${route.host}\u0000${route.pathType}\u0000${route.path}`;
}

/**
 * Computed once per Ingress and shared (frozen) by the rules that ask in a row (see LastAnswer): several
 * rules walk the routes of every Ingress, and rebuilding them for each was a large share of a scan's
 * allocations.
 */
const routesOf = new LastAnswer((ingress: IngressView): readonly NormalisedRoute[] =>
  Object.freeze(
    ingress.paths.map((source) => ({
      host: normaliseHost(source.host),
      ...normalisePath(source.path, source.pathType),
      source,
    })),
  ),
);

export function normalisedRoutes(ingress: IngressView): readonly NormalisedRoute[] {
  return routesOf.get(ingress);
}

/**
 * The `/`-separated segments after the first `/` of a value, each cut at the first character that
 * cannot be part of a literal path segment: `/etc(/|$)(.*)` gives `etc`, `/a;alias` gives `a`.
 * The part before the first `/` is dropped: in a host, `etc.example.com` has no path segment.
 */
export function literalSegments(value: string): string[] {
  // One pass over the characters (no split, regex or intermediate arrays): this runs for every path
  // of every Ingress, more than once.
  const segments: string[] = [];
  let slash = value.indexOf('/');
  while (slash !== -1) {
    const start = slash + 1;
    let end = start;
    while (end < value.length && isLiteralPathCharacter(value.charCodeAt(end))) end++;
    if (end > start) segments.push(value.slice(start, end));
    slash = value.indexOf('/', end);
  }
  return segments;
}

/** `[A-Za-z0-9._~-]`: the characters literalSegments keeps. */
function isLiteralPathCharacter(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 46 || // .
    code === 95 || // _
    code === 126 || // ~
    code === 45 // -
  );
}

/** Index of the first place `needle` occurs as consecutive segments of `segments`, or -1. */
export function indexOfSegments(segments: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0) return -1;
  // Plain loops: no callback allocated per candidate position.
  search: for (let start = 0; start + needle.length <= segments.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) {
      if (segments[start + offset] !== needle[offset]) continue search;
    }
    return start;
  }
  return -1;
}

/** Characters that make a path a regular expression rather than a literal (`.` is too common to count). */
const REGEX_METACHARACTERS = /[\^$*+?()[\]{}|\\]/;

export function hasRegexMetacharacters(path: string): boolean {
  return REGEX_METACHARACTERS.test(path);
}

/** A path that matches every request of its host: `/` as Prefix or ImplementationSpecific. */
export function isCatchAllPath(route: NormalisedPath): boolean {
  return route.path === '/' && route.pathType !== 'Exact';
}

/** Where a path's value is written; the path entry itself when the value is left out. */
export function pathValueFieldPath(source: IngressPathView): string {
  return source.path === undefined ? source.fieldPath : `${source.fieldPath}.path`;
}

/** How hosts read in messages: a rule without host answers every host, shown as `*`. */
export function displayHost(host: string): string {
  return host === '' ? '*' : host;
}
