/**
 * Builds the route table from a model: entries from Ingresses and Gateway API routes, then what only
 * the whole set can tell — ingress-nginx servers (regex mode and certificates per host), canaries tied
 * to their main Ingress, duplicates, host + path collisions (oldest wins) and Prefix paths an earlier
 * regex covers — and an index by host so lookups never scan every entry.
 */
import type { Model } from '../model/model.ts';
import { compareAge, type Draft } from './draft.ts';
import { gatewayEntries } from './gateway-entries.ts';
import { ingressEntries } from './ingress-entries.ts';
import { buildLookup, type LookupIndex } from './lookup.ts';
import {
  compareStrings,
  compilePathRegex,
  compileValueRegex,
  isLiteral,
  onlyStartAnchored,
  wildcardSuffix,
} from './primitives.ts';
import type { DefaultBackendEntry, Frontend, RouteEntry, RouteTable } from './types.ts';

export interface BuildOptions {
  /**
   * ingress-nginx `strict-validate-path-type` (default true since v1.12): Exact/Prefix paths outside
   * `[A-Za-z0-9._~/-]` are rejected, so their entries are dead.
   */
  readonly strictPathValidation?: boolean;
}

/** What the matcher needs beside the entries: compiled regexes and the host index, per frontend. */
export interface FrontendIndex {
  readonly key: string;
  readonly frontend: Frontend;
  readonly exact: ReadonlyMap<string, readonly number[]>;
  /** By wildcard suffix (`.example.com`). */
  readonly wildcard: ReadonlyMap<string, readonly number[]>;
  readonly any: readonly number[];
  /** ingress-nginx hosts in regex mode → their locations in nginx order (longest path first). */
  readonly regexHosts: ReadonlyMap<string, readonly number[]>;
  /** Main entry id → its canary entries (ingress-nginx). */
  readonly canaries: ReadonlyMap<number, readonly number[]>;
  readonly defaultBackend: DefaultBackendEntry | undefined;
}

export interface TableIndex {
  readonly frontends: readonly FrontendIndex[];
  readonly pathRegex: readonly (RegExp | undefined)[];
  readonly headerRegex: readonly (readonly (RegExp | undefined)[])[];
  readonly queryRegex: readonly (readonly (RegExp | undefined)[])[];
  /** Every host's entries in precedence order, for lookups that only want the answer. */
  readonly lookup: LookupIndex;
}

/**
 * Where a table keeps its index: on itself (not enumerable, so neither JSON nor a deep comparison sees
 * it) rather than in a WeakMap keyed by the table, for the reason Model.derived gives.
 */
const INDEX = Symbol('route table index');
type IndexedTable = RouteTable & { [INDEX]?: TableIndex };

/** Completes a table's index from its frontends and path regexes, and keeps it on the table. */
function keepIndex(
  table: RouteTable,
  frontends: readonly FrontendIndex[],
  pathRegex: readonly (RegExp | undefined)[],
): TableIndex {
  const index: TableIndex = {
    frontends,
    pathRegex,
    headerRegex: table.entries.map((e) => e.headers.map(compileValueRegex)),
    queryRegex: table.entries.map((e) => e.queryParams.map(compileValueRegex)),
    lookup: buildLookup(table, frontends),
  };
  Object.defineProperty(table, INDEX, { value: index });
  return index;
}

const buildDefaultTable = (model: Model): RouteTable => buildRouteTable(model);

/** The table of a model, built once and shared (rules, commands and the matcher ask for the same one). */
export function routeTableOf(model: Model): RouteTable {
  return model.derived(buildDefaultTable);
}

export function buildRouteTable(model: Model, options: BuildOptions = {}): RouteTable {
  const strict = options.strictPathValidation ?? true;
  const drafts: Draft[] = [];
  const defaults = new Map<string, DefaultBackendEntry>();
  model.ingresses().forEach((ingress, order) => {
    const { drafts: own, defaultBackend } = ingressEntries(model, ingress, order, drafts.length, strict);
    drafts.push(...own);
    if (defaultBackend) {
      const current = defaults.get(defaultBackend.frontendKey);
      if (!current || compareAge(defaultBackend, current) < 0)
        defaults.set(defaultBackend.frontendKey, defaultBackend);
    }
  });
  drafts.push(...gatewayEntries(model, drafts.length));

  const servers = groupBy(
    drafts.filter((d) => d.frontend.type === 'ingress' && d.frontend.controller === 'nginx'),
    (d) => `${d.frontendKey}\u0000${d.hostKey}`,
  );
  const regexServers = new Set<string>();
  for (const [key, server] of servers) {
    if (applyRegexMode(server)) regexServers.add(key);
    shareCertificates(server);
  }
  const pathRegex = drafts.map(compileRegex);
  const canaries = linkCanaries(drafts);
  markDuplicates(drafts);
  markCollisions(drafts);
  const regexOrder = new Map<string, number[]>();
  for (const key of regexServers) {
    const order = locationOrder(servers.get(key) ?? []);
    markRegexCovered(order, pathRegex);
    regexOrder.set(
      key,
      order.map((d) => d.id),
    );
  }

  const entries = drafts.map(toEntry);
  const table: RouteTable = {
    entries,
    frontends: frontendsOf(entries),
    defaultBackends: [...defaults.values()],
  };
  keepIndex(table, frontendIndexes(table, regexOrder, canaries, defaults), pathRegex);
  return table;
}

/** The index of a table; rebuilt from the entries for a table that did not come from buildRouteTable. */
export function tableIndex(table: RouteTable): TableIndex {
  const kept = (table as IndexedTable)[INDEX];
  if (kept) return kept;
  const canaries = new Map<number, number[]>();
  const regexOrder = new Map<string, number[]>();
  const defaults = new Map(table.defaultBackends.map((d) => [d.frontendKey, d]));
  return keepIndex(
    table,
    frontendIndexes(table, regexOrder, canaries, defaults),
    table.entries.map((e) =>
      e.path.semantics === 'regex'
        ? asRegex(compilePathRegex(e.path, e.source.kind === 'Ingress' ? 'start' : 'full'))
        : undefined,
    ),
  );
}

function asRegex(value: RegExp | Error): RegExp | undefined {
  return value instanceof RegExp ? value : undefined;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * ingress-nginx: `use-regex` or `rewrite-target` on any Ingress of a host makes every path of that host,
 * whatever Ingress defines it, a case-insensitive regex `~* "^<path>"`.
 */
function applyRegexMode(server: readonly Draft[]): boolean {
  const trigger = server.find((d) => d.regexTrigger !== undefined)?.regexTrigger;
  if (trigger === undefined) return false;
  for (const draft of server) {
    draft.path = {
      type: draft.path.type,
      value: draft.rawPath,
      written: draft.path.written,
      semantics: 'regex',
      caseInsensitive: true,
      regexBecause: trigger,
    };
  }
  return true;
}

/** ingress-nginx serves one certificate per host: a rule without its own spec.tls gets the server's. */
function shareCertificates(server: readonly Draft[]): void {
  const withTls = [...server].filter((d) => d.tls !== null).sort(compareAge)[0];
  if (!withTls) return;
  for (const draft of server) draft.tls ??= withTls.tls;
}

function compileRegex(draft: Draft): RegExp | undefined {
  if (draft.path.semantics !== 'regex') return undefined;
  const compiled = compilePathRegex(draft.path, draft.anchor);
  if (compiled instanceof RegExp) return compiled;
  draft.dead ??= {
    reason: 'invalid-regex',
    detail: `path "${draft.rawPath}" is not a valid regex: ${compiled.message}`,
  };
  return undefined;
}

function servesRequests(draft: Draft): boolean {
  return draft.dead === undefined || draft.dead.answers !== undefined;
}

/**
 * A canary Ingress adds no location of its own: ingress-nginx attaches it to the main Ingress's location
 * for the same host + path, and ignores it when there is none. Its controls are the main one's.
 */
function linkCanaries(drafts: readonly Draft[]): Map<number, number[]> {
  const canaries = new Map<number, number[]>();
  const wanted = new Set(drafts.filter((d) => d.canary).map((d) => `${d.frontendKey}\u0000${d.claimKey}`));
  if (wanted.size === 0) return canaries;
  const mains = new Map<string, Draft>();
  for (const draft of drafts) {
    if (draft.canary || !servesRequests(draft)) continue;
    const key = `${draft.frontendKey}\u0000${draft.claimKey}`;
    if (!wanted.has(key)) continue;
    const current = mains.get(key);
    if (!current || compareAge(draft, current) < 0) mains.set(key, draft);
  }
  for (const draft of drafts) {
    if (!draft.canary) continue;
    const main = mains.get(`${draft.frontendKey}\u0000${draft.claimKey}`);
    if (!main) {
      draft.dead ??= {
        reason: 'canary-without-main',
        detail:
          'no non-canary Ingress of the class serves this host + path: ingress-nginx ignores the canary',
      };
      continue;
    }
    draft.controls = main.controls;
    draft.tls = main.tls;
    const list = canaries.get(main.id);
    if (list) list.push(draft.id);
    else canaries.set(main.id, [draft.id]);
  }
  return canaries;
}

/** The same host + path + pathType twice in one Ingress: the later one is never used. */
function markDuplicates(drafts: readonly Draft[]): void {
  // The entries of one object are consecutive: one small map per object.
  let object = '';
  let first = new Map<string, Draft>();
  for (const draft of drafts) {
    if (draft.source.kind !== 'Ingress') continue;
    if (draft.objectKey !== object) {
      object = draft.objectKey;
      first = new Map();
    }
    const earlier = first.get(draft.claimKey);
    if (!earlier) {
      first.set(draft.claimKey, draft);
      continue;
    }
    draft.shadowed = {
      reason: 'duplicate',
      by: earlier.id,
      detail: `already defined at ${earlier.source.fieldPath}`,
    };
  }
}

/**
 * The same host + path + pathType claimed by Ingresses of one class (canaries excepted): the controller
 * keeps the oldest Ingress's (creationTimestamp, then namespace/name; new objects in apply order).
 */
function markCollisions(drafts: readonly Draft[]): void {
  const claims = groupBy(
    drafts.filter((d) => d.source.kind === 'Ingress' && !d.canary && !d.shadowed && servesRequests(d)),
    (d) => `${d.frontendKey}\u0000${d.claimKey}`,
  );
  for (const group of claims.values()) {
    if (group.length < 2) continue;
    const [winner, ...losers] = [...group].sort((a, b) => compareAge(a, b) || a.position - b.position);
    if (!winner) continue;
    for (const loser of losers) {
      loser.shadowed = {
        reason: 'collision',
        by: winner.id,
        detail: `also claimed by ${winner.source.kind} ${winner.source.namespace}/${winner.source.name}, which wins`,
        claimants: group.length,
      };
    }
  }
}

/** ingress-nginx orders locations by path length, longest first (a stable sort over Ingresses by age). */
function locationOrder(server: readonly Draft[]): Draft[] {
  return server
    .filter((d) => !d.canary)
    .sort((a, b) => b.rawPath.length - a.rawPath.length || compareAge(a, b) || a.position - b.position);
}

/**
 * In regex mode the first matching location wins: a literal path that an earlier, start-anchored regex
 * already matches can never be reached (every request it matches starts with it).
 */
function markRegexCovered(order: readonly Draft[], pathRegex: readonly (RegExp | undefined)[]): void {
  const live = order.filter((d) => servesRequests(d) && !d.shadowed);
  live.forEach((draft, position) => {
    if (!isLiteral(draft.rawPath)) return;
    for (const earlier of live.slice(0, position)) {
      const regex = pathRegex[earlier.id];
      if (!regex || isLiteral(earlier.rawPath) || !onlyStartAnchored(earlier.rawPath)) continue;
      if (!regex.test(draft.rawPath)) continue;
      draft.shadowed = {
        reason: 'regex-covers',
        by: earlier.id,
        detail: `regex "${earlier.rawPath}" comes first and matches every request of "${draft.rawPath}"`,
      };
      return;
    }
  });
}

function toEntry(draft: Draft): RouteEntry {
  return {
    id: draft.id,
    frontend: draft.frontend,
    frontendKey: draft.frontendKey,
    host: draft.host,
    path: draft.path,
    method: draft.method,
    headers: draft.headers,
    queryParams: draft.queryParams,
    canary: draft.canary,
    backends: draft.backends,
    tls: draft.tls,
    controls: draft.controls,
    source: draft.source,
    pathFieldPath: draft.pathFieldPath,
    listener: draft.listener,
    rewriteTarget: draft.rewriteTarget,
    priority: draft.priority,
    created: draft.created,
    order: draft.order,
    position: draft.position,
    dead: draft.dead,
    shadowed: draft.shadowed,
  };
}

/** Ingress classes first (by name), then Gateway ports. */
function frontendsOf(entries: readonly RouteEntry[]): { key: string; frontend: Frontend }[] {
  const seen = new Map<string, Frontend>();
  for (const entry of entries) if (!seen.has(entry.frontendKey)) seen.set(entry.frontendKey, entry.frontend);
  return [...seen.entries()]
    .map(([key, frontend]) => ({ key, frontend }))
    .sort(
      (a, b) =>
        FRONTEND_ORDER[a.frontend.type] - FRONTEND_ORDER[b.frontend.type] || compareStrings(a.key, b.key),
    );
}

/** Ingress is what most clusters still route through; Gateway API frontends follow. */
const FRONTEND_ORDER: Record<Frontend['type'], number> = { ingress: 0, gateway: 1 };

interface MutableFrontendIndex extends FrontendIndex {
  readonly exact: Map<string, number[]>;
  readonly wildcard: Map<string, number[]>;
  readonly any: number[];
  readonly regexHosts: Map<string, readonly number[]>;
  readonly canaries: Map<number, readonly number[]>;
}

/** One pass over the entries fills the index of every frontend. */
function frontendIndexes(
  table: RouteTable,
  regexOrder: ReadonlyMap<string, readonly number[]>,
  canaries: ReadonlyMap<number, readonly number[]>,
  defaults: ReadonlyMap<string, DefaultBackendEntry>,
): FrontendIndex[] {
  const byKey = new Map<string, MutableFrontendIndex>();
  for (const { key, frontend } of table.frontends) {
    byKey.set(key, {
      key,
      frontend,
      exact: new Map(),
      wildcard: new Map(),
      any: [],
      regexHosts: new Map(),
      canaries: new Map(),
      defaultBackend: defaults.get(key),
    });
  }
  for (const entry of table.entries) {
    const index = byKey.get(entry.frontendKey);
    if (!index) continue;
    const { host } = entry;
    if (host.type === 'any') index.any.push(entry.id);
    else if (host.type === 'exact') push(index.exact, host.value, entry.id);
    else push(index.wildcard, wildcardSuffix(host.value), entry.id);
    const own = canaries.get(entry.id);
    if (own) index.canaries.set(entry.id, own);
  }
  for (const [serverKey, order] of regexOrder) {
    const separator = serverKey.indexOf('\u0000');
    byKey.get(serverKey.slice(0, separator))?.regexHosts.set(serverKey.slice(separator + 1), order);
  }
  return [...byKey.values()];
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
