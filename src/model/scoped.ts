/**
 * A model for reviewing one object against a large, cached cluster model without rebuilding it: the
 * admission webhook's overlay (server/admission). The object under review replaces its stored
 * version; the rules then visit only it and the objects it can interact with (its "peers"), while
 * every lookup of other kinds (Services, Secrets, workloads, ConfigMaps…) answers from the cached
 * model, whose views are computed once. Reviewing an Ingress against 10,000 others costs the work of a
 * handful of Ingresses, and the findings about the reviewed object are the ones a full scan of the
 * cluster plus that object reports (the parity test, test/server/admission-parity.test.ts, checks it
 * on every rule fixture).
 *
 * Peers are found through relations of routing, not through knowledge of rules: Ingresses sharing a
 * host (or covering it with a wildcard), a backend Service, or competing default backends; for an
 * IngressClass, every IngressClass; for a Gateway API object, every Gateway API object.
 */
import { Model, type ModelOptions } from './model.ts';
import { viewIngress, type IngressView } from './ingress.ts';
import type { ClassResolution, IngressClassView, NginxControllerView } from './controllers.ts';
import type { WorkloadView } from './workloads.ts';
import type { Resource } from './resource.ts';

export const GATEWAY_API_KINDS: readonly string[] = [
  'GatewayClass',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'ReferenceGrant',
];

/** The kinds an overlay can review: those the ValidatingWebhookConfiguration sends. */
export function isOverlayKind(kind: string): boolean {
  return kind === 'Ingress' || kind === 'IngressClass' || GATEWAY_API_KINDS.includes(kind);
}

/**
 * The relation keys of an Ingress: what it is indexed under, and what it looks up. `route:` keys are
 * relations of the route table's servers (entries of the same host meet there: collisions, duplicate
 * paths, regex mode, shared certificates); `backend:` keys (the same backend Service) make peers that
 * rules compare the subject with without sharing its routes.
 *
 * Left out on purpose, because no finding about an Ingress depends on them and each would make a
 * large share of the cluster a peer of every Ingress having one: a wildcard host and the hosts it
 * covers (separate servers, exact host keys), and Ingresses that all have a default backend (the
 * route table picks one per class; nothing reports on the others). The parity test covers both.
 */
function ingressKeys(view: IngressView): string[] {
  const keys = new Set<string>();
  for (const tls of view.tls) for (const host of tls.hosts) keys.add(`route:host:${host.toLowerCase()}`);
  if (view.rules.length === 0) keys.add('route:host:');
  for (const rule of view.rules) keys.add(`route:host:${(rule.host ?? '').toLowerCase()}`);
  const { namespace } = view.resource;
  for (const path of view.paths)
    if (path.backend.type === 'service') keys.add(`backend:${namespace}/${path.backend.service}`);
  if (view.defaultBackend?.type === 'service')
    keys.add(`backend:${namespace}/${view.defaultBackend.service}`);
  return [...keys];
}

/**
 * The relations of a cluster model's Ingresses, built once per model (10,000 Ingresses: a few tens of
 * milliseconds) so each review finds its peers by a few map lookups.
 */
export class PeerIndex {
  readonly base: Model;
  private readonly byKey = new Map<string, Resource[]>();

  constructor(base: Model) {
    this.base = base;
    for (const view of base.ingresses()) {
      for (const key of ingressKeys(view)) {
        let list = this.byKey.get(key);
        if (!list) this.byKey.set(key, (list = []));
        list.push(view.resource);
      }
    }
  }

  private baseNamespaces: string[] | undefined;

  /** The base model's namespaces, computed once. */
  namespaces(): readonly string[] {
    this.baseNamespaces ??= this.base.namespaces();
    return this.baseNamespaces;
  }

  /**
   * The Ingresses of the base model `ingress` can interact with (itself, by name, excluded), in the
   * base model's order: those routed with it, and those only sharing a backend Service with it.
   */
  ingressPeers(ingress: Resource): { routing: Resource[]; backends: Resource[] } {
    const routing = new Set<Resource>();
    const backends = new Set<Resource>();
    for (const key of ingressKeys(viewIngress(ingress))) {
      const into = key.startsWith('route:') ? routing : backends;
      for (const peer of this.byKey.get(key) ?? []) if (!sameObject(peer, ingress)) into.add(peer);
    }
    for (const peer of routing) backends.delete(peer);
    // Peers are visited in the base model's order.
    return { routing: this.base.inOrder([...routing]), backends: this.base.inOrder([...backends]) };
  }

  /** The stored version of `ingress` (same namespace and name), if the base model holds one. */
  storedIngress(ingress: Resource): Resource | undefined {
    return this.base.get('Ingress', ingress.namespace, ingress.name);
  }

  position(resource: Resource): number {
    return this.base.positionOf(resource);
  }
}

function sameObject(a: Resource, b: Resource): boolean {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

interface VisitSet {
  /** Kinds whose lookups answer from the scoped set instead of the base model. */
  readonly kinds: Set<string>;
  /** What the engine visits. */
  readonly resources: Resource[];
  /** Ingresses the model lists (the route table's input): the subject and those routed with it. */
  readonly listedIngresses?: Resource[];
}

/** The objects the rules visit when `subject` is reviewed: it and its peers, in the base model's order. */
function visitSet(index: PeerIndex, subject: Resource): VisitSet {
  const { base } = index;
  if (subject.kind === 'Ingress') {
    // In the base model's order, the subject where its stored version was (input order breaks ties
    // between Ingresses without creationTimestamp, as in a scan), or last when it is new.
    const { routing, backends } = index.ingressPeers(subject);
    const stored = index.storedIngress(subject);
    const at = stored === undefined ? Number.MAX_SAFE_INTEGER : index.position(stored);
    const withSubject = (peers: readonly Resource[]): Resource[] => {
      const before = peers.filter((peer) => index.position(peer) < at);
      return [...before, subject, ...peers.slice(before.length)];
    };
    return {
      kinds: new Set(['Ingress']),
      resources: withSubject(base.inOrder([...routing, ...backends])),
      listedIngresses: withSubject(routing),
    };
  }
  const kinds = subject.kind === 'IngressClass' ? ['IngressClass'] : GATEWAY_API_KINDS;
  return {
    kinds: new Set(kinds),
    resources: kinds.flatMap((kind) =>
      kind === subject.kind ? replaced(base.list(kind), subject) : base.list(kind),
    ),
  };
}

/** `resources` with `subject` in place of its stored version, or after them when there is none. */
function replaced(resources: readonly Resource[], subject: Resource): Resource[] {
  const at = resources.findIndex((resource) => sameObject(resource, subject));
  if (at < 0) return [...resources, subject];
  return resources.map((resource, i) => (i === at ? subject : resource));
}

/**
 * `base` with `subject` in place of its stored version; `resources` (what the engine visits) are the
 * subject and its peers. Kinds the subject is compared with come from that set; all other lookups are
 * the base model's. For an Ingress, the model lists (and the route table holds) only the subject and
 * the Ingresses routed with it; the peers that only share a backend Service are visited, not routed.
 */
export class ScopedModel extends Model {
  private readonly index: PeerIndex;
  private readonly base: Model;
  private readonly scopedKinds: ReadonlySet<string>;
  private readonly listedIngresses: readonly Resource[] | undefined;

  /** `options`: those the base model was built with (the controller assumed when none is known). */
  constructor(index: PeerIndex, subject: Resource, options: Pick<ModelOptions, 'fallbackController'> = {}) {
    const { kinds, resources, listedIngresses } = visitSet(index, subject);
    super(resources, { ...options, mode: index.base.mode });
    this.listedIngresses = listedIngresses;
    this.index = index;
    this.base = index.base;
    this.scopedKinds = kinds;
  }

  override get(kind: string, namespace: string, name: string): Resource | undefined {
    return this.scopedKinds.has(kind)
      ? super.get(kind, namespace, name)
      : this.base.get(kind, namespace, name);
  }

  override list(kind: string, namespace?: string): readonly Resource[] {
    return this.scopedKinds.has(kind) ? super.list(kind, namespace) : this.base.list(kind, namespace);
  }

  override whyUnknown(kind: string): string | undefined {
    return this.base.whyUnknown(kind);
  }

  override ingressClasses(): Map<string, IngressClassView> {
    return this.scopedKinds.has('IngressClass') ? super.ingressClasses() : this.base.ingressClasses();
  }

  override derived<T>(build: (model: Model) => T, reads?: readonly string[]): T {
    return reads !== undefined && !reads.some((kind) => this.scopedKinds.has(kind))
      ? this.base.derived(build, reads)
      : super.derived(build);
  }

  /** Whether `resource` is the base model's own object (a peer), not the object under review. */
  private isBaseObject(resource: Resource): boolean {
    return this.base.get(resource.kind, resource.namespace, resource.name) === resource;
  }

  // A peer's view and class are the base model's, computed once for the cluster model: a review
  // computing them again for every peer spent about a tenth of its time there. Views depend on the
  // object alone; a class also on the IngressClasses and the assumed controller, the base's unless
  // reviewing an IngressClass (scoped) or configured otherwise.
  override ingress(resource: Resource): IngressView {
    return this.isBaseObject(resource) ? this.base.ingress(resource) : super.ingress(resource);
  }

  override classOf(ingress: IngressView): ClassResolution {
    return !this.scopedKinds.has('IngressClass') &&
      this.fallbackController === this.base.fallbackController &&
      this.isBaseObject(ingress.resource)
      ? this.base.classOf(ingress)
      : super.classOf(ingress);
  }

  override workloads(namespace?: string): WorkloadView[] {
    return this.base.workloads(namespace);
  }

  override nginxControllers(): NginxControllerView[] {
    return this.base.nginxControllers();
  }

  override namespaces(): string[] {
    const own = this.resources.map((resource) => resource.namespace).filter((ns) => ns !== '');
    return [...new Set([...this.index.namespaces(), ...own])].sort();
  }
}
