/**
 * Which annotation changes matter, from the knowledge the static rules use: ingress-nginx's annotation
 * table (risk levels, snippet annotations), the authentication annotations of each controller, the
 * source-range allowlists of ingress-nginx and both HAProxy controllers, and their ssl-redirect switches.
 */
import { BlockList } from 'node:net';
import {
  NGINX_ANNOTATION_PREFIX,
  isSnippetAnnotation,
  nginxAnnotation,
  nginxAnnotationName,
  riskRank,
  type AnnotationRisk,
} from '../../../knowledge/ingress-nginx-annotations.ts';
import { AUTHENTICATION_ANNOTATIONS } from '../../../knowledge/authentication-annotations.ts';
import { HAPROXY_SSL_REDIRECT_KEYS, isHaproxySnippetKey } from '../../../knowledge/haproxy-annotations.ts';
import { parseCidrList, type Cidr } from '../../../rules/support/cidr.ts';
import { parseGoBool } from '../../../rules/support/nginx.ts';

/**
 * Raw proxy configuration in an annotation: ingress-nginx's `*-snippet` annotations, NGINX Inc's
 * `nginx.org/*-snippets`, HAProxy's `*-config-snippet` and haproxy-ingress `config-*` keys.
 */
export function isSnippetKey(key: string): boolean {
  const nginxName = nginxAnnotationName(key);
  if (nginxName !== undefined) {
    const entry = nginxAnnotation(nginxName);
    return entry ? isSnippetAnnotation(entry) : nginxName.endsWith('-snippet');
  }
  if (isHaproxySnippetKey(key)) return true;
  const name = key.slice(key.indexOf('/') + 1);
  return /-snippets?$/.test(name);
}

/** The ingress-nginx risk level of a (non-snippet) annotation, when it is High or Critical. */
export function highRiskOf(key: string): AnnotationRisk | undefined {
  const name = nginxAnnotationName(key);
  const entry = name === undefined ? undefined : nginxAnnotation(name);
  if (!entry || entry.removed || isSnippetAnnotation(entry)) return undefined;
  return riskRank(entry.risk) >= riskRank('High') ? entry.risk : undefined;
}

const AUTH_KEYS: ReadonlySet<string> = new Set(Object.values(AUTHENTICATION_ANNOTATIONS).flat());

/** Annotations that put authentication in front of an Ingress (any controller; every `auth-tls-*`). */
export function isAuthenticationKey(key: string): boolean {
  return AUTH_KEYS.has(key) || key.startsWith(`${NGINX_ANNOTATION_PREFIX}auth-tls-`);
}

/** `auth-tls-verify-client: off` keeps the annotation but stops checking client certificates. */
export const VERIFY_CLIENT_KEY = `${NGINX_ANNOTATION_PREFIX}auth-tls-verify-client`;

/**
 * Allowlists, each a family of aliases one controller reads (the first present wins): ingress-nginx's
 * `allowlist-source-range` and its older `whitelist-source-range`, then each HAProxy controller's.
 */
export const ALLOWLIST_FAMILIES: readonly (readonly string[])[] = [
  [`${NGINX_ANNOTATION_PREFIX}allowlist-source-range`, `${NGINX_ANNOTATION_PREFIX}whitelist-source-range`],
  ['haproxy.org/allow-list', 'haproxy.org/whitelist'],
  ['haproxy-ingress.github.io/allowlist-source-range', 'haproxy-ingress.github.io/whitelist-source-range'],
  ['ingress.kubernetes.io/allowlist-source-range', 'ingress.kubernetes.io/whitelist-source-range'],
];

/** The allowlist a family puts in effect: the first alias with a non-empty value. */
export function effectiveAllowlist(
  annotations: Readonly<Record<string, string>>,
  family: readonly string[],
): { readonly key: string; readonly value: string } | undefined {
  for (const key of family) {
    const value = annotations[key]?.trim();
    if (value) return { key, value };
  }
  return undefined;
}

function blockOf(cidr: Cidr): BlockList {
  const list = new BlockList();
  list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  return list;
}

/** Whether every address of `inner` lies inside `outer` (CIDRs nest or are disjoint). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    blockOf(outer).check(inner.address, inner.family)
  );
}

/**
 * How `after` widens `before`: the entries of `after` no entry of `before` covers, and the entries the
 * controller cannot parse (it then ignores the whole allowlist, so they widen it too).
 */
export function allowlistWidening(before: string, after: string): { widened: string[]; invalid: string[] } {
  const old = parseCidrList(before).cidrs;
  const next = parseCidrList(after);
  const widened = next.cidrs.filter((cidr) => !old.some((o) => cidrContains(o, cidr))).map((c) => c.text);
  return { widened, invalid: next.invalid };
}

export const SSL_REDIRECT_KEYS: readonly string[] = [
  `${NGINX_ANNOTATION_PREFIX}ssl-redirect`,
  `${NGINX_ANNOTATION_PREFIX}force-ssl-redirect`,
  ...HAPROXY_SSL_REDIRECT_KEYS,
];

/** Whether the annotation's value turns the redirect off (parsed as the controllers parse booleans). */
export function isFalse(value: string | undefined): boolean {
  return parseGoBool(value?.trim()) === false;
}
