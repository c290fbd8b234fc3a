/**
 * What detections share: which objects a change is about, whether it succeeded, typed views of the
 * states the ledger recorded, and diff paths worth showing.
 */
import { viewIngress, type IngressView } from '../../../model/ingress.ts';
import { asObject, asString, stringMap, type Json, type JsonObject } from '../../../model/resource.ts';
import { annotationPath } from '../../../model/field-path.ts';
import type { Change, ObjectRef } from '../../types.ts';
import { isDryRun } from '../../change.ts';
import type { Subject } from '../detection.ts';

export const NETWORKING_GROUP = 'networking.k8s.io';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export const ROUTE_RESOURCES: ReadonlySet<string> = new Set([
  'httproutes',
  'grpcroutes',
  'tlsroutes',
  'tcproutes',
  'udproutes',
]);
const GATEWAY_RESOURCES: ReadonlySet<string> = new Set([
  ...ROUTE_RESOURCES,
  'gatewayclasses',
  'gateways',
  'referencegrants',
]);
const BINDING_RESOURCES: ReadonlySet<string> = new Set(['rolebindings', 'clusterrolebindings']);
const ROLE_RESOURCES: ReadonlySet<string> = new Set(['roles', 'clusterroles']);

/** Ingresses of every apiVersion (extensions/v1beta1 served them too, until Kubernetes 1.22). */
export function isIngress(object: ObjectRef): boolean {
  return (
    object.resource === 'ingresses' &&
    (object.apiGroup === NETWORKING_GROUP || object.apiGroup === 'extensions')
  );
}

export function isGatewayApi(object: ObjectRef): boolean {
  return object.apiGroup === GATEWAY_GROUP && GATEWAY_RESOURCES.has(object.resource);
}

export function isRoute(object: ObjectRef): boolean {
  return object.apiGroup === GATEWAY_GROUP && ROUTE_RESOURCES.has(object.resource);
}

/** Objects that decide what is exposed: Ingresses, IngressClasses and Gateway API objects. */
export function isIngressRelated(object: ObjectRef): boolean {
  return (
    isIngress(object) ||
    (object.apiGroup === NETWORKING_GROUP && object.resource === 'ingressclasses') ||
    isGatewayApi(object)
  );
}

export function isBinding(object: ObjectRef): boolean {
  return object.apiGroup === RBAC_GROUP && BINDING_RESOURCES.has(object.resource);
}

export function isRole(object: ObjectRef): boolean {
  return object.apiGroup === RBAC_GROUP && ROLE_RESOURCES.has(object.resource);
}

export function isSecret(object: ObjectRef): boolean {
  return object.apiGroup === '' && object.resource === 'secrets';
}

export function isConfigMap(object: ObjectRef): boolean {
  return object.apiGroup === '' && object.resource === 'configmaps';
}

/** Whether a detection of that subject looks at the change at all (the runner's cheap first filter). */
export function concerns(subject: Subject, change: Change): boolean {
  const { object } = change;
  switch (subject) {
    case 'ingresses':
      return isIngress(object) && object.subresource === null;
    case 'ingresses/status':
      return isIngress(object) && object.subresource === 'status';
    case 'gateway-api':
      return isGatewayApi(object) && object.subresource === null;
    case 'ingress-related':
      return isIngressRelated(object);
    case 'tracked':
      return true;
    case 'secrets':
      return isSecret(object);
    case 'rbac':
      return isBinding(object) || isRole(object);
    case 'configmaps':
      return isConfigMap(object);
  }
}

/** The request did what it asked: a 2xx answer, not denied, not a dry run (admission only, nothing stored). */
export function succeeded(change: Change): boolean {
  const { code, denied } = change.outcome;
  return !denied && code !== null && code >= 200 && code < 300 && !isDryRun(change.requestURI);
}

/** A successful write of the object itself (not a subresource such as status). */
export function isSuccessfulWrite(change: Change): boolean {
  return change.write && succeeded(change) && change.object.subresource === null;
}

export function isCreate(change: Change): boolean {
  return change.verb === 'create' && isSuccessfulWrite(change);
}

/** An update or patch of an object whose previous and new versions are both known. */
export function isModification(
  change: Change,
): change is Change & { previous: JsonObject; state: JsonObject } {
  return (
    (change.verb === 'update' || change.verb === 'patch') &&
    isSuccessfulWrite(change) &&
    change.previous !== null &&
    change.state !== null
  );
}

/** The state before a create is "nothing"; before an update it is the ledger's previous version. */
export function stateBefore(change: Change): JsonObject | undefined {
  return change.verb === 'create' ? undefined : (change.previous ?? undefined);
}

// Views of a state are built once: every detection of a change looks at the same two states, and a
// change's state is the next change's previous one. States are records, never mutated.
const ingressViews = new WeakMap<JsonObject, { readonly object: ObjectRef; readonly view: IngressView }>();
const annotationDiffs = new WeakMap<
  JsonObject,
  { readonly before: JsonObject | undefined; readonly changes: AnnotationChange[] }
>();

export function ingressView(change: Change, state: JsonObject): IngressView {
  const { object } = change;
  const known = ingressViews.get(state);
  if (known !== undefined && sameFallback(known.object, object)) return known.view;
  const metadata = asObject(state.metadata);
  const view = viewIngress({
    apiVersion: asString(state.apiVersion) ?? `${object.apiGroup}/${object.apiVersion}`,
    kind: 'Ingress',
    namespace: asString(metadata.namespace) ?? object.namespace ?? '',
    name: asString(metadata.name) ?? object.name,
    body: state,
  });
  ingressViews.set(state, { object, view });
  return view;
}

/** Whether two changes' objects give a view the same values where the state lacks them. */
function sameFallback(a: ObjectRef, b: ObjectRef): boolean {
  return (
    a === b ||
    (a.apiGroup === b.apiGroup &&
      a.apiVersion === b.apiVersion &&
      a.namespace === b.namespace &&
      a.name === b.name)
  );
}

export function annotationsOf(state: JsonObject | undefined): Record<string, string> {
  return state ? stringMap(asObject(state.metadata).annotations) : {};
}

export function labelsOf(state: JsonObject | undefined): Record<string, string> {
  return state ? stringMap(asObject(state.metadata).labels) : {};
}

export interface AnnotationChange {
  readonly key: string;
  readonly path: string;
  readonly old: string | undefined;
  readonly new: string | undefined;
}

/** Annotations that appeared, changed value or disappeared between two states. */
export function annotationChanges(
  before: JsonObject | undefined,
  after: JsonObject | undefined,
): readonly AnnotationChange[] {
  const known = after === undefined ? undefined : annotationDiffs.get(after);
  if (known !== undefined && known.before === before) return known.changes;
  const old = annotationsOf(before);
  const next = annotationsOf(after);
  const changes: AnnotationChange[] = [];
  for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) {
    if (old[key] !== next[key])
      changes.push({ key, path: annotationPath(key), old: old[key], new: next[key] });
  }
  changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (after !== undefined) annotationDiffs.set(after, { before, changes });
  return changes;
}

/** A value for `details`: long values (snippets) are cut, so one alert stays small. */
export function detailValue(value: string | undefined, max = 500): Json {
  if (value === undefined) return null;
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** `Ingress shop/web`, `ClusterRole edit`. */
export function objectLabel(object: ObjectRef): string {
  const name = object.name || `(all ${object.resource})`;
  return `${object.kind} ${object.namespace ? `${object.namespace}/${name}` : name}`;
}
