/**
 * Which Ingresses can interact in the rules that compare Ingresses with each other (the collective
 * rules: those with an `end` hook — host/path conflicts, the same host in two namespaces, a catch-all
 * over a Service another Ingress exposes a sensitive path of). Two Ingresses are peers when they share
 * a relation key: a host (or a wildcard covering it) or a backend Service. Relations of routing, not
 * knowledge of rules — the same relations the route table groups by.
 *
 * Kept current object by object: `set` and `delete` as the store changes.
 */
import { viewIngress, type IngressView } from '../model/ingress.ts';
import type { Resource } from '../model/resource.ts';
import { keyOfResource } from './lookups.ts';

interface Relations {
  /** Keys this Ingress is found under. */
  readonly indexed: readonly string[];
  /** Keys whose Ingresses are its peers. */
  readonly lookups: readonly string[];
}

function relationsOf(view: IngressView): Relations {
  const indexed = new Set<string>();
  const lookups = new Set<string>();
  const both = (key: string): void => {
    indexed.add(key);
    lookups.add(key);
  };
  const hosts = [...view.rules.map((rule) => rule.host ?? ''), ...view.tls.flatMap((tls) => tls.hosts)];
  if (view.rules.length === 0) both('host:');
  for (const raw of hosts) {
    const host = raw.toLowerCase();
    both(relation('host:', host));
    const dot = host.indexOf('.');
    if (dot < 0) continue;
    const parent = host.slice(dot + 1);
    // A wildcard host and the hosts it covers are peers both ways.
    if (host.startsWith('*.')) {
      indexed.add(relation('wildcard:', parent));
      lookups.add(relation('under:', parent));
    } else {
      indexed.add(relation('under:', parent));
      lookups.add(relation('wildcard:', parent));
    }
  }
  const { namespace } = view.resource;
  for (const path of view.paths)
    if (path.backend.type === 'service') both(relation('service:', namespace, '/', path.backend.service));
  // Having a default backend is no relation: no collective finding compares default backends (the
  // route table picks one per class and reports on none; the admission overlay, model/scoped.ts, leaves
  // it out too, with a parity test over every rule fixture), and as one it made every Ingress with a
  // default backend a peer of every other — a change to one of 500 reviewed 1,700 Ingresses.
  if (view.defaultBackend?.type === 'service')
    both(relation('service:', namespace, '/', view.defaultBackend.service));
  const indexedKeys = [...indexed];
  // Most relations are both (a host, a Service): one array then serves as both.
  const same = indexed.size === lookups.size && indexedKeys.every((key) => lookups.has(key));
  return { indexed: indexedKeys, lookups: same ? indexedKeys : [...lookups] };
}

/** A relation key, as one flat string (see model/resource.ts keyOf): the index keeps one per Ingress. */
function relation(...parts: string[]): string {
  return parts.join('');
}

export class PeerIndex {
  /** relation key → Ingress keys. */
  private readonly byRelation = new Map<string, Set<string>>();
  private readonly relations = new Map<string, Relations>();

  /** Indexes (or re-indexes) an Ingress. */
  set(resource: Resource, view: IngressView = viewIngress(resource)): void {
    const key = keyOfResource(resource);
    this.delete(key);
    const relations = relationsOf(view);
    this.relations.set(key, relations);
    for (const relation of relations.indexed) {
      let members = this.byRelation.get(relation);
      if (!members) this.byRelation.set(relation, (members = new Set()));
      members.add(key);
    }
  }

  delete(key: string): void {
    const relations = this.relations.get(key);
    if (!relations) return;
    this.relations.delete(key);
    for (const relation of relations.indexed) {
      const members = this.byRelation.get(relation);
      members?.delete(key);
      if (members?.size === 0) this.byRelation.delete(relation);
    }
  }

  /** Keys of the Ingresses `key` is a peer of (itself included when indexed). */
  peersOf(key: string): Set<string> {
    const found = new Set<string>();
    const relations = this.relations.get(key);
    if (!relations) return found;
    found.add(key);
    for (const relation of relations.lookups)
      for (const peer of this.byRelation.get(relation) ?? []) found.add(peer);
    return found;
  }
}
