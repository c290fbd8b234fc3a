/** What the RBAC rules (section H) share: request shapes, subject iteration and finding data. */
import type { Visitors } from '../engine/rule.ts';
import type { KnownKind } from '../model/kinds.ts';
import { at } from '../model/field-path.ts';
import type { ObjectRef } from '../model/resource.ts';
import { describeRole, type BindingView, type RbacIndex } from './authorizer.ts';
import type { AccessRequest } from './policy-rule.ts';
import { describeSubject, type Subject } from './subjects.ts';

export const WRITE_VERBS = ['create', 'update', 'patch', 'delete'] as const;
export const READ_VERBS = ['get', 'list', 'watch'] as const;
export const NETWORKING_GROUP = 'networking.k8s.io';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** Gateway API kinds whose writers decide routing, like Ingress writers. */
export const GATEWAY_RESOURCES = [
  'gateways',
  'httproutes',
  'grpcroutes',
  'tlsroutes',
  'tcproutes',
  'udproutes',
];

/** The section H rules need RBAC bindings: one kind at least (RoleBindings alone answer namespaced questions). */
export const RBAC_BINDING_KINDS: readonly KnownKind[] = ['RoleBinding', 'ClusterRoleBinding'];

/**
 * Visitors that do nothing, for the kinds a rule protects. The engine reports a rule "not checked" only
 * when it had objects to visit; with these, an input holding Ingresses but no RBAC objects says that
 * the RBAC question was not answered instead of passing it.
 */
export function protects(...kinds: readonly ('Ingress' | 'IngressClass')[]): Visitors {
  const visitors: Record<string, () => void> = {};
  for (const kind of kinds) visitors[kind] = noop;
  return visitors;
}

function noop(): void {
  // The protected object itself is not judged: the bindings are.
}

/** Each subject of a binding with its index, skipping entries of unknown kinds and unusable ones. */
export function eachSubject(binding: BindingView, visit: (subject: Subject, index: number) => void): void {
  binding.subjects.forEach((subject, index) => {
    if (subject && (subject.kind !== 'ServiceAccount' || subject.namespace)) visit(subject, index);
  });
}

/** The verbs among `verbs` the binding allows for the request shape. */
export function allowedVerbs(
  rbac: RbacIndex,
  binding: BindingView,
  verbs: readonly string[],
  request: Omit<AccessRequest, 'verb'>,
): string[] {
  return verbs.filter((verb) => rbac.rulesAllowing(binding, { ...request, verb }).length > 0);
}

/** Data every RBAC finding carries, and where it points: the binding's `subjects[i]`. */
export function subjectFinding(
  binding: BindingView,
  subject: Subject,
  index: number,
): { path: string; data: { subject: string; role: string }; related: ObjectRef[] } {
  const role = binding.role;
  return {
    path: at('subjects', index),
    data: {
      subject: describeSubject(subject),
      role: role
        ? describeRole(role.ref)
        : describeRole({ kind: binding.roleRef.kind, namespace: '', name: binding.roleRef.name }),
    },
    related: role && !role.builtIn ? [role.ref] : [],
  };
}

/** `namespace "shop"` or `every namespace`. */
export function scopeOf(binding: BindingView): string {
  return binding.namespace === '' ? 'every namespace' : `namespace "${binding.namespace}"`;
}
