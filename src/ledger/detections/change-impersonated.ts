import { defineDetection } from './detection.ts';
import { objectLabel, succeeded } from './support/objects.ts';

export default defineDetection({
  id: 'change-impersonated',
  severity: 'warning',
  subject: 'tracked',
  docs: {
    summary:
      'A tracked object (ingress, Gateway API, TLS Secret, RBAC, NetworkPolicy, controller ConfigMap) was changed through impersonation (`kubectl --as`, Impersonate-User).',
    investigate:
      'Impersonation hides the real requester behind another identity; the alert names both. Check that the impersonator is an admin or a proxy meant to impersonate.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb',
    ],
  },
  detect(change, { alert }) {
    const impersonator = change.actor.impersonatedBy;
    if (impersonator === null || !change.write || !succeeded(change)) return [];
    return [
      alert({
        summary: `${objectLabel(change.object)} changed (${change.verb}) through impersonation`,
        details: { impersonatedBy: impersonator, effectiveUser: change.actor.username },
      }),
    ];
  },
});
