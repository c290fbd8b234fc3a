/**
 * Which ingress controller reads which annotation prefix. A controller silently ignores annotations
 * addressed to another one, so an annotation whose prefix belongs to a controller other than the one
 * serving the Ingress configures nothing (the `*-annotation-foreign` rules).
 *
 * The bare `ingress.kubernetes.io/` prefix is deliberately absent: early ingress-nginx, haproxy-ingress
 * and Voyager all read it, so it names no single controller.
 */
import type { ControllerType } from '../model/controllers.ts';

export interface ControllerAnnotationPrefix {
  /** Annotation key prefix, ending in `/`. */
  readonly prefix: string;
  /** The product reading these annotations, as messages name it. */
  readonly product: string;
  /**
   * The controller type gatewatch resolves Ingress classes to, when it models that product; undefined for
   * products gatewatch does not model (F5 NGINX Ingress Controller is not ingress-nginx).
   */
  readonly controller: ControllerType | undefined;
  /** Where the prefix is documented. */
  readonly source: string;
}

export const CONTROLLER_ANNOTATION_PREFIXES: readonly ControllerAnnotationPrefix[] = [
  {
    prefix: 'nginx.ingress.kubernetes.io/',
    product: 'ingress-nginx (kubernetes/ingress-nginx)',
    controller: 'nginx',
    source: 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/',
  },
  {
    prefix: 'nginx.org/',
    product: 'F5 NGINX Ingress Controller (nginx/kubernetes-ingress)',
    controller: undefined,
    source:
      'https://docs.nginx.com/nginx-ingress-controller/configuration/ingress-resources/advanced-configuration-with-annotations/',
  },
  {
    prefix: 'nginx.com/',
    product: 'F5 NGINX Ingress Controller with NGINX Plus (nginx/kubernetes-ingress)',
    controller: undefined,
    source:
      'https://docs.nginx.com/nginx-ingress-controller/configuration/ingress-resources/advanced-configuration-with-annotations/',
  },
  {
    prefix: 'traefik.ingress.kubernetes.io/',
    product: 'Traefik',
    controller: 'traefik',
    source: 'https://doc.traefik.io/traefik/routing/providers/kubernetes-ingress/#annotations',
  },
  {
    prefix: 'haproxy.org/',
    product: 'HAProxy Kubernetes Ingress Controller (haproxytech/kubernetes-ingress)',
    controller: 'haproxy',
    source:
      'https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/',
  },
  {
    prefix: 'haproxy-ingress.github.io/',
    product: 'HAProxy Ingress (jcmoraisjr/haproxy-ingress)',
    controller: 'haproxy',
    source: 'https://haproxy-ingress.github.io/docs/configuration/keys/',
  },
];

/** The controller an annotation key is addressed to, by its prefix; undefined for keys no controller owns. */
export function annotationOwner(key: string): ControllerAnnotationPrefix | undefined {
  return CONTROLLER_ANNOTATION_PREFIXES.find((entry) => key.startsWith(entry.prefix));
}

/**
 * Annotation keys addressed to a controller other than `serving`, in key order: the controller serving the
 * Ingress will never read them.
 */
export function foreignAnnotations(
  annotations: Readonly<Record<string, string>>,
  serving: ControllerType,
): { readonly key: string; readonly owner: ControllerAnnotationPrefix }[] {
  return Object.keys(annotations)
    .sort()
    .flatMap((key) => {
      const owner = annotationOwner(key);
      return owner && owner.controller !== serving ? [{ key, owner }] : [];
    });
}
