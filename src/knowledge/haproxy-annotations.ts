/**
 * The HAProxy annotations section E judges, for both HAProxy controllers:
 * HAProxy Technologies' kubernetes-ingress (`haproxy.org/`,
 * https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/)
 * and the community jcmoraisjr/haproxy-ingress (`haproxy-ingress.github.io/`, and its legacy
 * `ingress.kubernetes.io/` prefix, https://haproxy-ingress.github.io/docs/configuration/keys/).
 */

export const HAPROXY_PREFIXES = [
  'haproxy.org/',
  'haproxy-ingress.github.io/',
  'ingress.kubernetes.io/',
] as const;

/** Raw HAProxy configuration: `haproxy.org/*-config-snippet` and haproxy-ingress `config-*` keys. */
export function isHaproxySnippetKey(key: string): boolean {
  if (key.startsWith('haproxy.org/')) return key.endsWith('-config-snippet');
  const name = stripCommunityPrefix(key);
  return (
    name !== undefined &&
    /^config-(?:backend|frontend|frontend-early|frontend-late|defaults|global|proxy|sections|tcp|tcp-service)$/.test(
      name,
    )
  );
}

/** Source-address allowlists (current names and their deprecated aliases). */
export const HAPROXY_ALLOWLIST_KEYS: readonly string[] = [
  'haproxy.org/allow-list',
  'haproxy.org/whitelist',
  'haproxy-ingress.github.io/allowlist-source-range',
  'haproxy-ingress.github.io/whitelist-source-range',
  'ingress.kubernetes.io/allowlist-source-range',
  'ingress.kubernetes.io/whitelist-source-range',
];

export const HAPROXY_SSL_REDIRECT_KEYS: readonly string[] = [
  'haproxy.org/ssl-redirect',
  'haproxy-ingress.github.io/ssl-redirect',
  'ingress.kubernetes.io/ssl-redirect',
];

function stripCommunityPrefix(key: string): string | undefined {
  for (const prefix of ['haproxy-ingress.github.io/', 'ingress.kubernetes.io/']) {
    if (key.startsWith(prefix)) return key.slice(prefix.length);
  }
  return undefined;
}
