import { defineDetection } from './detection.ts';
import { annotationChanges, detailValue, isModification, objectLabel } from './support/objects.ts';
import { VERIFY_CLIENT_KEY, isAuthenticationKey } from './support/annotations.ts';

export default defineDetection({
  id: 'ingress-auth-removed',
  severity: 'error',
  subject: 'ingresses',
  docs: {
    summary:
      'Authentication annotations (auth-url, auth-type, auth-tls-*, HAProxy auth, Traefik middlewares) were removed from an Ingress, or client-certificate verification was turned off.',
    investigate:
      'The Ingress may now serve without any login in front of it; find out who removed it and why, and restore it unless the application now authenticates by itself.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#authentication',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#client-certificate-authentication',
      'https://kubernetes.github.io/ingress-nginx/examples/auth/oauth-external-auth/',
    ],
  },
  detect(change, { alert }) {
    if (!isModification(change)) return [];
    const removed = annotationChanges(change.previous, change.state).filter(
      (c) =>
        isAuthenticationKey(c.key) &&
        c.old !== undefined &&
        c.old.trim() !== '' &&
        ((c.new ?? '').trim() === '' || (c.key === VERIFY_CLIENT_KEY && c.new?.trim() === 'off')),
    );
    if (removed.length === 0) return [];
    return [
      alert({
        summary: `Authentication removed from ${objectLabel(change.object)}: ${removed.map((c) => c.key).join(', ')}`,
        details: {
          removed: removed.filter((c) => c.new === undefined).map((c) => c.path),
          changed: removed.map((c) => ({ path: c.path, old: detailValue(c.old), new: detailValue(c.new) })),
        },
      }),
    ];
  },
});
