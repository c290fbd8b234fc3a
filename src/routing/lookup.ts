/**
 * The fast half of `route()`: which entry answers a request, without explaining why the others lost.
 *
 * Precedence between two entries of one host (or one wildcard suffix, or the hostless rules) of one
 * frontend depends only on the entries, never on the request: the table builder sorts each such bucket
 * once, keeping only entries that can win, and a lookup walks it until the first one whose path (and,
 * for Gateway API, method, headers and query) matches. Where several buckets compete (Traefik, Gateway
 * API), the first match of each bucket is a contender and the best contender wins, earlier buckets on a
 * tie: exactly the outcome of sorting everything together, as the explaining matcher (matcher.ts) does.
 */
import { compareAge } from './draft.ts';
import { headersMatch, hostMatches, pathMatchLength, queryMatch } from './primitives.ts';
import type { FrontendIndex } from './table.ts';
import type { Frontend, RouteEntry, RouteTable } from './types.ts';

/** How a frontend orders competing entries. */
type Precedence = 'spec' | 'traefik' | 'gateway';

/** One host's entries on one frontend, best first. */
export interface HostBucket {
  /** Entries that can win (serving; ingress-nginx canaries left out, they only split their main's traffic). */
  readonly ranked: readonly RouteEntry[];
  /** ingress-nginx regex mode: the serving locations in nginx order (the first match wins). */
  readonly locations: readonly RouteEntry[] | undefined;
}

/** A host's buckets, by the position of their frontend in `TableIndex.frontends`. */
type Slots = readonly (HostBucket | undefined)[];

export interface LookupIndex {
  readonly exact: ReadonlyMap<string, Slots>;
  /** By wildcard suffix (`.example.com`). */
  readonly wildcard: ReadonlyMap<string, Slots>;
  readonly any: Slots;
  /** Gateway API wildcards cover several labels: only then is every suffix of a request host looked up. */
  readonly gatewayWildcards: boolean;
  /** Main entry id → its canaries that are not dead (ingress-nginx), only for mains that have some. */
  readonly canaries: ReadonlyMap<number, readonly RouteEntry[]>;
}

export interface LookupRequest {
  readonly method: string;
  readonly scheme: string;
  readonly host: string;
  /** `.b.example.com`, `.example.com`, `.com` for `a.b.example.com`. */
  readonly suffixes: readonly string[];
  readonly path: string;
  readonly query: ReadonlyMap<string, string>;
  readonly headers: ReadonlyMap<string, string>;
}

/** Compiled regexes by entry id (TableIndex's). */
export interface CompiledMatches {
  readonly pathRegex: readonly (RegExp | undefined)[];
  readonly headerRegex: readonly (readonly (RegExp | undefined)[])[];
  readonly queryRegex: readonly (readonly (RegExp | undefined)[])[];
}

export function buildLookup(table: RouteTable, frontends: readonly FrontendIndex[]): LookupIndex {
  const exact = new Map<string, (HostBucket | undefined)[]>();
  const wildcard = new Map<string, (HostBucket | undefined)[]>();
  const any: (HostBucket | undefined)[] = frontends.map(() => undefined);
  const canaries = new Map<number, RouteEntry[]>();
  let gatewayWildcards = false;
  const slotsOf = (map: Map<string, (HostBucket | undefined)[]>, key: string) => {
    let slots = map.get(key);
    if (!slots) map.set(key, (slots = new Array<HostBucket | undefined>(frontends.length).fill(undefined)));
    return slots;
  };
  frontends.forEach((frontend, position) => {
    const precedence = precedenceOf(frontend.frontend);
    for (const [host, ids] of frontend.exact) {
      const bucket = hostBucket(table, frontend, precedence, ids, host);
      if (bucket) slotsOf(exact, host)[position] = bucket;
    }
    for (const [suffix, ids] of frontend.wildcard) {
      const bucket = hostBucket(table, frontend, precedence, ids, `*${suffix}`);
      if (bucket) slotsOf(wildcard, suffix)[position] = bucket;
      if (bucket && precedence === 'gateway') gatewayWildcards = true;
    }
    any[position] = hostBucket(table, frontend, precedence, frontend.any, '');
    for (const [main, ids] of frontend.canaries) {
      const live = entriesOf(table, ids).filter((c) => c.dead === undefined);
      if (live.length > 0) canaries.set(main, live);
    }
  });
  return { exact, wildcard, any, gatewayWildcards, canaries };
}

function precedenceOf(frontend: Frontend): Precedence {
  if (frontend.type === 'gateway') return 'gateway';
  return frontend.controller === 'traefik' ? 'traefik' : 'spec';
}

function hostBucket(
  table: RouteTable,
  frontend: FrontendIndex,
  precedence: Precedence,
  ids: readonly number[],
  hostKey: string,
): HostBucket | undefined {
  const ranked: RouteEntry[] = [];
  for (const id of ids) {
    const entry = table.entries[id];
    if (entry && serves(entry) && !(precedence === 'spec' && entry.canary !== undefined)) ranked.push(entry);
  }
  if (ranked.length === 0) return undefined;
  // Array.prototype.sort is stable: equal entries keep table order, as in the explaining matcher.
  if (ranked.length > 1) ranked.sort(COMPARE[precedence]);
  const order = precedence === 'spec' ? frontend.regexHosts.get(hostKey) : undefined;
  return { ranked, locations: order && entriesOf(table, order).filter(serves) };
}

function entriesOf(table: RouteTable, ids: readonly number[]): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const id of ids) {
    const entry = table.entries[id];
    if (entry) out.push(entry);
  }
  return out;
}

/** Whether an entry takes requests: not dead (or dead but answering with an error), not shadowed. */
function serves(entry: RouteEntry): boolean {
  return (entry.dead === undefined || entry.dead.answers !== undefined) && entry.shadowed === undefined;
}

// --- precedence, best first (negative: `a` wins) ----------------------------------------------------

const PATH_TYPE_RANK: Readonly<Record<string, number>> = { Exact: 3, Prefix: 2, ImplementationSpecific: 1 };

/**
 * Ingress spec / ingress-nginx / HAProxy: the longest match (every path semantics matches with the
 * length of its value), then Exact > Prefix > ImplementationSpecific, then the oldest object.
 */
function compareSpec(a: RouteEntry, b: RouteEntry): number {
  return (
    b.path.value.length - a.path.value.length ||
    (PATH_TYPE_RANK[b.path.type] ?? 0) - (PATH_TYPE_RANK[a.path.type] ?? 0) ||
    compareAge(a, b) ||
    a.position - b.position
  );
}

/** Traefik: the highest router priority, then the oldest object. */
function compareTraefik(a: RouteEntry, b: RouteEntry): number {
  return (b.priority ?? 0) - (a.priority ?? 0) || compareAge(a, b) || a.position - b.position;
}

/** Gateway API: exact path > regex > longest prefix > method > most headers > most query params; oldest. */
function compareGateway(a: RouteEntry, b: RouteEntry): number {
  return (
    gatewayPathRank(b) - gatewayPathRank(a) ||
    gatewayPrefixLength(b) - gatewayPrefixLength(a) ||
    (b.method === undefined ? 0 : 1) - (a.method === undefined ? 0 : 1) ||
    b.headers.length - a.headers.length ||
    b.queryParams.length - a.queryParams.length ||
    compareAge(a, b) ||
    a.position - b.position
  );
}

function gatewayPathRank(entry: RouteEntry): number {
  const { semantics } = entry.path;
  return semantics === 'exact' ? 2 : semantics === 'regex' ? 1 : 0;
}

function gatewayPrefixLength(entry: RouteEntry): number {
  return entry.path.semantics === 'exact' ? 0 : entry.path.value.length;
}

const COMPARE: Readonly<Record<Precedence, (a: RouteEntry, b: RouteEntry) => number>> = {
  spec: compareSpec,
  traefik: compareTraefik,
  gateway: compareGateway,
};

// --- lookup -----------------------------------------------------------------------------------------

/** The request's buckets, looked up once for every frontend. */
export interface HostSlots {
  readonly exact: Slots | undefined;
  /** The bucket of the request's first suffix: the only wildcard an Ingress host can match. */
  readonly wildcard: Slots | undefined;
  /** Every suffix's buckets, in suffix order (Gateway API); empty unless the table has Gateway wildcards. */
  readonly deepWildcards: readonly Slots[];
}

export function hostSlots(lookup: LookupIndex, req: LookupRequest): HostSlots {
  const deepWildcards: Slots[] = [];
  let wildcard: Slots | undefined;
  if (lookup.wildcard.size > 0) {
    const [first] = req.suffixes;
    if (first !== undefined) wildcard = lookup.wildcard.get(first);
    if (lookup.gatewayWildcards) {
      for (const suffix of req.suffixes) {
        const slots = suffix === first ? wildcard : lookup.wildcard.get(suffix);
        if (slots) deepWildcards.push(slots);
      }
    }
  }
  return { exact: lookup.exact.get(req.host), wildcard, deepWildcards };
}

/** The entry of one frontend that answers the request, if any. */
export function winnerOf(
  lookup: LookupIndex,
  compiled: CompiledMatches,
  slots: HostSlots,
  position: number,
  frontend: Frontend,
  req: LookupRequest,
): RouteEntry | undefined {
  const exact = slots.exact?.[position];
  const wildcard = slots.wildcard?.[position];
  const any = lookup.any[position];
  if (frontend.type === 'gateway') return gatewayWinner(compiled, slots, position, any, frontend, req);
  if (frontend.controller === 'traefik') {
    let best = firstPathMatch(compiled, exact?.ranked, req, undefined);
    best = better(compareTraefik, best, firstPathMatch(compiled, wildcard?.ranked, req, req.host));
    return better(compareTraefik, best, firstPathMatch(compiled, any?.ranked, req, undefined));
  }
  // The most specific host that has any serving entry wins outright, whether or not a path matches.
  if (exact) return specWinner(compiled, exact, req, undefined);
  if (wildcard?.ranked.some((e) => hostMatches(e.host, req.host)))
    return specWinner(compiled, wildcard, req, req.host);
  return any && specWinner(compiled, any, req, undefined);
}

function specWinner(
  compiled: CompiledMatches,
  bucket: HostBucket,
  req: LookupRequest,
  wildcardHost: string | undefined,
): RouteEntry | undefined {
  // Regex mode: every location is a regex, tried in nginx order; the wildcard filter does not apply.
  if (bucket.locations) return firstPathMatch(compiled, bucket.locations, req, undefined);
  return firstPathMatch(compiled, bucket.ranked, req, wildcardHost);
}

/** The first entry whose path matches; `wildcardHost`: also check the entry's wildcard covers it. */
function firstPathMatch(
  compiled: CompiledMatches,
  entries: readonly RouteEntry[] | undefined,
  req: LookupRequest,
  wildcardHost: string | undefined,
): RouteEntry | undefined {
  if (!entries) return undefined;
  for (const entry of entries) {
    if (wildcardHost !== undefined && !hostMatches(entry.host, wildcardHost)) continue;
    if (pathMatchLength(entry.path, compiled.pathRegex[entry.id], req.path) >= 0) return entry;
  }
  return undefined;
}

/** The better of two contenders; the first one (an earlier bucket) on a tie. */
function better(
  compare: (a: RouteEntry, b: RouteEntry) => number,
  current: RouteEntry | undefined,
  next: RouteEntry | undefined,
): RouteEntry | undefined {
  if (!current) return next;
  if (!next) return current;
  return compare(next, current) < 0 ? next : current;
}

function gatewayWinner(
  compiled: CompiledMatches,
  slots: HostSlots,
  position: number,
  any: HostBucket | undefined,
  frontend: Frontend,
  req: LookupRequest,
): RouteEntry | undefined {
  const listener = bestListener(frontend, req);
  let best = firstGatewayMatch(compiled, slots.exact?.[position], listener, req, undefined);
  for (const wildcard of slots.deepWildcards) {
    const next = firstGatewayMatch(compiled, wildcard[position], listener, req, req.host);
    best = better(compareGateway, best, next);
  }
  return better(compareGateway, best, firstGatewayMatch(compiled, any, listener, req, undefined));
}

function firstGatewayMatch(
  compiled: CompiledMatches,
  bucket: HostBucket | undefined,
  listener: string | undefined,
  req: LookupRequest,
  wildcardHost: string | undefined,
): RouteEntry | undefined {
  if (!bucket) return undefined;
  for (const entry of bucket.ranked) {
    if (entry.listener !== listener) continue;
    if (wildcardHost !== undefined && !hostMatches(entry.host, wildcardHost)) continue;
    if (
      pathMatchLength(entry.path, compiled.pathRegex[entry.id], req.path) >= 0 &&
      (entry.method === undefined || entry.method === req.method) &&
      headersMatch(entry.headers, req.headers, compiled.headerRegex[entry.id] ?? []) &&
      queryMatch(entry.queryParams, req.query, compiled.queryRegex[entry.id] ?? [])
    )
      return entry;
  }
  return undefined;
}

/** The listener on the port whose hostname is the most specific match for the host and scheme. */
export function bestListener(frontend: Frontend, req: LookupRequest): string | undefined {
  if (frontend.type !== 'gateway') return undefined;
  const https = req.scheme === 'https';
  let best: { name: string; rank: number } | undefined;
  for (const listener of frontend.listeners) {
    const fits = https
      ? listener.protocol === 'HTTPS' || listener.protocol === 'TLS'
      : listener.protocol === 'HTTP';
    if (!fits) continue;
    const rank = listenerRank(listener.hostname, req.host);
    if (rank >= 0 && (!best || rank > best.rank)) best = { name: listener.name, rank };
  }
  return best?.name;
}

export function listenerRank(hostname: string | undefined, host: string): number {
  if (hostname === undefined || hostname === '' || hostname === '*') return 0;
  const pattern = hostname.toLowerCase();
  if (pattern === host) return 100_000;
  if (pattern.startsWith('*.') && host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1)
    return pattern.length;
  return -1;
}
