/**
 * What the ingress-nginx rules share: reading `nginx.ingress.kubernetes.io/*` annotations the way the
 * controller does, their finding paths, which Ingresses ingress-nginx serves, and what a "public host" is.
 */
import type { Model } from '../../model/model.ts';
import type { IngressView } from '../../model/ingress.ts';
import { annotationPath } from '../../model/field-path.ts';
import { asObject, stringMap } from '../../model/resource.ts';
import { isPrivateCidr, parseCidrList } from './cidr.ts';

export const NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/';

/** `allowlist-source-range` → `nginx.ingress.kubernetes.io/allowlist-source-range` */
export function nginxAnnotationKey(name: string): string {
  return NGINX_ANNOTATION_PREFIX + name;
}

/** The annotation's value; undefined when absent or empty (the controller treats empty as absent). */
export function nginxAnnotation(ingress: IngressView, name: string): string | undefined {
  const value = ingress.annotations[nginxAnnotationKey(name)];
  return value === undefined || value === '' ? undefined : value;
}

/** `metadata.annotations["nginx.ingress.kubernetes.io/<name>"]` */
export function nginxAnnotationPath(name: string): string {
  return annotationPath(nginxAnnotationKey(name));
}

/** Where findings about missing annotations point: the annotations map (or the object when it has none). */
export const ANNOTATIONS_PATH = 'metadata.annotations';

/** Whether ingress-nginx serves the Ingress, whatever the class is called. */
export function isNginx(model: Model, ingress: IngressView): boolean {
  return model.classOf(ingress).controller === 'nginx';
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
 * A "public host": the Ingress routes something (a rule, with or without a host, or a default backend)
 * and is not limited to private networks by its allowlist. Limited means every entry of the allowlist in
 * effect parses and lies inside private ranges (see cidr.ts PRIVATE_RANGES). An allowlist with a public
 * range (an office address) still counts as public: Internet clients reach it. An unparseable allowlist
 * does not count as a limit either — what the controller then does depends on its version.
 *
 * Deliberately not considered: the class being an internal load balancer (gatewatch cannot tell from the
 * Ingress) and a global `whitelist-source-range` in the controller ConfigMap (an annotation overrides it).
 */
export function isPublicHost(ingress: IngressView): boolean {
  if (ingress.rules.length === 0 && ingress.defaultBackend === undefined) return false;
  const allowlist = effectiveAllowlist(ingress);
  if (allowlist === undefined) return true;
  const { cidrs, invalid } = parseCidrList(allowlist.value);
  return invalid.length > 0 || cidrs.length === 0 || !cidrs.every(isPrivateCidr);
}

/** Whether the Ingress terminates TLS for some host (a `spec.tls` entry listing hosts). */
export function hasTlsHosts(ingress: IngressView): boolean {
  return ingress.tls.some((entry) => entry.hosts.length > 0);
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

/** Go's strconv.ParseBool on a ConfigMap value; undefined when absent or unparseable. */
export function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}
