import { defineDetection } from './detection.ts';
import { isSuccessfulWrite, objectLabel } from './support/objects.ts';
import { matchesAny } from './settings.ts';

export default defineDetection({
  id: 'change-unexpected-actor',
  severity: 'warning',
  subject: 'ingress-related',
  docs: {
    summary:
      'An Ingress, IngressClass or Gateway API object was changed by an identity outside accountability.allowedActors (silent until that list is configured).',
    investigate:
      'When only GitOps service accounts should change ingress, any other writer is either an emergency fix or a compromise: ask the person, and check what else they changed (`gatewatch investigate`).',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
      'https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/#automatic-self-healing',
    ],
  },
  detect(change, { alert, settings }) {
    const allowed = settings.allowedActors;
    if (allowed === undefined || !isSuccessfulWrite(change)) return [];
    const username = change.actor.username;
    if (matchesAny(username, allowed) || matchesAny(username, settings.controllerIdentities)) return [];
    return [
      alert({
        summary: `${objectLabel(change.object)} changed (${change.verb}) by an identity outside the allowed actors`,
        details: { allowedActors: [...allowed] },
      }),
    ];
  },
});
