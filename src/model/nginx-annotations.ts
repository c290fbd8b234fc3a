/**
 * Reading `nginx.ingress.kubernetes.io/*` annotations the way ingress-nginx does: shared by the
 * ingress-nginx rules (src/rules/support/nginx.ts re-exports these) and the route table, which reports
 * the controls (allowlist, rate limit, WAF) in front of each route.
 */
import type { IngressView } from './ingress.ts';
import type { Model } from './model.ts';
import { asObject, stringMap } from './resource.ts';
import { StringMemo } from './memo.ts';

export const NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/';

/** `allowlist-source-range` → `nginx.ingress.kubernetes.io/allowlist-source-range` */
export function nginxAnnotationKey(name: string): string {
  return annotationKeys.get(name);
}

// Remembered per name: rules look annotations up by name for every Ingress, and a freshly concatenated
// key must be flattened and hashed on each lookup, where a remembered one is hashed once.
const annotationKeys = new StringMemo((name: string) => NGINX_ANNOTATION_PREFIX + name);

/** The annotation's value; undefined when absent or empty (the controller treats empty as absent). */
export function nginxAnnotation(ingress: IngressView, name: string): string | undefined {
  const value = ingress.annotations[nginxAnnotationKey(name)];
  return value === undefined || value === '' ? undefined : value;
}

/** Go's strconv.ParseBool on an annotation or ConfigMap value; undefined when absent or unparseable. */
export function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/**
 * A boolean annotation as the controller parses it (Go's strconv.ParseBool); undefined when absent or
 * unparseable, so callers apply the documented default.
 */
export function nginxBool(ingress: IngressView, name: string): boolean | undefined {
  return parseGoBool(nginxAnnotation(ingress, name));
}

/**
 * A canary Ingress (`canary: "true"`): ingress-nginx ignores most of its annotations and applies those of
 * the main Ingress for the same host, so rules about missing protections judge the main Ingress only.
 */
export function isCanary(ingress: IngressView): boolean {
  return nginxBool(ingress, 'canary') === true;
}

/** The allowlist in effect: `allowlist-source-range`, or its older alias `whitelist-source-range` when absent. */
export function effectiveAllowlist(
  ingress: IngressView,
): { readonly name: string; readonly value: string } | undefined {
  for (const name of ['allowlist-source-range', 'whitelist-source-range']) {
    const value = nginxAnnotation(ingress, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/**
 * A controller ConfigMap setting that holds for every ingress-nginx controller found in the input
 * (undefined when none is found, one has no ConfigMap, or they disagree). Which controller serves which
 * class is not matched yet, so only a setting all of them share is relied on.
 */
export function sharedControllerSetting(model: Model, key: string): string | undefined {
  const controllers = model.nginxControllers();
  if (controllers.length === 0) return undefined;
  const values = new Set(
    controllers.map((c) => (c.configMap ? stringMap(asObject(c.configMap.body).data)[key] : undefined)),
  );
  const [only] = values;
  return values.size === 1 ? only : undefined;
}

/** Per-client limits of the local (per-replica) rate limiter; "0" or a non-number sets no limit. */
const LOCAL_RATE_LIMITS = ['limit-rps', 'limit-rpm', 'limit-connections'];

/** Whether a request or connection limit applies (limit-rps/rpm/connections > 0, or global-rate-limit*). */
export function hasNginxRateLimit(ingress: IngressView): boolean {
  const local = LOCAL_RATE_LIMITS.some((name) =>
    /^[1-9]\d*$/.test(nginxAnnotation(ingress, name)?.trim() ?? ''),
  );
  const globalPrefix = nginxAnnotationKey('global-rate-limit');
  return local || Object.keys(ingress.annotations).some((key) => key.startsWith(globalPrefix));
}

/**
 * Whether ModSecurity inspects the Ingress's requests with a rule set: enabled (annotation, else the
 * ConfigMap setting all controllers share) and given the OWASP Core Rule Set or a modsecurity-snippet.
 */
export function hasNginxWaf(model: Model, ingress: IngressView): boolean {
  const enabled =
    nginxBool(ingress, 'enable-modsecurity') ??
    parseGoBool(sharedControllerSetting(model, 'enable-modsecurity'));
  if (enabled !== true) return false;
  const coreRules =
    nginxBool(ingress, 'enable-owasp-core-rules') ??
    parseGoBool(sharedControllerSetting(model, 'enable-owasp-modsecurity-crs')) === true;
  return coreRules || nginxAnnotation(ingress, 'modsecurity-snippet') !== undefined;
}
