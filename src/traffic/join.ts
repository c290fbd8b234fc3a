/**
 * The join: each access-log record → the route entry that served it (spec/traffic.md).
 *
 * - ingress-nginx logs `$proxy_upstream_name` = `namespace-service-port` (the port as the Ingress
 *   backend writes it: number or name) and, in its default format, no host. The upstream name picks
 *   the entries whose backend it is; when several rules share a backend, the request path (and the
 *   host, when the format logs one) picks among them the way the controller would: the longest match.
 *   `upstream-default-backend` is the controller's default backend (no rule matched: an unknown host or
 *   path); an Ingress `spec.defaultBackend` has an upstream name of its own.
 * - Other formats (and nginx formats with `$host`) join through host + path with `route(table, …)`.
 * - An upstream name that is no backend of the configuration, on a record without a host, is
 *   `unrouted-upstream`: the log and the configuration disagree.
 *
 * Lookups are cached (bounded): many records share an upstream or a host + path.
 */
import { LogMemo } from './memo.ts';
import { route, type RouteEntry, type RouteTable } from '../routing/index.ts';
import { hostMatches, pathMatchLength } from '../routing/primitives.ts';
import { tableIndex } from '../routing/table.ts';
import type { AccessRecord } from '../sources/access/types.ts';

/** ingress-nginx's name for its own default backend (`[upstream-default-backend]` in the log). */
export const DEFAULT_BACKEND_UPSTREAM = 'upstream-default-backend';

export type JoinOutcome =
  /** Served by a route entry. */
  | 'route'
  /** Answered by a default backend: no rule matched the host (or the path). */
  | 'default-backend'
  /** An upstream name no backend of the configuration has. */
  | 'unrouted-upstream'
  /** The proxy answered without an upstream (redirects, denials) and logged no host to route by. */
  | 'no-upstream'
  /** No route table was given: nothing to join to. */
  | 'no-table';

export interface Joined {
  readonly outcome: JoinOutcome;
  readonly entry: RouteEntry | undefined;
}

const NO_TABLE: Joined = { outcome: 'no-table', entry: undefined };
const DEFAULT_BACKEND: Joined = { outcome: 'default-backend', entry: undefined };
const UNROUTED: Joined = { outcome: 'unrouted-upstream', entry: undefined };
const NO_UPSTREAM: Joined = { outcome: 'no-upstream', entry: undefined };

/** ingress-nginx's upstream name of a Service backend: `namespace-name-port`. */
export function nginxUpstreamName(
  namespace: string,
  name: string,
  port: number | string | undefined,
): string {
  return `${namespace}-${name}-${port === undefined ? '' : String(port)}`;
}

/** Whether a logged upstream name means "no upstream". */
function isEmptyUpstream(name: string | undefined): boolean {
  return name === undefined || name === '' || name === '-';
}

export class RouteJoiner {
  readonly #table: RouteTable | undefined;
  readonly #byUpstream = new Map<string, RouteEntry[]>();
  readonly #defaultBackends = new Set<string>([DEFAULT_BACKEND_UPSTREAM]);
  readonly #byUpstreamPath: LogMemo<Joined>;
  readonly #byHostPath: LogMemo<Joined>;
  readonly #pathRegex: readonly (RegExp | undefined)[];
  /** One Joined per entry, shared by every record of it. */
  readonly #routed: readonly Joined[];
  /** Upstream names that decide the join alone (one entry, or a default backend): one lookup per record. */
  readonly #direct = new Map<string, Joined>();

  constructor(table: RouteTable | undefined) {
    this.#table = table;
    this.#pathRegex = table ? tableIndex(table).pathRegex : [];
    this.#routed = table ? table.entries.map((entry) => ({ outcome: 'route', entry })) : [];
    if (table) {
      for (const entry of table.entries) {
        for (const backend of entry.backends) {
          if (backend.kind !== 'Service' || backend.name === '') continue;
          const name = nginxUpstreamName(backend.namespace, backend.name, backend.port);
          const list = this.#byUpstream.get(name);
          if (list) list.push(entry);
          else this.#byUpstream.set(name, [entry]);
        }
      }
      for (const fallback of table.defaultBackends) {
        const { backend } = fallback;
        this.#defaultBackends.add(nginxUpstreamName(backend.namespace, backend.name, backend.port));
      }
    }
    this.#direct.set(DEFAULT_BACKEND_UPSTREAM, DEFAULT_BACKEND);
    for (const name of this.#defaultBackends) this.#direct.set(name, DEFAULT_BACKEND);
    for (const [name, entries] of this.#byUpstream) {
      const only = entries.length === 1 ? entries[0] : undefined;
      if (only && !this.#defaultBackends.has(name)) this.#direct.set(name, this.#routed[only.id] ?? NO_TABLE);
    }
    this.#byUpstreamPath = new LogMemo((key) => this.#pickByUpstream(key), 16_384);
    this.#byHostPath = new LogMemo((key) => this.#pickByHost(key), 16_384);
  }

  get hasTable(): boolean {
    return this.#table !== undefined;
  }

  /** Whether an upstream name is a backend (or default backend) of the configuration. */
  knowsUpstream(name: string): boolean {
    return this.#byUpstream.has(name) || this.#defaultBackends.has(name);
  }

  join(record: AccessRecord): Joined {
    const upstream = record.upstreamName;
    if (upstream !== undefined && record.host === undefined) {
      const direct = this.#direct.get(upstream);
      if (direct) return direct;
    }
    if (upstream !== undefined && this.#defaultBackends.has(upstream)) return DEFAULT_BACKEND;
    if (!this.#table) return NO_TABLE;
    if (upstream !== undefined && !isEmptyUpstream(upstream)) {
      const entries = this.#byUpstream.get(upstream);
      const only = entries?.length === 1 ? entries[0] : undefined;
      if (only && record.host === undefined) return this.#routed[only.id] ?? NO_TABLE;
      if (entries)
        return this.#byUpstreamPath.get(`${upstream}\u0000${record.host ?? ''}\u0000${record.path}`);
      // Not an ingress-nginx name of ours: formats with a host still join by it (Traefik, Envoy name
      // their services differently); without a host the record cannot be placed.
      if (record.host === undefined) return UNROUTED;
    }
    if (record.host === undefined || record.host === '') return NO_UPSTREAM;
    return this.#byHostPath.get(`${record.host}\u0000${record.method}\u0000${record.path}`);
  }

  #pickByUpstream(key: string): Joined {
    const [upstream = '', host = '', path = ''] = key.split('\u0000');
    const entries = this.#byUpstream.get(upstream) ?? [];
    let best: RouteEntry | undefined;
    let bestLength = -1;
    for (const entry of entries) {
      if (host !== '' && !hostMatches(entry.host, host)) continue;
      const length = pathMatchLength(entry.path, this.#pathRegex[entry.id], path);
      if (length > bestLength) {
        best = entry;
        bestLength = length;
      }
    }
    // A rewritten or otherwise unmatched path still went to this backend: the first rule naming it.
    const chosen = best ?? entries[0];
    return chosen ? (this.#routed[chosen.id] ?? NO_TABLE) : UNROUTED;
  }

  #pickByHost(key: string): Joined {
    const [host = '', method = '', path = ''] = key.split('\u0000');
    const table = this.#table;
    if (!table) return NO_TABLE;
    const decision = route(table, { host, path, ...(method !== '' ? { method } : {}) });
    if (decision.entry !== null) return this.#routed[decision.entry] ?? NO_TABLE;
    return DEFAULT_BACKEND;
  }
}
