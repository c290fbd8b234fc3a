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
}

/** How a model differs from the one it is derived from (see Model.derive). */
interface Derivation {
  readonly base: Model;
  readonly upserts: readonly Resource[];
  readonly removals: readonly ObjectRef[];
}

export class Model {
  readonly resources: readonly Resource[];
  readonly mode: 'files' | 'cluster';
  /**
   * kind → namespace → name → object. Nested maps rather than one map of `kind/namespace/name` strings:
   * rules look objects up for every backend and TLS entry, and building and hashing a key string for
   * each lookup was one of the hottest spots of a scan.
   */
  private readonly byKey = new Map<string, Map<string, Map<string, Resource>>>();
  private readonly byKind = new Map<string, Resource[]>();
  private readonly unreadable: ReadonlyMap<string, string>;
  private readonly fallbackController: ControllerType | undefined;
  private ingressViews: Map<Resource, IngressView> | WeakMap<Resource, IngressView> | undefined;
  private classViews: Map<string, IngressClassView> | undefined;
  /** defaultIngressClasses() as classOf reads it: computed once, not once per Ingress. */
  private defaultClassViews: readonly IngressClassView[] | undefined;
  private resolutions = new Map<Resource, ClassResolution>();
  private workloadViews: WorkloadView[] | undefined;
  // Not named like the method: a class field would shadow it on every instance.
  private nginxControllerViews: NginxControllerView[] | undefined;

  private readonly options: ModelOptions;

  constructor(resources: readonly Resource[], options: ModelOptions = {}, derivation?: Derivation) {
    this.resources = resources;
    this.options = options;
    this.mode = options.mode ?? 'files';
    this.unreadable = options.unreadableKinds ?? new Map();
    this.fallbackController = options.fallbackController;
    this.ingressViews = options.ingressViewCache;
    if (derivation) {
      this.deriveIndexes(derivation);
      return;
    }
    for (const resource of resources) {
      let namespaces = this.byKey.get(resource.kind);
      if (!namespaces) this.byKey.set(resource.kind, (namespaces = new Map<string, Map<string, Resource>>()));
      let names = namespaces.get(resource.namespace);
      if (!names) namespaces.set(resource.namespace, (names = new Map<string, Resource>()));
      names.set(resource.name, resource);
      let list = this.byKind.get(resource.kind);
      if (!list) this.byKind.set(resource.kind, (list = []));
      list.push(resource);
    }
  }

  /**
   * The model of `resources`, which are this model's objects with `upserts` stored (replacing the
   * objects of the same kind, namespace and name) and `removals` gone — as `new Model(resources)` would
   * index them, in less time: the indexes of kinds nothing changed in are shared with this model (no
   * model ever changes its indexes), and only the namespaces that changed are copied. For the watch,
   * which makes a model per change of a large cluster. Views are computed afresh, when asked for.
   */
  derive(
    resources: readonly Resource[],
    upserts: readonly Resource[],
    removals: readonly ObjectRef[],
  ): Model {
    return new Model(resources, this.options, { base: this, upserts, removals });
  }

  private deriveIndexes({ base, upserts, removals }: Derivation): void {
    const changedKinds = new Set([...upserts, ...removals].map((ref) => ref.kind));
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
      let list = [...(base.byKind.get(kind) ?? [])];
      for (const removal of removals) {
        if (removal.kind !== kind) continue;
        const gone = names(removal.namespace).get(removal.name);
        names(removal.namespace).delete(removal.name);
        if (gone) list = list.filter((resource) => resource !== gone);
      }
      for (const upsert of upserts) {
        if (upsert.kind !== kind) continue;
        const inNamespace = names(upsert.namespace);
        const previous = inNamespace.get(upsert.name);
        inNamespace.set(upsert.name, upsert);
        const index = previous ? list.indexOf(previous) : -1;
        if (index >= 0) list[index] = upsert;
        else list.push(upsert);
      }
      for (const namespace of copied) if (namespaces.get(namespace)?.size === 0) namespaces.delete(namespace);
      if (namespaces.size > 0) this.byKey.set(kind, namespaces);
      if (list.length > 0) this.byKind.set(kind, list);
    }
  }

  get(kind: string, namespace: string, name: string): Resource | undefined {
    return this.byKey.get(kind)?.get(namespace)?.get(name);
  }

  list(kind: string, namespace?: string): readonly Resource[] {
    const all = this.byKind.get(kind) ?? [];
    return namespace === undefined ? all : all.filter((r) => r.namespace === namespace);
  }

  /**
   * Whether absence of an object of `kind` is a fact. Undefined means it is, otherwise the reason
   * why it is not (kind unreadable, or not present in the files at all).
   */
  whyUnknown(kind: string): string | undefined {
    const reason = this.unreadable.get(kind);
    if (reason !== undefined) return reason;
    if (this.mode === 'files' && !this.byKind.has(kind)) return `the input contains no ${kind}`;
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
    return [...new Set(this.resources.map((r) => r.namespace).filter((ns) => ns !== ''))].sort();
  }
}
