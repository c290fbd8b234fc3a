import { defineRule } from '../engine/rule.ts';
import type { Resource } from '../model/resource.ts';
import { rbacOf, type BindingView, type EffectiveRule, type RbacIndex } from '../rbac/authorizer.ts';
import { isEveryone, isSystemSubject } from '../rbac/identities.ts';
import { usesWildcard } from '../rbac/policy-rule.ts';
import {
  eachSubject,
  GATEWAY_GROUP,
  GATEWAY_RESOURCES,
  NETWORKING_GROUP,
  protects,
  RBAC_BINDING_KINDS,
  subjectFinding,
  WRITE_VERBS,
} from '../rbac/rule-support.ts';

/** The objects whose writers decide what the edge routes: Ingresses and Gateway API gateways/routes. */
const TARGETS = [
  { resource: 'ingresses', apiGroup: NETWORKING_GROUP },
  ...GATEWAY_RESOURCES.map((resource) => ({ resource, apiGroup: GATEWAY_GROUP })),
];

interface WriteGrant {
  readonly resources: string[];
  readonly verbs: string[];
  readonly wildcard: EffectiveRule | undefined;
}

/** What write on routing objects a binding grants, on any object of its scope (names cannot narrow create). */
function writeGrant(rbac: RbacIndex, binding: BindingView): WriteGrant {
  const resources: string[] = [];
  const verbs = new Set<string>();
  let wildcard: EffectiveRule | undefined;
  for (const target of TARGETS) {
    let granted = false;
    for (const verb of WRITE_VERBS) {
      const rules = rbac.rulesAllowing(binding, { ...target, verb, namespace: binding.namespace });
      if (rules.length === 0) continue;
      granted = true;
      verbs.add(verb);
      wildcard ??= rules.find((r) => usesWildcard(r.rule));
    }
    if (granted) resources.push(target.resource);
  }
  return { resources, verbs: WRITE_VERBS.filter((v) => verbs.has(v)), wildcard };
}

export default defineRule({
  id: 'rbac-ingress-write-broad',
  severity: 'warning',
  category: 'rbac',
  preset: 'recommended',
  docs: {
    summary:
      'A binding lets a non-system subject create, change or delete Ingresses (or Gateway API gateways and routes) in every namespace, lets everyone (system:authenticated, system:unauthenticated, system:serviceaccounts) do it anywhere, or grants it through a `*` wildcard; "system", "everyone" and "wildcard" are defined in src/rbac/identities.ts and src/rbac/policy-rule.ts.',
    remediation:
      'Bind ingress write with RoleBindings in the namespaces a team owns, to named users, groups or ServiceAccounts, with explicit verbs, resources and API groups instead of `*`.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
    ],
  },
  messages: {
    everyone: '{{subject}} — every identity of that kind — may {{verbs}} {{resources}} through {{role}}.',
    clusterWide: '{{subject}} may {{verbs}} {{resources}} in every namespace through {{role}}.',
    wildcard:
      '{{subject}} may {{verbs}} {{resources}} in namespace "{{namespace}}" through a wildcard rule ({{rule}}) of {{role}}, which also covers whatever is added later.',
  },
  needsAnyOf: RBAC_BINDING_KINDS,
  create({ model, report }) {
    const rbac = rbacOf(model);
    const judge = (resource: Resource): void => {
      const binding = rbac.binding(resource);
      if (!binding?.role) return;
      const grant = writeGrant(rbac, binding);
      if (grant.resources.length === 0) return;
      eachSubject(binding, (subject, index) => {
        if (isSystemSubject(subject)) return;
        const { path, data, related } = subjectFinding(binding, subject, index);
        const granted = { ...data, verbs: grant.verbs.join('/'), resources: grant.resources.join(', ') };
        if (isEveryone(subject)) report({ path, messageId: 'everyone', data: granted, related });
        else if (binding.namespace === '') report({ path, messageId: 'clusterWide', data: granted, related });
        else if (grant.wildcard)
          report({
            path,
            messageId: 'wildcard',
            data: {
              ...granted,
              namespace: binding.namespace,
              rule: `${grant.wildcard.source.name} rules[${grant.wildcard.index}]`,
            },
            related,
          });
      });
    };
    return { ...protects('Ingress'), ClusterRoleBinding: judge, RoleBinding: judge };
  },
});
