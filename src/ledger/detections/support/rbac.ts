/** Whether a Role's rules grant writes on ingress objects, with the semantics of the RBAC authorizer. */
import { asArray, asObject, asString, type JsonObject } from '../../../model/resource.ts';
import type { RoleRules } from '../detection.ts';
import { GATEWAY_GROUP, NETWORKING_GROUP, ROUTE_RESOURCES } from './objects.ts';

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const TARGETS: readonly { readonly group: string; readonly resources: readonly string[] }[] = [
  { group: NETWORKING_GROUP, resources: ['ingresses', 'ingressclasses'] },
  { group: 'extensions', resources: ['ingresses'] },
  { group: GATEWAY_GROUP, resources: ['gateways', 'gatewayclasses', 'referencegrants', ...ROUTE_RESOURCES] },
];

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** `networking.k8s.io/ingresses: create, patch` for each ingress resource the rules let one write. */
export function ingressWriteGrants(rules: readonly JsonObject[]): string[] {
  const grants = new Map<string, Set<string>>();
  for (const rule of rules) {
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources);
    const verbs = strings(rule.verbs);
    // A rule limited to resourceNames still grants writes, on those objects: it counts.
    const writeVerbs = verbs.includes('*') ? ['*'] : WRITE_VERBS.filter((verb) => verbs.includes(verb));
    if (writeVerbs.length === 0) continue;
    for (const target of TARGETS) {
      if (!groups.includes('*') && !groups.includes(target.group)) continue;
      for (const resource of target.resources) {
        if (!resources.includes('*') && !resources.includes(resource)) continue;
        const key = `${target.group}/${resource}`;
        let set = grants.get(key);
        if (!set) grants.set(key, (set = new Set()));
        for (const verb of writeVerbs) set.add(verb);
      }
    }
  }
  return [...grants].map(([key, verbs]) => `${key}: ${[...verbs].join(', ')}`);
}

export function rulesOf(state: JsonObject): JsonObject[] {
  return asArray(state.rules).map(asObject);
}

/**
 * The default ClusterRoles that grant ingress writes (kube-apiserver's bootstrap policy): cluster-admin
 * on everything, admin and edit on Ingresses (networking.k8s.io), so a binding to them can be judged
 * without the ClusterRole in the ledger.
 */
export function builtInClusterRole(name: string): RoleRules | undefined {
  const ingressWrite = {
    apiGroups: [NETWORKING_GROUP, 'extensions'],
    resources: ['ingresses'],
    verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
  };
  const rules: Record<string, JsonObject[]> = {
    'cluster-admin': [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    admin: [ingressWrite],
    edit: [ingressWrite],
  };
  const found = rules[name];
  return found ? { kind: 'ClusterRole', namespace: null, name, rules: found, source: 'built-in' } : undefined;
}

export interface RoleRef {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
}

export function roleRefOf(binding: JsonObject): RoleRef | undefined {
  const ref = asObject(binding.roleRef);
  const kind = asString(ref.kind);
  const name = asString(ref.name);
  if ((kind !== 'Role' && kind !== 'ClusterRole') || !name) return undefined;
  return { kind, name };
}

/** `User alice`, `Group dev-team`, `ServiceAccount ci/deployer`. */
export function subjectsOf(binding: JsonObject): string[] {
  return asArray(binding.subjects).map((value) => {
    const subject = asObject(value);
    const kind = asString(subject.kind) ?? '?';
    const name = asString(subject.name) ?? '?';
    const namespace = asString(subject.namespace);
    return kind === 'ServiceAccount' && namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
  });
}
