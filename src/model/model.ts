/**
 * The model: every object read, indexed by kind/namespace/name, with typed views computed once.
 * Pure: built from Resources, never reads files or the cluster itself.
 */
import { asObject, stringMap, type Resource } from './resource.ts';
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
  private ingressViews: Map<Resource, IngressView> | undefined;
  private classViews: Map<string, IngressClassView> | undefined;
  /** defaultIngressClasses() as classOf reads it: computed once, not once per Ingress. */
  private defaultClassViews: readonly IngressClassView[] | undefined;
  private resolutions = new Map<Resource, ClassResolution>();
  private workloadViews: WorkloadView[] | undefined;
  // Not named like the method: a class field would shadow it on every instance.
  private nginxControllerViews: NginxControllerView[] | undefined;

  constructor(resources: readonly Resource[], options: ModelOptions = {}) {
    this.resources = resources;
    this.mode = options.mode ?? 'files';
    this.unreadable = options.unreadableKinds ?? new Map();
    this.fallbackController = options.fallbackController;
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
