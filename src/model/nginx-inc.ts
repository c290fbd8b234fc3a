/**
 * F5 NGINX Ingress Controller (nginx/kubernetes-ingress, "NGINX Inc"): a different project from
 * ingress-nginx, configured through `nginx.org/` and `nginx.com/` annotations. gatewatch does not model it
 * as a ControllerType (rules switch on the three it does model); these helpers let the nginx-family rules
 * recognise its Ingresses, and those whose controller cannot be told at all.
 */
import { annotationPath } from './field-path.ts';
import type { IngressClassView } from './controllers.ts';
import type { IngressView } from './ingress.ts';
import type { Model } from './model.ts';

/** `spec.controller` of the IngressClasses NGINX Inc's controller serves (its manifests and Helm chart). */
export const NGINX_INC_CONTROLLER_ID = 'nginx.org/ingress-controller';

/** `nginx.com/` keys are the NGINX Plus ones. */
export const NGINX_INC_ANNOTATION_PREFIXES: readonly string[] = ['nginx.org/', 'nginx.com/'];

export function isNginxIncClass(ingressClass: IngressClassView | undefined): boolean {
  return ingressClass?.controllerId === NGINX_INC_CONTROLLER_ID;
}

/**
 * Why NGINX Inc's annotations of an Ingress matter: `nginx-inc` when its IngressClass names NGINX Inc's
 * controller, `undetermined` when no controller could be resolved (so NGINX Inc may be the one),
 * undefined when a modelled controller serves it. The IngressClass wins over `--controller`, which only
 * stands in for a controller the input does not name.
 */
export type NginxIncServing = 'nginx-inc' | 'undetermined';

export function nginxIncServing(model: Model, ingress: IngressView): NginxIncServing | undefined {
  const resolution = model.classOf(ingress);
  if (isNginxIncClass(resolution.ingressClass)) return 'nginx-inc';
  return resolution.controller === undefined ? 'undetermined' : undefined;
}

export function servedByNginxIncOrUnknown(model: Model, ingress: IngressView): boolean {
  return nginxIncServing(model, ingress) !== undefined;
}

export function isNginxIncAnnotation(key: string): boolean {
  return NGINX_INC_ANNOTATION_PREFIXES.some((prefix) => key.startsWith(prefix));
}

export interface NginxIncAnnotationUse {
  readonly key: string;
  readonly value: string;
  /** `metadata.annotations["nginx.org/…"]` */
  readonly path: string;
}

/** The `nginx.org/` and `nginx.com/` annotations of an Ingress, in key order. */
export function nginxIncAnnotationsOf(ingress: IngressView): NginxIncAnnotationUse[] {
  return Object.keys(ingress.annotations)
    .filter(isNginxIncAnnotation)
    .sort()
    .map((key) => ({ key, value: ingress.annotations[key] ?? '', path: annotationPath(key) }));
}
