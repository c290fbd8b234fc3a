import { defineDetection } from './detection.ts';
import { isBinding, isRole, isSuccessfulWrite, objectLabel } from './support/objects.ts';
import { ingressWriteGrants, roleRefOf, rulesOf, subjectsOf } from './support/rbac.ts';

export default defineDetection({
  id: 'rbac-ingress-write-granted',
  severity: 'warning',
  subject: 'rbac',
  docs: {
    summary:
      'A RoleBinding or ClusterRoleBinding was created or changed (new subjects, another role) so that it grants write on Ingresses or Gateway API objects; or a bound Role gained such rules.',
    investigate:
      'Whoever can write ingress can publish any Service of the namespace (or cluster) and, with snippets allowed, run code in the controller. Check the subjects need it.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
  },
  detect(change, { alert, boundRole }) {
    if (!isSuccessfulWrite(change) || change.state === null) return [];
    if (change.verb !== 'create' && change.verb !== 'update' && change.verb !== 'patch') return [];
    const before = change.verb === 'create' ? null : change.previous;
    if (isBinding(change.object)) {
      if (!boundRole) return [];
      const grants = ingressWriteGrants(boundRole.rules);
      if (grants.length === 0) return [];
      const subjects = subjectsOf(change.state);
      const oldRef = before ? roleRefOf(before) : undefined;
      const oldSubjects = new Set(before ? subjectsOf(before) : []);
      const sameRole = oldRef?.kind === boundRole.kind && oldRef.name === boundRole.name;
      const added = sameRole ? subjects.filter((s) => !oldSubjects.has(s)) : subjects;
      if (added.length === 0) return [];
      return [
        alert({
          summary: `${objectLabel(change.object)} grants ${boundRole.kind} ${boundRole.name} (ingress write) to ${added.join(', ')}`,
          details: {
            subjects: added,
            role: `${boundRole.kind} ${boundRole.name}`,
            roleSource: boundRole.source,
            grants,
          },
        }),
      ];
    }
    if (isRole(change.object) && before) {
      const old = new Set(ingressWriteGrants(rulesOf(before)));
      const gained = ingressWriteGrants(rulesOf(change.state)).filter((grant) => !old.has(grant));
      if (gained.length === 0) return [];
      return [
        alert({
          summary: `${objectLabel(change.object)} now grants ingress write: ${gained.join('; ')}`,
          details: { grants: gained },
        }),
      ];
    }
    return [];
  },
});
