/**
 * What a rule read while reviewing an object, observed rather than declared: the model handed to the
 * rules is wrapped so every lookup (`get`, `list`, `secret`, `classOf`, `workloads`…) is recorded as a
 * dependency key. The incremental reviewer (incremental.ts) indexes them the other way round — key →
 * objects whose review read it — and so knows, for any change, which reviews it can alter: the
 * Ingresses that read a Service, the controller that read its ConfigMap, the rules that compared an
 * object with every Ingress. Nothing here names a rule: a new rule's dependencies are found the same way.
 *
 * Keys: `Kind/namespace/name` (one object; namespace '' for cluster-scoped kinds), `Kind/namespace/*`
 * (every object of a kind in a namespace), `Kind/*` (every object of a kind), `namespaces` (the set of
 * namespaces) and `*` (anything: a model member this file does not know).
 */
import { DerivedData, type Model } from '../model/model.ts';
import { WORKLOAD_KINDS } from '../model/workloads.ts';
import { keyOf, type Resource } from '../model/resource.ts';
import type { IngressView } from '../model/ingress.ts';

export const ANY = '*';
export const NAMESPACES = 'namespaces';

/** `kind/namespace/name`, a flat string (see model/resource.ts keyOf): the reviewer keeps many. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return keyOf(kind, namespace, name);
}

/** Keys of stored objects, made once per object: every rule's visit of every object asks for it. */
const resourceKeys = new WeakMap<object, string>();

export function keyOfResource(resource: Pick<Resource, 'kind' | 'namespace' | 'name'>): string {
  let key = resourceKeys.get(resource);
  if (key === undefined)
    resourceKeys.set(resource, (key = objectKey(resource.kind, resource.namespace, resource.name)));
  return key;
}

/** The dependency keys a change to this object matches. */
export function keysMatchedBy(kind: string, namespace: string, name: string): string[] {
  return [objectKey(kind, namespace, name), `${kind}/${namespace}/*`, `${kind}/*`, ANY];
}

/**
 * Kinds the model layer reads into indexes built once per model and shared by every object a rule
 * visits (rbac/authorizer.ts `rbacOf`, model/gateway-api.ts `indexOf`): a lookup of one of them is
 * observed only while the index is built, on whichever object came first, so it is the rule's.
 */
const INDEXED_KINDS = new Set([
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'GatewayClass',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'ReferenceGrant',
]);

/**
 * A key recorded per rule, not per object (see incremental.ts): one naming more than one object, or an
 * object of an indexed kind.
 */
export function isBroadKey(key: string): boolean {
  if (key === ANY || key === NAMESPACES || /^[^/]+\/\*$/.test(key)) return true;
  return INDEXED_KINDS.has(key.slice(0, key.indexOf('/')));
}

function workloadKeys(namespace: string | undefined): string[] {
  return WORKLOAD_KINDS.map((kind) => (namespace === undefined ? `${kind}/*` : `${kind}/${namespace}/*`));
}

type Recorder = (key: string) => void;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The keys a call of a Model member reads; ANY for members not listed (safe: it matches every change). */
function keysOfCall(member: string, args: readonly unknown[]): readonly string[] {
  switch (member) {
    case 'get':
      return [objectKey(text(args[0]), text(args[1]), text(args[2]))];
    case 'list':
      return [args[1] === undefined ? `${text(args[0])}/*` : `${text(args[0])}/${text(args[1])}/*`];
    case 'secret':
      return [objectKey('Secret', text(args[0]), text(args[1]))];
    case 'ingress': {
      const resource = args[0] as Resource;
      return [keyOfResource(resource)];
    }
    case 'ingresses':
      return ['Ingress/*'];
    case 'ingressClasses':
    case 'defaultIngressClasses':
    case 'classOf':
      return ['IngressClass/*'];
    case 'workloads':
      return workloadKeys(args[0] as string | undefined);
    case 'workloadsOfService':
      return workloadKeys((args[0] as Resource).namespace);
    case 'nginxControllers':
      return [...workloadKeys(undefined), 'ConfigMap/*'];
    case 'namespaces':
      return [NAMESPACES];
    case 'whyUnknown':
      // Which kinds are unreadable is fixed for the life of a watch (a relist starts over).
      return [];
    default:
      return [ANY];
  }
}

export interface RecordingOptions {
  /**
   * What the engine visits (`model.resources` read outside a rule); the whole model when omitted. A
   * rule reading `model.resources` gets every object, and depends on any change.
   */
  readonly visit?: readonly Resource[];
  /** Whether a rule is running now (its reads of `resources` are lookups, not the engine's loop). */
  readonly inRule?: () => boolean;
  /** Replaces the Ingress kind with this subset (collective rules over a scope; see peers.ts). */
  readonly ingressScope?: readonly Resource[];
}

/**
 * `model` as the rules see it, with every lookup passed to `record`. Members are answered by the real
 * model (its caches included); only `resources` — what the engine iterates — may be narrowed.
 */
export function recordingModel(model: Model, record: Recorder, options: RecordingOptions = {}): Model {
  const scope = options.ingressScope;
  const scopedIngresses = (namespace: string | undefined): readonly Resource[] =>
    scope === undefined
      ? model.list('Ingress', namespace)
      : namespace === undefined
        ? scope
        : scope.filter((resource) => resource.namespace === namespace);
  const wrappers = new Map<string, unknown>();
  // What a rule derives from the model (a route table, an index: Model.derived) is built from this
  // view, so that the lookups made building it are recorded, and kept per view.
  const built = new DerivedData();
  const derived = <T>(build: (model: Model) => T): T => built.of(view, build);
  const view = new Proxy(model, {
    get(target, property, receiver) {
      if (property === 'derived') return derived;
      if (property === 'resources') {
        if (options.inRule?.()) {
          record(ANY);
          return target.resources;
        }
        return options.visit ?? target.resources;
      }
      if (typeof property !== 'string') return Reflect.get(target, property, receiver) as unknown;
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') {
        if (property !== 'mode') record(ANY);
        return value;
      }
      let wrapper = wrappers.get(property);
      if (wrapper === undefined) {
        const method = value as (...args: unknown[]) => unknown;
        wrapper = (...args: unknown[]): unknown => {
          for (const key of keysOfCall(property, args)) record(key);
          if (scope !== undefined) {
            if (property === 'ingresses') return scopedIngresses(undefined).map((r) => target.ingress(r));
            if (property === 'list' && args[0] === 'Ingress')
              return scopedIngresses(args[1] as string | undefined);
          }
          return method.apply(target, args);
        };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
  return view;
}

/** The Resource a visitor was called with (an IngressView for Ingresses). */
export function resourceOfSubject(subject: Resource | IngressView): Resource {
  return 'resource' in subject && !('body' in subject) ? subject.resource : (subject as Resource);
}
