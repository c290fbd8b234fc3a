import { z } from 'zod';
import { defineRule } from '../engine/rule.ts';
import type { Model } from '../model/model.ts';
import type { Resource } from '../model/resource.ts';
import { rbacOf, type BindingView, type RbacIndex } from '../rbac/authorizer.ts';
import { controllerIdentities, isController, isSystemSubject } from '../rbac/identities.ts';
import {
  allowedVerbs,
  eachSubject,
  protects,
  READ_VERBS,
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

/** The TLS Secrets Ingresses name, per namespace (sorted). */
function tlsSecretsByNamespace(model: Model): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const ingress of model.ingresses()) {
    for (const entry of ingress.tls) {
      if (!entry.secretName) continue;
      const namespace = ingress.resource.namespace;
      let names = out.get(namespace);
      if (!names) out.set(namespace, (names = new Set()));
      names.add(entry.secretName);
    }
  }
  return new Map([...out].map(([namespace, names]) => [namespace, [...names].sort()]));
}

/** `ns/name` of the TLS Secrets the binding lets read by name (a `resourceNames` grant on get/list/watch). */
function namedSecretsReadable(
  rbac: RbacIndex,
  binding: BindingView,
  secrets: ReadonlyMap<string, readonly string[]>,
): { secrets: string[]; verbs: Set<string> } {
  const readable: string[] = [];
  const verbs = new Set<string>();
  for (const [namespace, names] of secrets) {
    if (binding.namespace !== '' && binding.namespace !== namespace) continue;
    for (const name of names) {
      const granted = allowedVerbs(rbac, binding, READ_VERBS, {
        resource: 'secrets',
        apiGroup: '',
        namespace,
        name,
      });
      if (granted.length === 0) continue;
      readable.push(`${namespace}/${name}`);
      granted.forEach((verb) => verbs.add(verb));
    }
  }
  return { secrets: readable, verbs };
}

const MAX_LISTED = 5;

function listed(secrets: readonly string[]): string {
  const shown = secrets.slice(0, MAX_LISTED).join(', ');
  return secrets.length > MAX_LISTED ? `${shown} and ${secrets.length - MAX_LISTED} more` : shown;
}

export default defineRule({
  id: 'rbac-tls-secret-read-broad',
  severity: 'warning',
  category: 'rbac',
  preset: 'recommended',
  docs: {
    summary:
      'A subject other than the ingress controller (or a Kubernetes system identity) may get, list or watch Secrets in a namespace holding an Ingress TLS Secret — or Secrets in every namespace — and so read the private keys; "controller" and "system" are defined in src/rbac/identities.ts.',
    remediation:
      'Keep TLS Secrets in namespaces whose Secret readers are the controller alone, and narrow other grants with resourceNames to the Secrets they need (list and watch cannot be narrowed that way).',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets',
      'https://kubernetes.io/docs/concepts/configuration/secret/#information-security-for-secrets',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
    ],
  },
  messages: {
    clusterWide:
      '{{subject}} may {{verbs}} Secrets in every namespace through {{role}}, the private keys of {{count}} Ingress TLS Secret(s) included.',
    namespaced:
      '{{subject}} may {{verbs}} the Ingress TLS Secret(s) {{secrets}} through {{role}}: private keys included.',
  },
  needs: ['Ingress'],
  needsAnyOf: RBAC_BINDING_KINDS,
  options,
  create({ model, options: { controllers }, report }) {
    const rbac = rbacOf(model);
    const controllerSet = controllerIdentities(model, controllers);
    // Made when the first binding is judged, not in `create`: a watch reviewing a change to one
    // Ingress creates every rule, and most changes never judge a binding.
    let tlsSecrets: { byNamespace: Map<string, string[]>; total: number } | undefined;
    const judge = (resource: Resource): void => {
      const binding = rbac.binding(resource);
      if (!binding?.role) return;
      if (!tlsSecrets) {
        const byNamespace = tlsSecretsByNamespace(model);
        tlsSecrets = {
          byNamespace,
          total: [...byNamespace.values()].reduce((sum, names) => sum + names.length, 0),
        };
      }
      const { byNamespace: secrets, total } = tlsSecrets;
      const inScope =
        binding.namespace === ''
          ? [...secrets.keys()]
          : secrets.has(binding.namespace)
            ? [binding.namespace]
            : [];
      if (inScope.length === 0) return;
      // Without a name: list and watch of the whole collection, or get of any Secret.
      const unrestricted = allowedVerbs(rbac, binding, READ_VERBS, {
        resource: 'secrets',
        apiGroup: '',
        namespace: inScope[0] ?? '',
      });
      const named = unrestricted.length > 0 ? undefined : namedSecretsReadable(rbac, binding, secrets);
      if (unrestricted.length === 0 && !named?.secrets.length) return;
      eachSubject(binding, (subject, index) => {
        if (isSystemSubject(subject) || isController(subject, controllerSet)) return;
        const { path, data, related } = subjectFinding(binding, subject, index);
        if (named) {
          const verbs = READ_VERBS.filter((v) => named.verbs.has(v)).join('/');
          report({
            path,
            messageId: 'namespaced',
            data: { ...data, verbs, secrets: listed(named.secrets) },
            related,
          });
        } else if (binding.namespace === '') {
          report({
            path,
            messageId: 'clusterWide',
            data: { ...data, verbs: unrestricted.join('/'), count: total },
            related,
          });
        } else {
          const inNamespace = (secrets.get(binding.namespace) ?? []).map(
            (name) => `${binding.namespace}/${name}`,
          );
          report({
            path,
            messageId: 'namespaced',
            data: { ...data, verbs: unrestricted.join('/'), secrets: listed(inNamespace) },
            related,
          });
        }
      });
    };
    return { ...protects('Ingress'), ClusterRoleBinding: judge, RoleBinding: judge };
  },
});
