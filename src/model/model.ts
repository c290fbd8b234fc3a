/**
 * The model: every object read, indexed by kind/namespace/name, with typed views computed once.
 * Pure: built from Resources, never reads files or the cluster itself.
 */
import { asObject, stringMap, type ObjectRef, type Resource } from './resource.ts';
import { viewIngress, type IngressView } from './ingress.ts';
import {
  findNginxControllers,
  resolveClass,
  viewIngressClass,
  type ClassResolution,
  type ControllerType,
  type IngressClassView,
  type NginxControllerView,
} from './controllers.ts';
import { viewWorkload, WORKLOAD_KINDS, serviceSelects, type WorkloadView } from './workloads.ts';
import { isSecretResource, type SecretResource } from './secret.ts';

export interface ModelOptions {
  /** Controller assumed when an Ingress's controller cannot be told (`--controller`). */
  readonly fallbackController?: ControllerType;
  /**
   * Kinds that could not be read at all, with the reason (a 403 from the cluster). Rules needing them
   * are "not checked".
   */
  readonly unreadableKinds?: ReadonlyMap<string, string>;
  /**
   * `files`: a kind absent from the input is unknown (rules needing it are "not checked");
   * `cluster`: every readable kind was listed, so absence is a fact.
   */
  readonly mode?: 'files' | 'cluster';
  /**
   * Ingress views to share with other models of the same objects (watch: one snapshot per change). A
   * view depends on its Resource alone, and unchanged objects are the same Resource in every snapshot.
   */
  readonly ingressViewCache?: WeakMap<Resource, IngressView>;
  /**
   * The position of each object in the order of the store the model is made from (the watch's
   * ModelStore; `resources` must be in this order): a model derived from this one then shares its
   * indexes and lists its objects only when asked (see Model.derive).
   */
  readonly order?: (resource: Resource) => number;
}

/** How a model differs from the one it is derived from (see Model.derive). */
interface Derivation {
  readonly base: Model;
  readonly upserts: readonly Resource[];
  readonly removals: readonly ObjectRef[];
}

const NO_RESOURCES: readonly Resource[] = Object.freeze([]);

/**
 * What has been built from one model (or one view of it: watch/lookups.ts), by the function that built
 * it, each built once (Model.derived).
 */
export class DerivedData {
  private readonly built = new Map<(model: Model) => unknown, unknown>();

  of<T>(model: Model, build: (model: Model) => T): T {
    if (this.built.has(build)) return this.built.get(build) as T;
    const value = build(model);
    this.built.set(build, value);
    return value;
  }
}

export class Model {
  readonly mode: 'files' | 'cluster';
  /**
   * kind → namespace → name → object. Nested maps rather than one map of `kind/namespace/name` strings:
   * rules look objects up for every backend and TLS entry, and building and hashing a key string for
   * each lookup was one of the hottest spots of a scan.
   */
  private readonly byKey = new Map<string, Map<string, Map<string, Resource>>>();
  /** kind → its objects in order; in a derived model, filled only as kinds are listed. */
  private readonly byKind = new Map<string, readonly Resource[]>();
  /** Every object in order; in a derived model, made only when asked for. */
  private everyResource: readonly Resource[] | undefined;
  private readonly unreadable: ReadonlyMap<string, string>;
  /** The controller assumed for an Ingress whose class names none (ModelOptions.fallbackController). */
  readonly fallbackController: ControllerType | undefined;
  private ingressViews: Map<Resource, IngressView> | WeakMap<Resource, IngressView> | undefined;
  private classViews: Map<string, IngressClassView> | undefined;
  /** defaultIngressClasses() as classOf reads it: computed once, not once per Ingress. */
  private defaultClassViews: readonly IngressClassView[] | undefined;
  private resolutions = new Map<Resource, ClassResolution>();
  private workloadViews: WorkloadView[] | undefined;
  // Not named like the method: a class field would shadow it on every instance.
  private nginxControllerViews: NginxControllerView[] | undefined;
  /** Position of each object in `resources`, for models not made from a store (see positionOf). */
  private positions: Map<Resource, number> | undefined;
  /** What `derived` has built for this model. */
  private derivedData: DerivedData | undefined;

  private readonly options: ModelOptions;

  constructor(resources: readonly Resource[], options: ModelOptions = {}, derivation?: Derivation) {
    this.options = options;
    this.mode = options.mode ?? 'files';
    this.unreadable = options.unreadableKinds ?? new Map();
    this.fallbackController = options.fallbackController;
    this.ingressViews = options.ingressViewCache;
    if (derivation) {
      this.deriveIndexes(derivation);
      return;
    }
    this.everyResource = resources;
    const lists = new Map<string, Resource[]>();
    for (const resource of resources) {
      let namespaces = this.byKey.get(resource.kind);
      if (!namespaces) this.byKey.set(resource.kind, (namespaces = new Map<string, Map<string, Resource>>()));
      let names = namespaces.get(resource.namespace);
      if (!names) namespaces.set(resource.namespace, (names = new Map<string, Resource>()));
      names.set(resource.name, resource);
      let list = lists.get(resource.kind);
      if (!list) lists.set(resource.kind, (list = []));
      list.push(resource);
    }
    for (const [kind, list] of lists) this.byKind.set(kind, list);
  }

  /** Every object, in input order (for a store's models: the store's order). */
  get resources(): readonly Resource[] {
    this.everyResource ??= this.inOrder([...this.byKey.keys()].flatMap((kind) => this.list(kind)));
    return this.everyResource;
  }

  /** How many objects the model holds (without listing them). */
  get size(): number {
    if (this.everyResource) return this.everyResource.length;
    let size = 0;
    for (const namespaces of this.byKey.values()) for (const names of namespaces.values()) size += names.size;
    return size;
  }

  /**
   * The model of this model's objects with `upserts` stored (replacing the objects of the same kind,
   * namespace and name) and `removals` gone — as `new Model(resources)` would index them, in far less
   * time and memory: indexes are shared with this model (no model ever changes its indexes) except
   * the namespaces that changed, which are copied, and the objects of a changed kind (and `resources`)
   * are listed only when asked for, in the store's order (ModelOptions.order, which this model must
   * have). Views of objects alone are shared through the view cache; views of a whole kind are shared
   * when nothing of that kind changed. For the watch, which makes a model per change of a large cluster.
   */
  derive(upserts: readonly Resource[], removals: readonly ObjectRef[]): Model {
    if (!this.options.order) throw new Error('only a model made with an order can be derived');
    return new Model(NO_RESOURCES, this.options, { base: this, upserts, removals });
  }

  private deriveIndexes({ base, upserts, removals }: Derivation): void {
    const order = this.options.order as (resource: Resource) => number;
    const changedKinds = new Set<string>();
    for (const ref of upserts) changedKinds.add(ref.kind);
    for (const ref of removals) changedKinds.add(ref.kind);
    for (const [kind, namespaces] of base.byKey)
      if (!changedKinds.has(kind)) this.byKey.set(kind, namespaces);
    for (const [kind, list] of base.byKind) if (!changedKinds.has(kind)) this.byKind.set(kind, list);
    for (const kind of changedKinds) {
      const namespaces = new Map(base.byKey.get(kind) ?? []);
      const copied = new Set<string>();
      const names = (namespace: string): Map<string, Resource> => {
        let map = namespaces.get(namespace);
        if (!copied.has(namespace)) {
          namespaces.set(namespace, (map = new Map(map ?? [])));
          copied.add(namespace);
        }
        return map as Map<string, Resource>;
      };
      for (const removal of removals)
        if (removal.kind === kind) names(removal.namespace).delete(removal.name);
      for (const upsert of upserts) {
        if (upsert.kind !== kind) continue;
        const inNamespace = names(upsert.namespace);
        const previous = inNamespace.get(upsert.name);
        // An object stored again after it was removed comes last in the store's order: so here too,
        // so that each namespace's map stays in that order.
        if (previous && order(previous) !== order(upsert)) inNamespace.delete(upsert.name);
        inNamespace.set(upsert.name, upsert);
      }
      for (const namespace of copied) if (namespaces.get(namespace)?.size === 0) namespaces.delete(namespace);
      if (namespaces.size > 0) this.byKey.set(kind, namespaces);
    }
    if (!changedKinds.has('IngressClass')) {
      this.classViews = base.classViews;
      this.defaultClassViews = base.defaultClassViews;
    }
    if (!WORKLOAD_KINDS.some((kind) => changedKinds.has(kind))) {
      this.workloadViews = base.workloadViews;
      if (!changedKinds.has('ConfigMap')) this.nginxControllerViews = base.nginxControllerViews;
    }
  }

  /** `resources` in the model's order (each must be one of the model's objects). */
  inOrder(resources: readonly Resource[]): Resource[] {
    const positions = new Float64Array(resources.length);
    resources.forEach((resource, i) => (positions[i] = this.positionOf(resource)));
    const indexes = Uint32Array.from(resources, (_, i) => i).sort(
      (a, b) => (positions[a] ?? 0) - (positions[b] ?? 0),
    );
    return Array.from(indexes, (i) => resources[i] as Resource);
  }

  /**
   * What `build` makes of this model (its route table, its Gateway API or RBAC index), built once and
   * kept on the model. Not in a module-level WeakMap keyed by the model: V8's young-generation
   * collection keeps a WeakMap entry's value alive whenever the entry is, and these values refer back
   * to their model, so a model made per admission request would survive every scavenge with all it
   * holds (promoted to the old generation until the next full collection — the latency spikes of
   * `serve`). Kept here, they die with their model.
   *
   * `reads`: the kinds `build` reads, when it reads only some. A model reviewing one object against a
   * cluster model (ScopedModel) then takes the cluster model's data, built once, unless it scopes one
   * of those kinds. Omitted: `build` may read anything, and every model builds its own.
   */
  derived<T>(build: (model: Model) => T, reads?: readonly string[]): T;
  derived<T>(build: (model: Model) => T): T {
    this.derivedData ??= new DerivedData();
    return this.derivedData.of(this, build);
  }

  /** The position of one of the model's objects in its order (the store's, or that of `resources`). */
  positionOf(resource: Resource): number {
    const { order } = this.options;
    if (order) return order(resource);
    this.positions ??= new Map(this.resources.map((r, i) => [r, i]));
    return this.positions.get(resource) ?? Number.MAX_SAFE_INTEGER;
  }

  get(kind: string, namespace: string, name: string): Resource | undefined {
    return this.byKey.get(kind)?.get(namespace)?.get(name);
  }

  list(kind: string, namespace?: string): readonly Resource[] {
    if (namespace !== undefined && this.options.order) {
      // A store's namespace maps are in its order, and keys are unique: the namespace's map is the list.
      const names = this.byKey.get(kind)?.get(namespace);
      return names ? [...names.values()] : NO_RESOURCES;
    }
    let all = this.byKind.get(kind);
    if (!all) {
      const namespaces = this.byKey.get(kind);
      if (!namespaces) return NO_RESOURCES;
      all = this.inOrder([...namespaces.values()].flatMap((names) => [...names.values()]));
      this.byKind.set(kind, all);
    }
    return namespace === undefined ? all : all.filter((r) => r.namespace === namespace);
  }

  /** The first object of `kind` in the model's order, without listing them all (see derive). */
  firstOf(kind: string): Resource | undefined {
    const listed = this.byKind.get(kind);
    if (listed || !this.options.order) return (listed ?? this.list(kind))[0];
    let first: Resource | undefined;
    for (const names of this.byKey.get(kind)?.values() ?? []) {
      // Each namespace's map is in the store's order: its first object is its earliest.
      const [head] = names.values();
      if (head && (!first || this.positionOf(head) < this.positionOf(first))) first = head;
    }
    return first;
  }

  /**
   * Whether absence of an object of `kind` is a fact. Undefined means it is, otherwise the reason
   * why it is not (kind unreadable, or not present in the files at all).
   */
  whyUnknown(kind: string): string | undefined {
    const reason = this.unreadable.get(kind);
    if (reason !== undefined) return reason;
    if (this.mode === 'files' && !this.byKey.has(kind)) return `the input contains no ${kind}`;
    return undefined;
  }

  secret(namespace: string, name: string): SecretResource | undefined {
    const resource = this.get('Secret', namespace, name);
    return resource && isSecretResource(resource) ? resource : undefined;
  }

  ingress(resource: Resource): IngressView {
    this.ingressViews ??= new Map();
    let view = this.ingressViews.get(resource);
    if (!view) this.ingressViews.set(resource, (view = viewIngress(resource)));
    return view;
  }

  ingresses(): IngressView[] {
    return this.list('Ingress').map((r) => this.ingress(r));
  }

  ingressClasses(): Map<string, IngressClassView> {
    this.classViews ??= new Map(this.list('IngressClass').map((r) => [r.name, viewIngressClass(r)]));
    return this.classViews;
  }

  defaultIngressClasses(): IngressClassView[] {
    return [...this.ingressClasses().values()]
      .filter((c) => c.isDefault)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  classOf(ingress: IngressView): ClassResolution {
    let resolution = this.resolutions.get(ingress.resource);
    if (!resolution) {
      resolution = resolveClass(
        ingress,
        this.ingressClasses(),
        (this.defaultClassViews ??= this.defaultIngressClasses()),
        this.fallbackController,
      );
      this.resolutions.set(ingress.resource, resolution);
    }
    return resolution;
  }

  workloads(namespace?: string): WorkloadView[] {
    this.workloadViews ??= WORKLOAD_KINDS.flatMap((kind) => this.list(kind).map(viewWorkload));
    return namespace === undefined
      ? this.workloadViews
      : this.workloadViews.filter((w) => w.resource.namespace === namespace);
  }

  /** Workloads whose pods a Service selects. */
  workloadsOfService(service: Resource): WorkloadView[] {
    const selector = stringMap(asObject(service.body.spec).selector);
    return this.workloads(service.namespace).filter((w) => serviceSelects(selector, w.podLabels));
  }

  nginxControllers(): NginxControllerView[] {
    this.nginxControllerViews ??= findNginxControllers(this.workloads(), (ns, name) =>
      this.get('ConfigMap', ns, name),
    );
    return this.nginxControllerViews;
  }

  namespaces(): string[] {
    const namespaces = new Set<string>();
    for (const byNamespace of this.byKey.values())
      for (const namespace of byNamespace.keys()) namespaces.add(namespace);
    namespaces.delete('');
    return [...namespaces].sort();
  }
}
