import { z } from 'zod';
import { defineRule } from '../engine/rule.ts';
import type { Resource } from '../model/resource.ts';
import { rbacOf } from '../rbac/authorizer.ts';
import { controllerIdentities, isController, isSystemSubject } from '../rbac/identities.ts';
import {
  allowedVerbs,
  eachSubject,
  NETWORKING_GROUP,
  protects,
  RBAC_BINDING_KINDS,
  subjectFinding,
} from '../rbac/rule-support.ts';

const options = z.strictObject({
  controllers: z
    .array(z.string().regex(/^system:serviceaccount:[^:]+:[^:]+$/))
    .default([])
    .describe(
      'More controller identities (`system:serviceaccount:<ns>:<name>`), for controllers whose workload is not in the input.',
    ),
});

export default defineRule({
  id: 'rbac-ingress-status-write',
  severity: 'warning',
  category: 'rbac',
  preset: 'recommended',
  docs: {
    summary:
      'A subject other than the ingress controller (or a Kubernetes system identity) may update `ingresses/status`, so it can forge the load-balancer address an Ingress publishes; "controller" and "system" are defined in src/rbac/identities.ts.',
    remediation:
      'Grant update/patch on ingresses/status only to the controller ServiceAccount; give people and other tools get/list/watch on ingresses instead.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/',
    ],
  },
  messages: {
    clusterWide:
      '{{subject}} may {{verbs}} ingresses/status in every namespace through {{role}}: it can forge the address Ingresses publish.',
    namespaced:
      '{{subject}} may {{verbs}} ingresses/status in namespace "{{namespace}}" through {{role}}: it can forge the address Ingresses publish.',
  },
  needsAnyOf: RBAC_BINDING_KINDS,
  options,
  create({ model, options: { controllers }, report }) {
    const rbac = rbacOf(model);
    const controllerSet = controllerIdentities(model, controllers);
    const judge = (resource: Resource): void => {
      const binding = rbac.binding(resource);
      if (!binding?.role) return;
      const verbs = allowedVerbs(rbac, binding, ['update', 'patch'], {
        resource: 'ingresses',
        subresource: 'status',
        apiGroup: NETWORKING_GROUP,
        namespace: binding.namespace,
      });
      if (verbs.length === 0) return;
      eachSubject(binding, (subject, index) => {
        if (isSystemSubject(subject) || isController(subject, controllerSet)) return;
        const { path, data, related } = subjectFinding(binding, subject, index);
        const granted = { ...data, verbs: verbs.join('/') };
        if (binding.namespace === '') report({ path, messageId: 'clusterWide', data: granted, related });
        else
          report({
            path,
            messageId: 'namespaced',
            data: { ...granted, namespace: binding.namespace },
            related,
          });
      });
    };
    return { ...protects('Ingress'), ClusterRoleBinding: judge, RoleBinding: judge };
  },
});
