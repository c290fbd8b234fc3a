/**
 * The smallest pieces of matching: host patterns, path semantics, header and query values. Pure
 * functions, shared by the table builder (shadowing) and the matcher.
 */
import type { HostMatch, PathMatch, ValueMatchEntry } from './types.ts';

/** A request's Host as matched: lower case, without port or trailing dot (`Shop.example.com:443.` → `shop.example.com`). */
export function normaliseRequestHost(host: string): string {
  let value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(0, end + 1);
  }
  const colon = value.indexOf(':');
  // More than one colon is a bare IPv6 address, which has no port to strip.
  if (colon !== -1 && value.indexOf(':', colon + 1) === -1) value = value.slice(0, colon);
  return value.endsWith('.') ? value.slice(0, -1) : value;
}

/** A configured host (rule host, route hostname) as a HostMatch; undefined, '' and `*` mean any host. */
export function hostMatchOf(host: string | undefined, wildcardLabels: 'one' | 'one-or-more'): HostMatch {
  if (host === undefined || host === '' || host === '*') return { type: 'any' };
  const value = host.toLowerCase().replace(/\.$/, '');
  return value.startsWith('*.')
    ? { type: 'wildcard', value, labels: wildcardLabels }
    : { type: 'exact', value };
}

/** `*.example.com` → `.example.com`; requests must end with it. */
export function wildcardSuffix(value: string): string {
  return value.slice(1);
}

export function hostMatches(match: HostMatch, host: string): boolean {
  switch (match.type) {
    case 'any':
      return true;
    case 'exact':
      return match.value === host;
    case 'wildcard': {
      const suffix = wildcardSuffix(match.value);
      if (!host.endsWith(suffix) || host.length === suffix.length) return false;
      return match.labels === 'one-or-more' || !host.slice(0, host.length - suffix.length).includes('.');
    }
  }
}

/** How hosts read in output: a match on any host is `*`. */
export function displayHostMatch(match: HostMatch): string {
  return match.type === 'any' ? '*' : match.value;
}

/** Host specificity for ordering: exact 2, wildcard 1, any 0. */
export function hostRank(match: HostMatch): number {
  return match.type === 'exact' ? 2 : match.type === 'wildcard' ? 1 : 0;
}

/** Characters that make a path a regular expression rather than a literal (`.` is too common to count). */
const REGEX_METACHARACTERS = /[\^$*+?()[\]{}|\\]/;

export function isLiteral(value: string): boolean {
  return !REGEX_METACHARACTERS.test(value);
}

/**
 * A start-anchored regex `R` that matches some prefix of literal `L` matches every request starting
 * with `L` — unless `R` looks at what follows (end anchors, lookarounds, word boundaries).
 */
export function onlyStartAnchored(pattern: string): boolean {
  return !/\$|\(\?[=!<]|\\[bBzZ]/.test(pattern);
}

/**
 * Compile an entry's regex: ingress-nginx writes `location ~* "^<path>"` (start-anchored,
 * case-insensitive); Gateway API RegularExpression paths are matched against the whole path.
 * JavaScript's syntax is close to PCRE/RE2 for what paths use; what does not compile is reported.
 */
export function compilePathRegex(path: PathMatch, anchor: 'start' | 'full'): RegExp | Error {
  const source = anchor === 'full' ? `^(?:${path.value})$` : `^${path.value}`;
  try {
    return new RegExp(source, path.caseInsensitive ? 'i' : '');
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * How many characters of the request path the entry's path matches (its precedence weight), or -1
 * when it does not match. Regex matches weigh their pattern's length, which is how ingress-nginx
 * orders them.
 */
const SLASH = 0x2f;

export function pathMatchLength(path: PathMatch, regex: RegExp | undefined, requestPath: string): number {
  const value = path.value;
  switch (path.semantics) {
    case 'exact':
      return (
        path.caseInsensitive ? requestPath.toLowerCase() === value.toLowerCase() : requestPath === value
      )
        ? value.length
        : -1;
    case 'element-prefix': {
      if (value === '/') return 1;
      const subject = path.caseInsensitive ? requestPath.toLowerCase() : requestPath;
      const prefix = path.caseInsensitive ? value.toLowerCase() : value;
      // The whole path, or the prefix followed by `/` (checked in place: lookups must not allocate).
      const boundary = subject.length === prefix.length || subject.charCodeAt(prefix.length) === SLASH;
      return boundary && subject.startsWith(prefix) ? value.length : -1;
    }
    case 'string-prefix': {
      const subject = path.caseInsensitive ? requestPath.toLowerCase() : requestPath;
      return subject.startsWith(path.caseInsensitive ? value.toLowerCase() : value) ? value.length : -1;
    }
    case 'regex':
      return regex?.test(requestPath) === true ? value.length : -1;
  }
}

/** Header names compare case-insensitively; values exactly (or by regex). Every listed header must match. */
export function headersMatch(
  matches: readonly ValueMatchEntry[],
  headers: ReadonlyMap<string, string>,
  regexes: readonly (RegExp | undefined)[],
): boolean {
  return matches.every((match, index) => {
    const value = headers.get(match.name.toLowerCase());
    if (value === undefined) return false;
    return match.type === 'RegularExpression' ? regexes[index]?.test(value) === true : value === match.value;
  });
}

/** Query parameter names and values compare exactly (case-sensitive); the first value of a name counts. */
export function queryMatch(
  matches: readonly ValueMatchEntry[],
  query: ReadonlyMap<string, string>,
  regexes: readonly (RegExp | undefined)[],
): boolean {
  return matches.every((match, index) => {
    const value = query.get(match.name);
    if (value === undefined) return false;
    return match.type === 'RegularExpression' ? regexes[index]?.test(value) === true : value === match.value;
  });
}

/** A value match's regex, compiled once; undefined for Exact or a pattern JavaScript cannot read. */
export function compileValueRegex(match: ValueMatchEntry): RegExp | undefined {
  if (match.type !== 'RegularExpression') return undefined;
  try {
    return new RegExp(match.value);
  } catch {
    return undefined;
  }
}

/** Byte order, as the controllers (Go) compare strings; locale order would differ between machines. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function parseTimestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
