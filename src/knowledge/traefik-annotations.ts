/**
 * `traefik.ingress.kubernetes.io/` annotations of Traefik's Kubernetes Ingress provider (v2/v3), from
 * https://doc.traefik.io/traefik/reference/routing-configuration/kubernetes/ingress/ (traefik/traefik
 * docs/content/reference/routing-configuration/kubernetes/ingress.md, v3.6).
 */

export const TRAEFIK_ANNOTATION_PREFIX = 'traefik.ingress.kubernetes.io/';

/** Read on Ingress objects (router options). */
export const TRAEFIK_INGRESS_ANNOTATIONS: readonly string[] = [
  'router.entrypoints',
  'router.middlewares',
  'router.priority',
  'router.rulesyntax',
  'router.pathmatcher',
  'router.tls',
  'router.tls.certresolver',
  'router.tls.options',
  'router.observability.accesslogs',
  'router.observability.metrics',
  'router.observability.tracing',
];

/** `router.tls.domains.<n>.main` and `.sans`: indexed keys. */
export const TRAEFIK_INDEXED_INGRESS_ANNOTATION = /^router\.tls\.domains\.\d+\.(?:main|sans)$/;

/** Read on Service objects only: on an Ingress they are silently ignored. */
export const TRAEFIK_SERVICE_ANNOTATIONS: readonly string[] = [
  'service.nativelb',
  'service.nodeportlb',
  'service.serversscheme',
  'service.serverstransport',
  'service.passhostheader',
  'service.sticky.cookie',
  'service.sticky.cookie.name',
  'service.sticky.cookie.secure',
  'service.sticky.cookie.samesite',
  'service.sticky.cookie.domain',
  'service.sticky.cookie.httponly',
  'service.sticky.cookie.maxage',
  'service.sticky.cookie.path',
];

/**
 * Traefik 1.x Ingress annotations under the same prefix (https://doc.traefik.io/traefik/v1.7/configuration/backends/kubernetes/),
 * ignored since Traefik 2.0: their job moved to middlewares and router options.
 */
export const TRAEFIK_V1_ANNOTATIONS: readonly string[] = [
  'app-root',
  'error-pages',
  'frontend-entry-points',
  'pass-client-tls-cert',
  'pass-tls-cert',
  'preserve-host',
  'priority',
  'rate-limit',
  'redirect-entry-point',
  'redirect-permanent',
  'redirect-regex',
  'redirect-replacement',
  'request-modifier',
  'rewrite-target',
  'rule-type',
  'service-weights',
  'whitelist-source-range',
  'affinity',
  'session-cookie-name',
  'load-balancer-method',
  'max-conn',
  'buffering',
  'circuit-breaker-expression',
  'responseforwarding-flushinterval',
];

export type TraefikAnnotationKind = 'ingress' | 'service' | 'v1' | 'unknown';

/** What a key (without the prefix) is to Traefik when written on an Ingress. */
export function traefikAnnotationKind(name: string): TraefikAnnotationKind {
  if (TRAEFIK_INGRESS_ANNOTATIONS.includes(name) || TRAEFIK_INDEXED_INGRESS_ANNOTATION.test(name))
    return 'ingress';
  if (TRAEFIK_SERVICE_ANNOTATIONS.includes(name)) return 'service';
  if (TRAEFIK_V1_ANNOTATIONS.includes(name)) return 'v1';
  return 'unknown';
}
