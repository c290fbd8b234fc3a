/**
 * What the ingress-nginx rules share: reading `nginx.ingress.kubernetes.io/*` annotations the way the
 * controller does, their finding paths, which Ingresses ingress-nginx serves, and what a "public host" is.
 */
import type { Model } from '../../model/model.ts';
import type { IngressView } from '../../model/ingress.ts';
import { annotationPath } from '../../model/field-path.ts';
import { isPrivateCidr, parseCidrList } from './cidr.ts';
import { effectiveAllowlist, nginxAnnotationKey } from '../../model/nginx-annotations.ts';

// Moved to src/model/nginx-annotations.ts so the route table reads annotations the same way; re-exported
// here so the rules keep one import.
export {
  NGINX_ANNOTATION_PREFIX,
  effectiveAllowlist,
  isCanary,
  nginxAnnotation,
  nginxAnnotationKey,
  nginxBool,
  parseGoBool,
  sharedControllerSetting,
} from '../../model/nginx-annotations.ts';

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
