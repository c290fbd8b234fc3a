/**
 * A mutable store of the objects a watch keeps current, producing immutable Model snapshots. The
 * store changes object by object (watch events); each snapshot is a Model of the objects at that
 * moment, built only when asked for and reused until the next change. A snapshot is derived from the
 * previous one (Model.derive): it shares its indexes but for the namespaces that changed, and lists
 * objects only when asked — so a change to one of 10,000 Ingresses costs a copy of one namespace's
 * map, not of every list (snapshots used to copy the list of every object, and of the changed kind:
 * hundreds of kilobytes per change, kept until the next one, that made the old generation grow).
 * Unchanged objects are the same Resource in every snapshot, so the views computed from one object
 * alone (IngressView) are shared between snapshots instead of recomputed (ModelOptions.ingressViewCache).
 *
 * Order: objects keep the position they were first stored at (a relist's order, then arrival order),
 * so a snapshot visits them in a stable order, as a scan of the same objects would.
 */
import { Model, type ModelOptions } from './model.ts';
import type { IngressView } from './ingress.ts';
import { keyOf, type Resource } from './resource.ts';

export type StoreChange =
  | { readonly type: 'added'; readonly after: Resource }
  | { readonly type: 'modified'; readonly before: Resource; readonly after: Resource }
  | { readonly type: 'deleted'; readonly before: Resource };

export class ModelStore {
  private readonly objects = new Map<string, Resource>();
  /** Each stored object's position in the store's order (ModelOptions.order). */
  private readonly positions = new WeakMap<Resource, number>();
  private nextPosition = 0;
  /** Objects per namespace: the namespace set changes only when a namespace gains or loses its last. */
  private readonly perNamespace = new Map<string, number>();
  private readonly viewCache = new WeakMap<Resource, IngressView>();
  private readonly options: ModelOptions;
  private snapshotCache: Model | undefined;
  /** The last snapshot made, and what changed since (the next one is derived from it). */
  private lastSnapshot: Model | undefined;
  private readonly upserted = new Map<string, Resource>();
  private readonly removed = new Map<string, Resource>();
  private namespaceSetChanged = false;

  constructor(options: Omit<ModelOptions, 'ingressViewCache' | 'order'> = {}) {
    this.options = {
      ...options,
      ingressViewCache: this.viewCache,
      order: (resource) => this.positions.get(resource) ?? Number.MAX_SAFE_INTEGER,
    };
  }

  get size(): number {
    return this.objects.size;
  }

  get(kind: string, namespace: string, name: string): Resource | undefined {
    return this.objects.get(keyOf(kind, namespace, name));
  }

  /** Every object of `kind`, in store order. */
  ofKind(kind: string): Resource[] {
    return [...this.objects.values()].filter((resource) => resource.kind === kind);
  }

  /** Stores `resource` in place of its previous version; undefined when nothing changed. */
  upsert(resource: Resource): StoreChange {
    const key = keyOf(resource.kind, resource.namespace, resource.name);
    const before = this.objects.get(key);
    this.objects.set(key, resource);
    // A replaced object keeps its place (as in the Map); a new one comes last.
    const position = before ? this.positions.get(before) : undefined;
    this.positions.set(resource, position ?? this.nextPosition++);
    this.snapshotCache = undefined;
    this.removed.delete(key);
    this.upserted.set(key, resource);
    if (before) return { type: 'modified', before, after: resource };
    this.count(resource.namespace, 1);
    return { type: 'added', after: resource };
  }

  remove(kind: string, namespace: string, name: string): StoreChange | undefined {
    const key = keyOf(kind, namespace, name);
    const before = this.objects.get(key);
    if (!before) return undefined;
    this.objects.delete(key);
    this.snapshotCache = undefined;
    this.upserted.delete(key);
    this.removed.set(key, before);
    this.count(namespace, -1);
    return { type: 'deleted', before };
  }

  /**
   * Makes the objects of `kind` exactly `resources` (after a relist), returning what changed: objects no
   * longer listed are deleted, the others added or replaced when their resourceVersion differs.
   */
  replaceKind(kind: string, resources: readonly Resource[]): StoreChange[] {
    const changes: StoreChange[] = [];
    const listed = new Set<string>();
    for (const resource of resources) {
      listed.add(keyOf(resource.kind, resource.namespace, resource.name));
      const before = this.get(resource.kind, resource.namespace, resource.name);
      if (before && versionOf(before) !== undefined && versionOf(before) === versionOf(resource)) continue;
      changes.push(this.upsert(resource));
    }
    for (const resource of this.ofKind(kind)) {
      if (listed.has(keyOf(resource.kind, resource.namespace, resource.name))) continue;
      const removed = this.remove(resource.kind, resource.namespace, resource.name);
      if (removed) changes.push(removed);
    }
    return changes;
  }

  /** Whether the set of namespaces changed since the last call (Model.namespaces() answers differ). */
  takeNamespaceSetChanged(): boolean {
    const changed = this.namespaceSetChanged;
    this.namespaceSetChanged = false;
    return changed;
  }

  /** The objects now, as an immutable Model (the same instance until the next change). */
  snapshot(): Model {
    if (this.snapshotCache) return this.snapshotCache;
    // Few changes since the last snapshot: derive (shares the indexes of what did not change).
    const derive = this.lastSnapshot !== undefined && this.upserted.size + this.removed.size < 1000;
    this.snapshotCache =
      derive && this.lastSnapshot
        ? this.lastSnapshot.derive([...this.upserted.values()], [...this.removed.values()])
        : new Model([...this.objects.values()], this.options);
    this.lastSnapshot = this.snapshotCache;
    this.upserted.clear();
    this.removed.clear();
    return this.snapshotCache;
  }

  private count(namespace: string, delta: 1 | -1): void {
    if (namespace === '') return;
    const next = (this.perNamespace.get(namespace) ?? 0) + delta;
    if (next <= 0) {
      this.perNamespace.delete(namespace);
      this.namespaceSetChanged = true;
    } else {
      if (next === 1 && delta === 1) this.namespaceSetChanged = true;
      this.perNamespace.set(namespace, next);
    }
  }
}

function versionOf(resource: Resource): string | undefined {
  const metadata = resource.body.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const version = metadata.resourceVersion;
  return typeof version === 'string' ? version : undefined;
}
