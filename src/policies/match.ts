/**
 * Which objects a policy applies to, and what its expressions see: ValidatingAdmissionPolicy's
 * matchConstraints / matchResources (resource rules, namespace and object selectors), gatewatch's
 * simpler `match:` for config policies, and the admission-like bindings (`object`, `oldObject`,
 * `namespaceObject`, `request`) of an object reviewed offline, where every object is as if created.
 */
import type { CelInput } from '@bufbuild/cel';
import { asArray, asObject, asString, stringMap, type JsonObject, type Resource } from '../model/resource.ts';
import { isNamespaced } from '../model/kinds.ts';
import type { Model } from '../model/model.ts';
import { selectorMatches } from '../model/workloads.ts';
import { globMatches } from '../engine/suppressions.ts';
import { toCel, type Activation } from './cel.ts';

export function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The resource name of a kind as the API serves it: `Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`. */
export function resourceOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** Labels of the object's Namespace; without it, the label the API server sets on every namespace. */
function namespaceLabels(model: Model, namespace: string): Record<string, string> {
  const object = model.get('Namespace', '', namespace);
  return object
    ? stringMap(asObject(object.body.metadata).labels)
    : { 'kubernetes.io/metadata.name': namespace };
}

function labelsOf(resource: Resource): Record<string, string> {
  return stringMap(asObject(resource.body.metadata).labels);
}

function listOf(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

const anyOf = (list: readonly string[], value: string): boolean => list.includes('*') || list.includes(value);

/** One entry of `resourceRules`: API group, version, resource, operation (offline: CREATE or UPDATE), scope, name. */
function ruleMatches(rule: JsonObject, resource: Resource): boolean {
  const { group, version } = groupVersionOf(resource.apiVersion);
  const resources = listOf(rule.resources);
  const plural = resourceOf(resource.kind);
  const operations = listOf(rule.operations);
  const names = listOf(rule.resourceNames);
  const scope = asString(rule.scope) ?? '*';
  const namespaced = isNamespaced(resource.kind);
  return (
    anyOf(listOf(rule.apiGroups), group) &&
    anyOf(listOf(rule.apiVersions), version) &&
    (resources.includes('*') || resources.includes('*/*') || resources.includes(plural)) &&
    (anyOf(operations, 'CREATE') || anyOf(operations, 'UPDATE')) &&
    (names.length === 0 || names.includes(resource.name)) &&
    (scope === '*' || scope === (namespaced ? 'Namespaced' : 'Cluster'))
  );
}

/**
 * ValidatingAdmissionPolicy `matchConstraints` or a binding's `matchResources`. `requireRules`: the
 * policy's constraints must list resource rules (no rule matches nothing); a binding's may leave them out.
 */
export function matchResourcesMatches(
  constraints: unknown,
  resource: Resource,
  model: Model,
  requireRules: boolean,
): boolean {
  const match = asObject(constraints);
  const rules = asArray(match.resourceRules).map(asObject);
  if (rules.length === 0 ? requireRules : !rules.some((rule) => ruleMatches(rule, resource))) return false;
  if (asArray(match.excludeResourceRules).some((rule) => ruleMatches(asObject(rule), resource))) return false;
  if (match.objectSelector !== undefined && !selectorMatches(match.objectSelector, labelsOf(resource)))
    return false;
  if (match.namespaceSelector !== undefined) {
    // A Namespace is matched on its own labels; other cluster-scoped objects are never skipped.
    if (resource.kind === 'Namespace') return selectorMatches(match.namespaceSelector, labelsOf(resource));
    if (isNamespaced(resource.kind))
      return selectorMatches(match.namespaceSelector, namespaceLabels(model, resource.namespace));
  }
  return true;
}

/** The `match:` of a config policy. */
export interface PolicyMatch {
  readonly kinds: readonly string[];
  readonly namespaces?: readonly string[] | undefined;
  readonly excludeNamespaces?: readonly string[] | undefined;
  readonly names?: readonly string[] | undefined;
  readonly objectSelector?: unknown;
  readonly namespaceSelector?: unknown;
}

export function policyMatches(match: PolicyMatch, resource: Resource, model: Model): boolean {
  const namespaced = isNamespaced(resource.kind);
  if (
    match.namespaces &&
    !(namespaced && match.namespaces.some((p) => globMatches(p, resource.namespace, false)))
  )
    return false;
  if (namespaced && match.excludeNamespaces?.some((p) => globMatches(p, resource.namespace, false)))
    return false;
  if (match.names && !match.names.some((p) => globMatches(p, resource.name, false))) return false;
  if (match.objectSelector !== undefined && !selectorMatches(match.objectSelector, labelsOf(resource)))
    return false;
  if (
    match.namespaceSelector !== undefined &&
    namespaced &&
    !selectorMatches(match.namespaceSelector, namespaceLabels(model, resource.namespace))
  )
    return false;
  return true;
}

/**
 * What Kubernetes binds for a CREATE of `resource`: no `oldObject`, `namespaceObject` from the model
 * (null when the input has no such Namespace, or for cluster-scoped objects), a minimal `request`.
 */
export function activationFor(resource: Resource, model: Model, params: CelInput): Activation {
  const { group, version } = groupVersionOf(resource.apiVersion);
  const namespace = isNamespaced(resource.kind) ? model.get('Namespace', '', resource.namespace) : undefined;
  const kind = { group, version, kind: resource.kind };
  const gvr = { group, version, resource: resourceOf(resource.kind) };
  return {
    object: toCel(resource.body),
    oldObject: null,
    namespaceObject: namespace ? toCel(namespace.body) : null,
    params,
    request: toCel({
      kind,
      resource: gvr,
      subResource: '',
      requestKind: kind,
      requestResource: gvr,
      name: resource.name,
      namespace: resource.namespace,
      operation: 'CREATE',
      userInfo: { username: '', groups: [] },
      dryRun: true,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    }),
  };
}
