/**
 * An in-memory ClusterReader for unit tests of everything above the port (the cluster source, the scan
 * pipeline, the CLI). It answers like a well-behaved API server: objects by kind and namespace, field
 * selectors on `type` / `metadata.name` / `metadata.namespace`, 403s and absent kinds on demand.
 *
 * For watch and leader-election tests it is also mutable: `apply` / `remove` bump a resourceVersion and
 * append to a change log that `watch` replays and then follows; `compact()` makes older versions answer
 * 410 Gone; `dropWatches()` ends every open stream (a dropped connection); Leases follow the API server's
 * optimistic concurrency (409 on a stale resourceVersion).
 */
import { asObject, asString, type JsonObject } from '../../model/resource.ts';
import {
  apiVersionOf,
  type AccessAnswer,
  type AccessQuestion,
  type ClusterReader,
  type Discovery,
  type Identity,
  type KindDiscovery,
  type Lease,
  type LeaseApi,
  type LeaseOutcome,
  type ListOutcome,
  type ListRequest,
  type ServedKind,
  type WantedKind,
  type WatchEvent,
  type WatchRequest,
} from './port.ts';
import { EventQueue } from './event-queue.ts';

/** The resources of a typical cluster with Gateway API and Traefik CRDs installed (plural names as served). */
export const STANDARD_RESOURCES: readonly ServedKind[] = [
  core('Namespace', 'namespaces', false),
  core('Service', 'services'),
  core('Secret', 'secrets'),
  core('ConfigMap', 'configmaps'),
  core('Pod', 'pods'),
  core('ServiceAccount', 'serviceaccounts'),
  of('apps', 'v1', 'Deployment', 'deployments'),
  of('apps', 'v1', 'DaemonSet', 'daemonsets'),
  of('apps', 'v1', 'StatefulSet', 'statefulsets'),
  of('networking.k8s.io', 'v1', 'Ingress', 'ingresses'),
  of('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  of('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'),
  of('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  of('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  of('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  of('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  of(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    false,
  ),
  of('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false),
  of(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicyBinding',
    'validatingadmissionpolicybindings',
    false,
  ),
];

/** Gateway API CRDs (standard + experimental channel), absent unless installed. */
export const GATEWAY_API_RESOURCES: readonly ServedKind[] = [
  of('gateway.networking.k8s.io', 'v1', 'GatewayClass', 'gatewayclasses', false),
  of('gateway.networking.k8s.io', 'v1', 'Gateway', 'gateways'),
  of('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes'),
  of('gateway.networking.k8s.io', 'v1', 'GRPCRoute', 'grpcroutes'),
  of('gateway.networking.k8s.io', 'v1', 'ReferenceGrant', 'referencegrants'),
  of('gateway.networking.k8s.io', 'v1beta1', 'ReferenceGrant', 'referencegrants'),
  of('gateway.networking.k8s.io', 'v1alpha2', 'TLSRoute', 'tlsroutes'),
];

export const TRAEFIK_RESOURCES: readonly ServedKind[] = [
  of('traefik.io', 'v1alpha1', 'Middleware', 'middlewares'),
];

function core(kind: string, resource: string, namespaced = true): ServedKind {
  return { kind, group: '', version: 'v1', resource, namespaced };
}

function of(group: string, version: string, kind: string, resource: string, namespaced = true): ServedKind {
  return { kind, group, version, resource, namespaced };
}

export interface FakeClusterOptions {
  /** Complete objects (with apiVersion and kind), as `kubectl get -o json` shows them. */
  readonly objects: readonly JsonObject[];
  /** What the server serves. Default: STANDARD_RESOURCES (no CRDs). */
  readonly served?: readonly ServedKind[];
  /** Kinds whose list answers 403 with this message. */
  readonly forbidden?: Readonly<Record<string, string>>;
  /** Kinds whose list fails with this message (a timeout, a 500). */
  readonly failing?: Readonly<Record<string, string>>;
  /** The whole server cannot be reached: discovery fails with this message. */
  readonly unreachable?: string;
  readonly identity?: { readonly username: string; readonly groups: readonly string[] };
  readonly review?: (question: AccessQuestion) => AccessAnswer;
}

interface FakeChange {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly resourceVersion: number;
  readonly object: JsonObject;
}

export class FakeClusterReader implements ClusterReader, LeaseApi {
  readonly target = 'fake (in memory)';
  /** Every list request, for assertions (namespace, field selector). */
  readonly lists: ListRequest[] = [];
  /** Every watch request, for assertions (the resourceVersion it resumed from). */
  readonly watches: WatchRequest[] = [];
  private readonly options: FakeClusterOptions;
  private readonly served: readonly ServedKind[];
  private objects: JsonObject[];
  private version = 1;
  private readonly changes: FakeChange[] = [];
  /** Versions at or below this answer 410 Gone to a watch (compacted away); -1: nothing compacted. */
  private compactedThrough = -1;
  private readonly streams = new Set<{ queue: EventQueue<WatchEvent>; deliver: (c: FakeChange) => void }>();
  private readonly leases = new Map<string, Lease>();

  constructor(options: FakeClusterOptions) {
    this.options = options;
    this.served = options.served ?? STANDARD_RESOURCES;
    this.objects = options.objects.map((object) => this.stamp(object));
  }

  /** The current resourceVersion (that of the last change). */
  get resourceVersion(): string {
    return String(this.version);
  }

  /** Creates or replaces an object (matched by kind, namespace and name) and tells the watches. */
  apply(object: JsonObject): void {
    const index = this.objects.findIndex((o) => sameObject(o, object));
    this.version++;
    const stored = this.stamp(object);
    if (index >= 0) this.objects[index] = stored;
    else this.objects.push(stored);
    this.record({ type: index >= 0 ? 'MODIFIED' : 'ADDED', resourceVersion: this.version, object: stored });
  }

  remove(kind: string, namespace: string, name: string): void {
    const index = this.objects.findIndex(
      (o) =>
        o.kind === kind &&
        (namespaceOf(o) ?? '') === namespace &&
        asString(asObject(o.metadata).name) === name,
    );
    const [removed] = index >= 0 ? this.objects.splice(index, 1) : [];
    if (!removed) return;
    this.version++;
    this.record({ type: 'DELETED', resourceVersion: this.version, object: this.stamp(removed) });
  }

  /** Forget the history: a watch from any version up to now answers 410 Gone (a long disconnection). */
  compact(): void {
    this.compactedThrough = this.version;
    this.changes.length = 0;
  }

  /** Ends every open watch stream without an event, as a dropped connection does. */
  dropWatches(): void {
    for (const stream of this.streams) stream.queue.end();
    this.streams.clear();
  }

  private stamp(object: JsonObject): JsonObject {
    const metadata = asObject(object.metadata);
    return { ...object, metadata: { ...metadata, resourceVersion: String(this.version) } };
  }

  private record(change: FakeChange): void {
    this.changes.push(change);
    for (const stream of this.streams) stream.deliver(change);
  }

  discover(wanted: readonly WantedKind[]): Promise<Discovery> {
    if (this.options.unreachable !== undefined)
      return Promise.resolve({ status: 'error', message: this.options.unreachable });
    const kinds = new Map<string, KindDiscovery>();
    for (const { kind, groups } of wanted) {
      const served = this.served.find((s) => s.kind === kind && groups.includes(s.group));
      kinds.set(kind, served ? { status: 'served', served } : { status: 'notServed' });
    }
    return Promise.resolve({ status: 'ok', kinds });
  }

  list(request: ListRequest): Promise<ListOutcome> {
    this.lists.push(request);
    const { kind } = request.served;
    const forbidden = this.options.forbidden?.[kind];
    if (forbidden !== undefined) return Promise.resolve({ status: 'forbidden', message: forbidden });
    const failing = this.options.failing?.[kind];
    if (failing !== undefined) return Promise.resolve({ status: 'error', message: failing });
    const apiVersion = apiVersionOf(request.served);
    const items = this.objects
      .filter((object) => object.kind === kind)
      .filter((object) => request.namespace === undefined || namespaceOf(object) === request.namespace)
      .filter((object) => matchesFieldSelector(object, request.fieldSelector))
      .map((object) => ({ ...object, apiVersion }));
    request.onProgress?.(items.length);
    return Promise.resolve({ status: 'ok', items, resourceVersion: this.resourceVersion });
  }

  watch(request: WatchRequest): AsyncIterable<WatchEvent> {
    this.watches.push(request);
    const queue = new EventQueue<WatchEvent>();
    const from = Number(request.resourceVersion);
    const { kind } = request.served;
    const failing = this.options.failing?.[kind];
    if (failing !== undefined) {
      queue.push({ type: 'ERROR', status: { code: 500, reason: 'InternalError', message: failing } });
      queue.end();
      return queue;
    }
    if (!Number.isFinite(from) || from <= this.compactedThrough) {
      queue.push({
        type: 'ERROR',
        status: {
          code: 410,
          reason: 'Expired',
          message: `too old resource version: ${request.resourceVersion}`,
        },
      });
      queue.end();
      return queue;
    }
    const apiVersion = apiVersionOf(request.served);
    const deliver = (change: FakeChange): void => {
      const { object } = change;
      if (change.resourceVersion <= from || object.kind !== kind) return;
      if (request.namespace !== undefined && namespaceOf(object) !== request.namespace) return;
      if (!matchesFieldSelector(object, request.fieldSelector)) return;
      queue.push({ type: change.type, object: { ...object, apiVersion } });
    };
    for (const change of this.changes) deliver(change);
    const stream = { queue, deliver };
    this.streams.add(stream);
    request.signal?.addEventListener(
      'abort',
      () => {
        this.streams.delete(stream);
        queue.end();
      },
      { once: true },
    );
    return queue;
  }

  getLease(namespace: string, name: string): Promise<LeaseOutcome> {
    const lease = this.leases.get(`${namespace}/${name}`);
    return Promise.resolve(lease ? { status: 'ok', lease } : { status: 'notFound' });
  }

  createLease(lease: Lease): Promise<LeaseOutcome> {
    const key = `${lease.namespace}/${lease.name}`;
    if (this.leases.has(key))
      return Promise.resolve({ status: 'conflict', message: `leases "${lease.name}" already exists` });
    this.version++;
    const stored = { ...lease, resourceVersion: this.resourceVersion };
    this.leases.set(key, stored);
    return Promise.resolve({ status: 'ok', lease: stored });
  }

  updateLease(lease: Lease): Promise<LeaseOutcome> {
    const key = `${lease.namespace}/${lease.name}`;
    const current = this.leases.get(key);
    if (!current) return Promise.resolve({ status: 'notFound' });
    if (current.resourceVersion !== lease.resourceVersion)
      return Promise.resolve({
        status: 'conflict',
        message: `Operation cannot be fulfilled on leases.coordination.k8s.io "${lease.name}": the object has been modified; please apply your changes to the latest version and try again`,
      });
    this.version++;
    const stored = { ...lease, resourceVersion: this.resourceVersion };
    this.leases.set(key, stored);
    return Promise.resolve({ status: 'ok', lease: stored });
  }

  whoAmI(): Promise<Identity> {
    const identity = this.options.identity ?? { username: 'fake-user', groups: ['system:authenticated'] };
    return Promise.resolve({ status: 'ok', ...identity });
  }

  review(question: AccessQuestion): Promise<AccessAnswer> {
    return Promise.resolve(
      this.options.review?.(question) ?? { status: 'ok', allowed: false, denied: false, reason: '' },
    );
  }

  close(): Promise<void> {
    this.dropWatches();
    return Promise.resolve();
  }
}

function sameObject(a: JsonObject, b: JsonObject): boolean {
  const ma = asObject(a.metadata);
  const mb = asObject(b.metadata);
  return a.kind === b.kind && ma.namespace === mb.namespace && ma.name === mb.name;
}

function namespaceOf(object: JsonObject): string | undefined {
  return asString(asObject(object.metadata).namespace);
}

/** `a=b,c!=d` on the fields API servers index for every kind, plus Secret `type`. */
export function matchesFieldSelector(object: JsonObject, selector: string | undefined): boolean {
  if (selector === undefined || selector === '') return true;
  const metadata = asObject(object.metadata);
  const fields: Record<string, string | undefined> = {
    'metadata.name': asString(metadata.name),
    'metadata.namespace': asString(metadata.namespace),
    type: asString(object.type),
  };
  return selector.split(',').every((term) => {
    const match = /^([\w.]+)(!=|==|=)(.*)$/.exec(term.trim());
    if (!match) return false;
    const [, field = '', operator, value] = match;
    const actual = fields[field] ?? '';
    return operator === '!=' ? actual !== value : actual === value;
  });
}
