import { defineRule } from '../engine/rule.ts';
import type { Resource } from '../model/resource.ts';
import { rbacOf, type BindingView, type RbacIndex } from '../rbac/authorizer.ts';
import { adminSubjects, isAdmin, isSystemSubject } from '../rbac/identities.ts';
import { apiGroupMatches, resourceMatches, verbMatches } from '../rbac/policy-rule.ts';
import { eachSubject, NETWORKING_GROUP, protects, subjectFinding } from '../rbac/rule-support.ts';

/**
 * The verbs a binding grants on IngressClasses. Update and patch count even when `resourceNames`
 * restricts them: changing one existing class is enough to make it the default. IngressClasses are
 * cluster-scoped, so only ClusterRoleBindings can grant them.
 */
function classWriteVerbs(rbac: RbacIndex, binding: BindingView): string[] {
  const verbs: string[] = [];
  if (
    rbac.rulesAllowing(binding, { verb: 'create', resource: 'ingressclasses', apiGroup: NETWORKING_GROUP })
      .length > 0
  )
    verbs.push('create');
  if (binding.namespace !== '' || !binding.role) return verbs;
  for (const verb of ['update', 'patch']) {
    const granted = binding.role.rules.some(
      ({ rule }) =>
        verbMatches(rule, verb) &&
        apiGroupMatches(rule, NETWORKING_GROUP) &&
        resourceMatches(rule, 'ingressclasses', undefined),
    );
    if (granted) verbs.push(verb);
  }
  return verbs;
}

export default defineRule({
  id: 'rbac-ingressclass-write',
  severity: 'warning',
  category: 'rbac',
  preset: 'recommended',
  docs: {
    summary:
      'A subject that is not a cluster admin (or a Kubernetes system identity) may create or update IngressClasses, so it can make its class the default for every Ingress without one; "admin" and "system" are defined in src/rbac/identities.ts.',
    remediation:
      'Keep IngressClass create/update/patch with the platform administrators; give other subjects get/list/watch on ingressclasses.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
    ],
  },
  messages: {
    write: '{{subject}} may {{verbs}} IngressClasses through {{role}} and so choose the default class.',
  },
  needs: ['ClusterRoleBinding'],
  create({ model, report }) {
    const rbac = rbacOf(model);
    const admins = adminSubjects(model);
    const judge = (resource: Resource): void => {
      const binding = rbac.binding(resource);
      if (!binding?.role) return;
      const verbs = classWriteVerbs(rbac, binding);
      if (verbs.length === 0) return;
      eachSubject(binding, (subject, index) => {
        if (isSystemSubject(subject) || isAdmin(subject, admins)) return;
        const { path, data, related } = subjectFinding(binding, subject, index);
        report({ path, messageId: 'write', data: { ...data, verbs: verbs.join('/') }, related });
      });
    };
    return { ...protects('Ingress', 'IngressClass'), ClusterRoleBinding: judge };
  },
});
