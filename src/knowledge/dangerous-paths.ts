/**
 * What CVE-2021-25745 (ingress-nginx < 1.2.0) abuses: an Ingress path, host or TLS secretName that
 * points nginx at files inside the controller pod (the service account token, host files) or smuggles
 * nginx directives (`alias`, `root`, `*_by_lua*`) into the generated configuration.
 * https://github.com/kubernetes/ingress-nginx/issues/8502
 */
import { indexOfSegments, literalSegments } from '../model/paths.ts';

/** Directories of the controller pod's file system, as path segments. */
export const DANGEROUS_DIRECTORIES: readonly string[] = [
  '/etc',
  '/var/run/secrets',
  '/root',
  '/var/run/kubernetes/serviceaccount',
];

/** nginx directives that serve files or run code, written as a directive would be: `alias /x;`. */
const DANGEROUS_DIRECTIVES: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'alias', pattern: /(?:^|[^A-Za-z0-9_])alias\s/ },
  { name: 'root', pattern: /(?:^|[^A-Za-z0-9_])root\s/ },
  { name: '_by_lua', pattern: /_by_lua/ },
];

const DIRECTORY_SEGMENTS = DANGEROUS_DIRECTORIES.map((directory) => ({
  directory,
  segments: literalSegments(directory),
}));

/**
 * The dangerous directory or directive a value contains, or undefined. Directories match whole path
 * segments (`/etc/passwd` and `/api/etc` do, `/etcetera` does not); directives match as directive
 * syntax, not as bare words.
 */
export function findDangerousReference(value: string): string | undefined {
  const segments = literalSegments(value);
  const directory = DIRECTORY_SEGMENTS.find((entry) => indexOfSegments(segments, entry.segments) >= 0);
  if (directory) return directory.directory;
  return DANGEROUS_DIRECTIVES.find((directive) => directive.pattern.test(value))?.name;
}
