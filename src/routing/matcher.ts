/**
 * `route(table, request)`: which entry answers a request, with every other candidate and why it lost.
 * The answer comes from lookup.ts (each host's entries kept in precedence order: the first match wins);
 * the candidates are ranked here, by the functions below, only when `decision.candidates` is read.
 * Both look hosts up in the table's index (never scan every entry) and apply the precedence of the
 * frontend's controller:
 * - ingress-nginx, HAProxy, unknown (Ingress spec): the most specific host wins outright (exact, then
 *   one-label wildcard, then the hostless rules); within it the longest match, Exact before Prefix before
 *   ImplementationSpecific; in ingress-nginx regex mode the first regex in location order; canaries then
 *   split the winner's traffic by header, cookie, then weight.
 * - Traefik: every router whose host matches competes by priority (rule length unless set).
 * - Gateway API: the listener with the most specific hostname; then exact path > longest prefix >
 *   method > most headers > most query params; ties by oldest route, then namespace/name, then rule order.
 */
import { compareAge, sourceName } from './draft.ts';
import {
  displayHostMatch,
  headersMatch,
  hostMatches,
  normaliseRequestHost,
  pathMatchLength,
  queryMatch,
} from './primitives.ts';
import { hostSlots, listenerRank, winnerOf, type LookupRequest } from './lookup.ts';
import { tableIndex, type FrontendIndex, type TableIndex } from './table.ts';
import type {
  Controls,
  DefaultBackendEntry,
  Frontend,
  ResolvedBackend,
  RouteEntry,
  RouteTable,
} from './types.ts';

export interface RouteRequest {
  readonly method?: string;
  /** `http` (default) or `https`. */
  readonly scheme?: string;
  /** The Host header; a port is ignored. */
  readonly host: string;
  /** Path, optionally with `?query`. */
  readonly path?: string;
  /** Header names are case-insensitive; `cookie` is read for canary-by-cookie. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteOptions {
  /** Only this frontend: a frontend key (`ingress/nginx`, `gateway/ns/name:80`), class or Gateway name. */
  readonly frontend?: string;
}

/** The JSON contract of `gatewatch route URL -o json` (spec/routing.md), plus the extra fields below it. */
export interface RouteDecision {
  readonly schemaVersion: 1;
  readonly request: {
    readonly method: string;
    readonly scheme: string;
    readonly host: string;
    readonly path: string;
    readonly headers: Readonly<Record<string, string>>;
  };
  readonly match: DecisionMatch | null;
  readonly backend: DecisionBackend | null;
  readonly fallback: 'default-backend' | 'controller-404' | null;
  readonly tls: {
    readonly terminated: boolean;
    readonly secret: string | null;
    readonly coversHost: boolean | null;
  } | null;
  readonly controls: Controls | null;
  readonly candidates: readonly Candidate[];
  /** Extra: the frontend that answered (its key), null when no frontend has anything for the request. */
  readonly frontend: string | null;
  /** Extra: every backend the request may reach with its share (weights, canaries); `backend` is the largest. */
  readonly backends: readonly (DecisionBackend & { readonly share: number; readonly canary: boolean })[];
  /** Extra: the status the controller answers instead of proxying (a backend that cannot answer). */
  readonly errorStatus: number | null;
  /** Extra: the id of the winning entry in the table. */
  readonly entry: number | null;
  /** Extra: which canary rule decided, when a canary Ingress is involved. */
  readonly canary: {
    readonly decidedBy: 'header' | 'cookie' | 'weight' | 'none';
    readonly detail: string;
  } | null;
}

export interface DecisionMatch {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly controller: string;
  readonly fieldPath: string;
  /** The file; its line is `table.entries[decision.entry].source.line` (located on demand). */
  readonly file: string | null;
}

export interface DecisionBackend {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly port: number | string | null;
  /** The Service's pod selector, when the Service is in the input. */
  readonly selector: Readonly<Record<string, string>> | null;
}

export interface Candidate {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly lostBecause: string;
  readonly entry: number;
}

/** What the fast lookup reads (lookup.ts), plus what the full ranking and the explanation need. */
interface NormalisedRequest extends LookupRequest {
  readonly cookies: ReadonlyMap<string, string>;
  readonly rawHost: string;
  readonly rawPath: string;
  readonly rawHeaders: Readonly<Record<string, string>>;
}

interface Ranked {
  readonly entry: RouteEntry;
  /** Precedence keys, compared left to right, larger first. */
  readonly keys: readonly number[];
}

interface FrontendOutcome {
  readonly index: FrontendIndex;
  readonly winner: RouteEntry | undefined;
  readonly losers: Candidate[];
}

export function route(table: RouteTable, request: RouteRequest, options: RouteOptions = {}): RouteDecision {
  const index = tableIndex(table);
  const req = normaliseRequest(request);
  const { lookup } = index;
  const slots = hostSlots(lookup, req);
  // Why every other entry lost is worked out only when someone reads `candidates` (--explain).
  const explain = (): Candidate[] => explainRoute(table, index, req, options).candidates;
  let fallback: FrontendIndex | undefined;
  for (let position = 0; position < index.frontends.length; position++) {
    const frontend = index.frontends[position];
    if (!frontend) continue;
    if (!frontendSelected(frontend, options.frontend) || !schemeFits(frontend.frontend, req.scheme)) continue;
    const winner = winnerOf(lookup, index, slots, position, frontend.frontend, req);
    if (winner) return matchDecision(index, req, frontend, winner, explain);
    if (frontend.defaultBackend) fallback ??= frontend;
  }
  return fallbackDecision(req, fallback, explain);
}

interface Explained {
  readonly answered: FrontendOutcome | undefined;
  /** The answering frontend's losers first, in precedence order; then what other frontends had. */
  readonly candidates: Candidate[];
}

/**
 * The decision worked out in full: every frontend's entries for the host ranked, with why each one
 * lost. `route` answers without it; lookup.ts must agree with it on the winner (test/routing checks).
 */
function explainRoute(
  table: RouteTable,
  index: TableIndex,
  req: NormalisedRequest,
  options: RouteOptions,
): Explained {
  const outcomes: FrontendOutcome[] = [];
  for (const frontend of index.frontends) {
    if (!frontendSelected(frontend, options.frontend) || !schemeFits(frontend.frontend, req.scheme)) continue;
    outcomes.push(evaluate(table, index, frontend, req));
  }
  const answered =
    outcomes.find((o) => o.winner !== undefined) ?? outcomes.find((o) => o.index.defaultBackend);
  const candidates = answered ? [...answered.losers] : [];
  for (const outcome of outcomes) {
    if (outcome !== answered) candidates.push(...winnerAsLoser(outcome, answered), ...outcome.losers);
  }
  return { answered, candidates };
}

/** `route` the slow way, every candidate ranked first: what the fast lookup must always agree with. */
export function explainedRoute(
  table: RouteTable,
  request: RouteRequest,
  options: RouteOptions = {},
): RouteDecision {
  const index = tableIndex(table);
  const req = normaliseRequest(request);
  const { answered, candidates } = explainRoute(table, index, req, options);
  if (!answered?.winner) return fallbackDecision(req, answered?.index, () => candidates);
  return matchDecision(index, req, answered.index, answered.winner, () => candidates);
}

function winnerAsLoser(outcome: FrontendOutcome, answered: FrontendOutcome | undefined): Candidate[] {
  if (!outcome.winner || !answered) return [];
  return [candidate(outcome.winner, `another frontend answers first (${answered.index.key})`)];
}

function frontendSelected(index: FrontendIndex, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  const { frontend } = index;
  return (
    index.key === wanted ||
    frontend.className === wanted ||
    (frontend.type === 'gateway' &&
      (frontend.name === wanted || `${frontend.namespace}/${frontend.name}` === wanted))
  );
}

/** Gateway ports serve HTTP or HTTPS listeners; Ingress controllers serve both schemes. */
function schemeFits(frontend: Frontend, scheme: string): boolean {
  if (frontend.type === 'ingress' || frontend.listeners.length === 0) return true;
  const wanted = scheme === 'https' ? ['HTTPS', 'TLS'] : ['HTTP'];
  return frontend.listeners.some((l) => wanted.includes(l.protocol));
}

/** What a request without query, headers or cookies has: one shared empty map, never written. */
const NONE: ReadonlyMap<string, string> = new Map();

function normaliseRequest(request: RouteRequest): NormalisedRequest {
  const rawPath = request.path ?? '/';
  const questionMark = rawPath.indexOf('?');
  const path = (questionMark === -1 ? rawPath : rawPath.slice(0, questionMark)) || '/';
  let query = NONE;
  if (questionMark !== -1) {
    const parsed = new Map<string, string>();
    for (const [name, value] of new URLSearchParams(rawPath.slice(questionMark + 1))) {
      if (!parsed.has(name)) parsed.set(name, value);
    }
    query = parsed;
  }
  let headers = NONE;
  if (request.headers) {
    const lowered = new Map<string, string>();
    for (const [name, value] of Object.entries(request.headers)) lowered.set(name.toLowerCase(), value);
    headers = lowered;
  }
  let cookies = NONE;
  const cookieHeader = headers.get('cookie');
  if (cookieHeader !== undefined) {
    const parsed = new Map<string, string>();
    for (const part of cookieHeader.split(';')) {
      const equals = part.indexOf('=');
      if (equals > 0) parsed.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
    }
    cookies = parsed;
  }
  const host = normaliseRequestHost(request.host);
  const suffixes: string[] = [];
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1))
    suffixes.push(host.slice(dot));
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    scheme: (request.scheme ?? 'http').toLowerCase(),
    host,
    suffixes,
    path,
    query,
    headers,
    cookies,
    rawHost: request.host,
    rawPath,
    rawHeaders: request.headers ?? {},
  };
}

function evaluate(
  table: RouteTable,
  index: TableIndex,
  frontend: FrontendIndex,
  req: NormalisedRequest,
): FrontendOutcome {
  // Most frontends know nothing of a given host: answer those without building any candidate list.
  if (!hasEntriesFor(frontend, req)) return { index: frontend, winner: undefined, losers: [] };
  const f = frontend.frontend;
  if (f.type === 'gateway') return evaluateGateway(table, index, frontend, req);
  if (f.controller === 'traefik') return evaluateTraefik(table, index, frontend, req);
  return evaluateIngress(table, index, frontend, req);
}

function hasEntriesFor(frontend: FrontendIndex, req: NormalisedRequest): boolean {
  if (frontend.any.length > 0 || frontend.exact.has(req.host)) return true;
  if (frontend.wildcard.size === 0) return false;
  for (const suffix of req.suffixes) if (frontend.wildcard.has(suffix)) return true;
  return false;
}

function entriesOf(table: RouteTable, ids: readonly number[] | undefined): RouteEntry[] {
  return (ids ?? []).map((id) => table.entries[id]).filter((e): e is RouteEntry => e !== undefined);
}

function serves(entry: RouteEntry): boolean {
  return (entry.dead === undefined || entry.dead.answers !== undefined) && entry.shadowed === undefined;
}

/** Why an entry that never serves lost, or undefined when it competes. */
function notServing(table: RouteTable, entry: RouteEntry): string | undefined {
  if (entry.dead && entry.dead.answers === undefined) return `dead: ${entry.dead.detail}`;
  if (entry.shadowed) {
    const by = table.entries[entry.shadowed.by];
    return `shadowed (${entry.shadowed.reason}): ${entry.shadowed.detail}${by ? ` [entry ${String(by.id)}]` : ''}`;
  }
  return undefined;
}

// --- Ingress spec, ingress-nginx, HAProxy -----------------------------------------------------------

const PATH_TYPE_RANK: Readonly<Record<string, number>> = { Exact: 3, Prefix: 2, ImplementationSpecific: 1 };

interface HostGroup {
  readonly label: string;
  readonly hostKey: string;
  readonly entries: RouteEntry[];
}

function ingressHostGroups(table: RouteTable, frontend: FrontendIndex, req: NormalisedRequest): HostGroup[] {
  const suffix = req.suffixes[0];
  const wildcard = suffix === undefined ? undefined : frontend.wildcard.get(suffix);
  return [
    { label: 'exact host', hostKey: req.host, entries: entriesOf(table, frontend.exact.get(req.host)) },
    {
      label: 'wildcard host',
      hostKey: suffix === undefined ? '' : `*${suffix}`,
      entries: wildcard ? entriesOf(table, wildcard).filter((e) => hostMatches(e.host, req.host)) : [],
    },
    { label: 'hostless rule', hostKey: '', entries: entriesOf(table, frontend.any) },
  ];
}

function evaluateIngress(
  table: RouteTable,
  index: TableIndex,
  frontend: FrontendIndex,
  req: NormalisedRequest,
): FrontendOutcome {
  const groups = ingressHostGroups(table, frontend, req);
  const chosen = groups.findIndex((g) => g.entries.some((e) => serves(e) && !e.canary));
  const losers: Candidate[] = [];
  let winner: RouteEntry | undefined;
  groups.forEach((group, position) => {
    if (position !== chosen) {
      const better = chosen === -1 ? undefined : groups[chosen]?.label;
      for (const entry of group.entries) {
        if (entry.canary || pathMatchLength(entry.path, index.pathRegex[entry.id], req.path) < 0) continue;
        losers.push(
          candidate(
            entry,
            better ? `${group.label} loses to the ${better}` : (notServing(table, entry) ?? 'not served'),
          ),
        );
      }
      return;
    }
    const order = frontend.regexHosts.get(group.hostKey);
    const result = order
      ? regexLocations(table, index, entriesOf(table, order), group.entries, req)
      : spec(table, index, group.entries, req);
    winner = result.winner;
    losers.push(...result.losers);
  });
  return { index: frontend, winner, losers };
}

/** Longest match first; on equal length Exact, then Prefix, then ImplementationSpecific; then the oldest. */
function spec(
  table: RouteTable,
  index: TableIndex,
  entries: readonly RouteEntry[],
  req: NormalisedRequest,
): { winner: RouteEntry | undefined; losers: Candidate[] } {
  const unmatched: Candidate[] = [];
  const ranked: Ranked[] = [];
  for (const entry of entries) {
    if (entry.canary) continue;
    const length = pathMatchLength(entry.path, index.pathRegex[entry.id], req.path);
    const why = notServing(table, entry);
    if (length < 0) unmatched.push(candidate(entry, 'path does not match'));
    else if (why !== undefined) unmatched.unshift(candidate(entry, why));
    else ranked.push({ entry, keys: [length, PATH_TYPE_RANK[entry.path.type] ?? 0] });
  }
  const [first, ...rest] = sortRanked(ranked);
  return {
    winner: first?.entry,
    losers: [...rest.map((r) => candidate(r.entry, ingressLoss(first, r))), ...unmatched],
  };
}

function ingressLoss(winner: Ranked | undefined, loser: Ranked): string {
  if (!winner) return 'lost';
  const [wLength = 0, wType = 0] = winner.keys;
  const [lLength = 0, lType = 0] = loser.keys;
  if (lLength < wLength) return loser.entry.path.semantics === 'exact' ? 'shorter path' : 'shorter prefix';
  if (lType < wType) return `${loser.entry.path.type} loses to ${winner.entry.path.type} on an equal path`;
  return `${sourceName(winner.entry.source)} is older`;
}

/** ingress-nginx regex mode: locations in order, the first regex that matches wins. */
function regexLocations(
  table: RouteTable,
  index: TableIndex,
  order: readonly RouteEntry[],
  group: readonly RouteEntry[],
  req: NormalisedRequest,
): { winner: RouteEntry | undefined; losers: Candidate[] } {
  const losers: Candidate[] = [];
  let winner: RouteEntry | undefined;
  for (const entry of order) {
    const matches = pathMatchLength(entry.path, index.pathRegex[entry.id], req.path) >= 0;
    const why = notServing(table, entry);
    if (!matches) losers.push(candidate(entry, 'regex does not match'));
    else if (why !== undefined) losers.push(candidate(entry, why));
    else if (winner) losers.push(candidate(entry, `regex "${winner.path.value}" is longer and listed first`));
    else winner = entry;
  }
  const listed = new Set(order);
  for (const entry of group) {
    if (!listed.has(entry) && !entry.canary)
      losers.push(candidate(entry, notServing(table, entry) ?? 'not a location'));
  }
  return {
    winner,
    losers: [
      ...losers.filter((l) => !l.lostBecause.includes('does not match')),
      ...losers.filter((l) => l.lostBecause.includes('does not match')),
    ],
  };
}

// --- Traefik ---------------------------------------------------------------------------------------

function evaluateTraefik(
  table: RouteTable,
  index: TableIndex,
  frontend: FrontendIndex,
  req: NormalisedRequest,
): FrontendOutcome {
  const groups = ingressHostGroups(table, frontend, req);
  const losers: Candidate[] = [];
  const ranked: Ranked[] = [];
  for (const entry of groups.flatMap((g) => g.entries)) {
    const length = pathMatchLength(entry.path, index.pathRegex[entry.id], req.path);
    const why = notServing(table, entry);
    if (length < 0) losers.push(candidate(entry, 'path does not match'));
    else if (why !== undefined) losers.push(candidate(entry, why));
    else ranked.push({ entry, keys: [entry.priority ?? 0] });
  }
  const [first, ...rest] = sortRanked(ranked);
  const matched = rest.map((r) =>
    candidate(
      r.entry,
      (r.keys[0] ?? 0) < (first?.keys[0] ?? 0)
        ? `lower router priority (${String(r.keys[0])} < ${String(first?.keys[0])})`
        : `same priority; ${first ? sourceName(first.entry.source) : ''} is older`,
    ),
  );
  return { index: frontend, winner: first?.entry, losers: [...matched, ...losers] };
}

// --- Gateway API -----------------------------------------------------------------------------------

function evaluateGateway(
  table: RouteTable,
  index: TableIndex,
  frontend: FrontendIndex,
  req: NormalisedRequest,
): FrontendOutcome {
  const f = frontend.frontend;
  const protocols = req.scheme === 'https' ? ['HTTPS', 'TLS'] : ['HTTP'];
  let best: { name: string; rank: number } | undefined;
  if (f.type === 'gateway') {
    for (const listener of f.listeners) {
      if (!protocols.includes(listener.protocol)) continue;
      const rank = listenerRank(listener.hostname, req.host);
      if (rank >= 0 && (!best || rank > best.rank)) best = { name: listener.name, rank };
    }
  }
  const candidates = gatewayHostEntries(table, frontend, req);
  const losers: Candidate[] = [];
  const ranked: Ranked[] = [];
  for (const entry of candidates) {
    if (entry.listener !== best?.name) {
      if (entry.listener !== undefined && matchesRequest(index, entry, req))
        losers.push(
          candidate(entry, `listener ${entry.listener} is less specific than ${best?.name ?? 'none'}`),
        );
      continue;
    }
    const why = notServing(table, entry);
    if (!matchesRequest(index, entry, req)) losers.push(candidate(entry, 'match does not apply'));
    else if (why !== undefined) losers.push(candidate(entry, why));
    else ranked.push({ entry, keys: gatewayKeys(entry) });
  }
  ranked.sort(
    (a, b) =>
      compareKeys(a.keys, b.keys) || compareAge(a.entry, b.entry) || a.entry.position - b.entry.position,
  );
  const [first, ...rest] = ranked;
  const matched = rest.map((r) => candidate(r.entry, gatewayLoss(first, r)));
  return { index: frontend, winner: first?.entry, losers: [...matched, ...losers] };
}

function gatewayHostEntries(
  table: RouteTable,
  frontend: FrontendIndex,
  req: NormalisedRequest,
): RouteEntry[] {
  const out = entriesOf(table, frontend.exact.get(req.host));
  // Gateway API wildcards cover one or more labels: try every suffix of the host.
  for (const suffix of req.suffixes) {
    const ids = frontend.wildcard.get(suffix);
    if (ids) out.push(...entriesOf(table, ids).filter((e) => hostMatches(e.host, req.host)));
  }
  out.push(...entriesOf(table, frontend.any));
  return out;
}

function matchesRequest(index: TableIndex, entry: RouteEntry, req: NormalisedRequest): boolean {
  return (
    pathMatchLength(entry.path, index.pathRegex[entry.id], req.path) >= 0 &&
    (entry.method === undefined || entry.method === req.method) &&
    headersMatch(entry.headers, req.headers, index.headerRegex[entry.id] ?? []) &&
    queryMatch(entry.queryParams, req.query, index.queryRegex[entry.id] ?? [])
  );
}

/** Exact path > (regex) > longest prefix > method > most headers > most query params. */
function gatewayKeys(entry: RouteEntry): number[] {
  const { semantics, value } = entry.path;
  const pathRank = semantics === 'exact' ? 2 : semantics === 'regex' ? 1 : 0;
  return [
    pathRank,
    semantics === 'exact' ? 0 : value.length,
    entry.method === undefined ? 0 : 1,
    entry.headers.length,
    entry.queryParams.length,
  ];
}

const GATEWAY_KEY_NAMES = [
  'path match type',
  'prefix length',
  'method match',
  'header matches',
  'query matches',
];

function gatewayLoss(winner: Ranked | undefined, loser: Ranked): string {
  if (!winner) return 'lost';
  const position = winner.keys.findIndex((k, i) => k !== loser.keys[i]);
  if (position === -1) {
    if (
      winner.entry.source.name === loser.entry.source.name &&
      winner.entry.source.namespace === loser.entry.source.namespace
    )
      return 'an earlier rule of the same route matches';
    return winner.entry.created !== loser.entry.created
      ? `${sourceName(winner.entry.source)} is older`
      : `${sourceName(winner.entry.source)} comes first by namespace/name`;
  }
  return `fewer ${GATEWAY_KEY_NAMES[position] ?? 'matches'} (${String(loser.keys[position])} < ${String(winner.keys[position])})`;
}

// --- shared ----------------------------------------------------------------------------------------

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (b[i] ?? 0) - (a[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function sortRanked(ranked: Ranked[]): Ranked[] {
  return ranked.sort(
    (a, b) =>
      compareKeys(a.keys, b.keys) || compareAge(a.entry, b.entry) || a.entry.position - b.entry.position,
  );
}

function candidate(entry: RouteEntry, lostBecause: string): Candidate {
  return {
    kind: entry.source.kind,
    namespace: entry.source.namespace,
    name: entry.source.name,
    host: displayHostMatch(entry.host),
    path: entry.path.value,
    pathType: entry.path.type,
    lostBecause,
    entry: entry.id,
  };
}

function requestOut(req: NormalisedRequest): RouteDecision['request'] {
  return {
    method: req.method,
    scheme: req.scheme,
    host: req.rawHost,
    path: req.rawPath,
    headers: req.rawHeaders,
  };
}

function backendOut(backend: ResolvedBackend): DecisionBackend {
  return {
    kind: backend.kind,
    namespace: backend.namespace,
    name: backend.name,
    port: backend.port ?? null,
    selector: backend.selector ?? null,
  };
}

function controllerName(frontend: Frontend): string {
  if (frontend.type === 'ingress') return frontend.controllerId;
  return frontend.controllerName ?? `Gateway ${frontend.namespace}/${frontend.name}`;
}

const EXPLAIN = Symbol('explain');

interface Explainable {
  readonly [EXPLAIN]: () => Candidate[];
}

/**
 * `candidates` as an own, enumerable getter between `controls` and `frontend`, so JSON output, key
 * order, spreads and deep equality see the field as before; it runs `explain` on the first read and
 * keeps the list. One getter function shared by every decision: V8 then shares one shape between them
 * (a getter written in an object literal is a new function, and a new shape, per decision).
 */
function withCandidates<T extends object>(
  head: T,
  explain: () => Candidate[],
): T & { readonly candidates: readonly Candidate[] } {
  let candidates: Candidate[] | undefined;
  Object.defineProperty(head, EXPLAIN, { value: () => (candidates ??= explain()) });
  Object.defineProperty(head, 'candidates', CANDIDATES);
  return head as T & { readonly candidates: readonly Candidate[] };
}

const CANDIDATES: PropertyDescriptor = {
  get(this: Explainable): Candidate[] {
    return this[EXPLAIN]();
  },
  enumerable: true,
  configurable: true,
};

function fallbackDecision(
  req: NormalisedRequest,
  frontend: FrontendIndex | undefined,
  explain: () => Candidate[],
): RouteDecision {
  const defaultBackend: DefaultBackendEntry | undefined = frontend?.defaultBackend;
  const backend = defaultBackend ? backendOut(defaultBackend.backend) : null;
  const head = withCandidates(
    {
      schemaVersion: 1 as const,
      request: requestOut(req),
      match: null,
      backend,
      fallback: defaultBackend ? ('default-backend' as const) : ('controller-404' as const),
      tls: null,
      controls: null,
    },
    explain,
  );
  return Object.assign(head, {
    frontend: frontend?.key ?? null,
    backends: backend ? [{ ...backend, share: 1, canary: false }] : [],
    errorStatus: null,
    entry: null,
    canary: null,
  });
}

interface Share {
  readonly backend: ResolvedBackend;
  readonly share: number;
  readonly canary: boolean;
}

interface Split {
  readonly backends: readonly Share[];
  readonly canary: RouteDecision['canary'];
  readonly entry: RouteEntry;
}

/** ingress-nginx canary order: header, then cookie, then weight (both reported with their shares). */
function canarySplit(index: TableIndex, winner: RouteEntry, req: NormalisedRequest): Split | undefined {
  const canaryEntry = index.lookup.canaries.get(winner.id)?.[0];
  const info = canaryEntry?.canary;
  if (!canaryEntry || !info) return undefined;
  const only = (entry: RouteEntry, decidedBy: 'header' | 'cookie', detail: string): Split => ({
    backends: entry.backends.map((backend) => ({ backend, share: 1, canary: entry === canaryEntry })),
    canary: { decidedBy, detail },
    entry,
  });
  if (info.byHeader !== undefined) {
    const value = req.headers.get(info.byHeader.toLowerCase());
    if (value !== undefined) {
      if (info.headerValue !== undefined) {
        if (value === info.headerValue) return only(canaryEntry, 'header', `${info.byHeader}: ${value}`);
      } else if (info.headerPattern !== undefined) {
        if (safeTest(info.headerPattern, value))
          return only(canaryEntry, 'header', `${info.byHeader} matches ${info.headerPattern}`);
      } else if (value === 'always') return only(canaryEntry, 'header', `${info.byHeader}: always`);
      else if (value === 'never') return only(winner, 'header', `${info.byHeader}: never`);
    }
  }
  if (info.byCookie !== undefined) {
    const value = req.cookies.get(info.byCookie);
    if (value === 'always') return only(canaryEntry, 'cookie', `${info.byCookie}=always`);
    if (value === 'never') return only(winner, 'cookie', `${info.byCookie}=never`);
  }
  const share = Math.min(info.weight / info.weightTotal, 1);
  if (share <= 0)
    return {
      backends: winner.backends.map((backend) => ({ backend, share: 1, canary: false })),
      canary: { decidedBy: 'none', detail: 'canary weight 0' },
      entry: winner,
    };
  return {
    backends: [
      ...winner.backends.map((backend) => ({ backend, share: 1 - share, canary: false })),
      ...canaryEntry.backends.map((backend) => ({ backend, share, canary: true })),
    ],
    canary: {
      decidedBy: 'weight',
      detail: `${String(info.weight)}/${String(info.weightTotal)} to the canary`,
    },
    entry: share >= 1 ? canaryEntry : winner,
  };
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

function weightedBackends(entry: RouteEntry): Share[] {
  let total = 0;
  for (const backend of entry.backends) if (backend.weight > 0) total += backend.weight;
  const shares: Share[] = [];
  for (const backend of entry.backends) {
    if (backend.weight > 0)
      shares.push({ backend, share: total === 0 ? 0 : backend.weight / total, canary: false });
  }
  return shares;
}

/** The largest usable share (the first of equals); when none can answer, the first backend. */
function largestShare(shares: readonly Share[]): Share | undefined {
  let largest: Share | undefined;
  for (const share of shares) {
    if (share.backend.problem !== undefined) continue;
    if (!largest || share.share > largest.share) largest = share;
  }
  return largest ?? shares[0];
}

function matchDecision(
  index: TableIndex,
  req: NormalisedRequest,
  frontend: FrontendIndex,
  winner: RouteEntry,
  explain: () => Candidate[],
): RouteDecision {
  const split = winner.frontend.type === 'ingress' ? canarySplit(index, winner, req) : undefined;
  const decided = split?.entry ?? winner;
  const shares = split?.backends ?? weightedBackends(decided);
  const largest = largestShare(shares);
  const errorStatus = decided.dead?.answers ?? null;
  const explainAll = (): Candidate[] => {
    const list = explain();
    if (split && decided !== winner)
      list.unshift(
        candidate(
          winner,
          `canary ${sourceName(decided.source)} takes the request (${split.canary?.detail ?? ''})`,
        ),
      );
    return list;
  };
  const tls = decided.tls;
  const head = withCandidates(
    {
      schemaVersion: 1 as const,
      request: requestOut(req),
      match: {
        kind: decided.source.kind,
        namespace: decided.source.namespace,
        name: decided.source.name,
        host: displayHostMatch(decided.host),
        path: decided.path.value,
        pathType: decided.path.type,
        controller: controllerName(decided.frontend),
        fieldPath: decided.source.fieldPath,
        file: decided.source.file ?? null,
      },
      backend: largest ? backendOut(largest.backend) : null,
      fallback: null,
      tls: tls
        ? { terminated: tls.terminated, secret: tls.secret, coversHost: tls.coversHost }
        : { terminated: false, secret: null, coversHost: null },
      controls: decided.controls,
    },
    explainAll,
  );
  return Object.assign(head, {
    frontend: frontend.key,
    backends: shares.map((s) => shareOut(s)),
    errorStatus,
    entry: decided.id,
    canary: split?.canary ?? null,
  });
}

function shareOut({ backend, share, canary }: Share): RouteDecision['backends'][number] {
  return { ...backendOut(backend), share, canary };
}
