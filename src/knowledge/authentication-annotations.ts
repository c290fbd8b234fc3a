/**
 * Annotations through which each controller puts authentication in front of an Ingress. A Traefik
 * middleware chain may or may not authenticate; it is counted as authentication so that a chain we
 * cannot see into never produces a false alarm.
 */
import type { ControllerType } from '../model/controllers.ts';

export const AUTHENTICATION_ANNOTATIONS: Readonly<Record<ControllerType, readonly string[]>> = {
  // https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#authentication
  nginx: [
    'nginx.ingress.kubernetes.io/auth-type',
    'nginx.ingress.kubernetes.io/auth-url',
    'nginx.ingress.kubernetes.io/auth-tls-secret',
  ],
  // https://doc.traefik.io/traefik/routing/providers/kubernetes-ingress/#annotations
  traefik: ['traefik.ingress.kubernetes.io/router.middlewares'],
  // https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/
  // https://haproxy-ingress.github.io/docs/configuration/keys/#auth-external
  haproxy: [
    'haproxy.org/auth-type',
    'haproxy-ingress.github.io/auth-type',
    'haproxy-ingress.github.io/auth-url',
    'ingress.kubernetes.io/auth-type',
    'ingress.kubernetes.io/auth-url',
  ],
};

const ALL_AUTHENTICATION_ANNOTATIONS = Object.values(AUTHENTICATION_ANNOTATIONS).flat();

/**
 * Whether the annotations configure authentication for that controller. With the controller unknown,
 * any controller's authentication annotation counts.
 */
export function hasAuthentication(
  annotations: Readonly<Record<string, string>>,
  controller: ControllerType | undefined,
): boolean {
  const keys = controller ? AUTHENTICATION_ANNOTATIONS[controller] : ALL_AUTHENTICATION_ANNOTATIONS;
  return keys.some((key) => (annotations[key] ?? '').trim() !== '');
}
