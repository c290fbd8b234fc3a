/**
 * Our own port to a Kubernetes API server (DESIGN §4, "fake at our own port"): what gatewatch needs from a
 * cluster, in our words. The only implementation that talks HTTP is kubernetes-client.ts (the adapter to
 * @kubernetes/client-node); unit tests of everything above use the in-memory fake.ts.
 *
 * Every call answers with an outcome instead of throwing: a kind the identity may not read, or a kind the
 * server does not serve, is a fact the scan must report ("not checked", exit 3) or use (absence), never a
 * crash and never a silent pass.
 */
import type { JsonObject } from '../../model/resource.ts';

/** A kind we want, and the API groups that may serve it (first match wins; '' is the core group). */
export interface WantedKind {
  readonly kind: string;
  readonly groups: readonly string[];
}

/** Where the server serves a kind, as discovery found it. */
export interface ServedKind {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  /** The plural resource name of the URL, e.g. `ingresses`. */
  readonly resource: string;
  readonly namespaced: boolean;
}

export function apiVersionOf(served: Pick<ServedKind, 'group' | 'version'>): string {
  return served.group === '' ? served.version : `${served.group}/${served.version}`;
}

/** Why something could not be read. `message` is the server's own words where it gave any. */
export type Failure =
  | { readonly status: 'forbidden'; readonly message: string }
  | { readonly status: 'error'; readonly message: string };

export type KindDiscovery =
  | { readonly status: 'served'; readonly served: ServedKind }
  /** No group or version the server knows has this kind (an absent CRD): absence of its objects is a fact. */
  | { readonly status: 'notServed' }
  | Failure;

export type Discovery =
  | { readonly status: 'ok'; readonly kinds: ReadonlyMap<string, KindDiscovery> }
  /** The server could not be asked at all (unreachable, credentials refused): nothing can be read. */
  | Failure;

export interface ListRequest {
  readonly served: ServedKind;
  /** Omitted: all namespaces (and always for cluster-scoped kinds). */
  readonly namespace?: string;
  /** The server-side field selector, e.g. `type=kubernetes.io/tls`. */
  readonly fieldSelector?: string;
  /** Called after each page with the number of items read so far for this kind. */
  readonly onProgress?: (itemsSoFar: number) => void;
}

export type ListOutcome =
  /**
   * Items as the server sent them, each with `apiVersion` and `kind` set (list items lack both) and
   * without `metadata.managedFields` (server bookkeeping nothing reads, often the largest part of an
   * object: dropped page by page, not kept for a whole list), and the list's resourceVersion (the
   * snapshot a watch resumes from), when the server gave one.
   */
  | { readonly status: 'ok'; readonly items: readonly JsonObject[]; readonly resourceVersion?: string }
  /** The kind disappeared between discovery and list (a CRD removed): no objects. */
  | { readonly status: 'notServed' }
  | Failure;

/** Who the server says the credentials belong to (SelfSubjectReview). */
export type Identity =
  | {
      readonly status: 'ok';
      readonly username: string;
      readonly groups: readonly string[];
    }
  | Failure;

/** A SubjectAccessReview question: may `user` (with `groups`) do `verb` on the resource? */
export interface AccessQuestion {
  readonly user?: string;
  readonly groups?: readonly string[];
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

export type AccessAnswer =
  | { readonly status: 'ok'; readonly allowed: boolean; readonly denied: boolean; readonly reason: string }
  | Failure;

export interface WatchRequest {
  readonly served: ServedKind;
  /** Omitted: all namespaces (and always for cluster-scoped kinds). */
  readonly namespace?: string;
  readonly fieldSelector?: string;
  /** Changes after this version are sent (the list's resourceVersion, then the last event's). */
  readonly resourceVersion: string;
  /** Ask for BOOKMARK events: the server tells the version it reached while nothing we watch changes. */
  readonly allowWatchBookmarks?: boolean;
  /** The server closes the stream after this long (a fresh watch is then started from the last version). */
  readonly timeoutSeconds?: number;
  /** Aborting ends the stream (the iterator finishes). */
  readonly signal?: AbortSignal;
}

/** The `Status` of a failed watch, as the server sent it (code 410 = the version is too old: relist). */
export interface WatchStatus {
  /** HTTP status; 0 when no answer came at all (connection refused, TLS failure). */
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

export type WatchEvent =
  /** `object` is complete (apiVersion and kind set), as the server stores it. */
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: JsonObject }
  | { readonly type: 'BOOKMARK'; readonly resourceVersion: string }
  /**
   * The watch failed: an ERROR event in the stream, an HTTP error answer, or no connection. The stream
   * ends after it.
   */
  | { readonly type: 'ERROR'; readonly status: WatchStatus };

/** A `coordination.k8s.io/v1` Lease, the fields leader election uses. */
export interface Lease {
  readonly namespace: string;
  readonly name: string;
  /** The server's version of the object: an update naming an older one answers `conflict`. */
  readonly resourceVersion?: string;
  readonly holderIdentity?: string;
  readonly leaseDurationSeconds?: number;
  /** RFC 3339 with microseconds (`MicroTime`), as the API server writes it. */
  readonly acquireTime?: string;
  readonly renewTime?: string;
  readonly leaseTransitions?: number;
}

export type LeaseOutcome =
  | { readonly status: 'ok'; readonly lease: Lease }
  | { readonly status: 'notFound' }
  /** 409: someone else wrote the Lease first (create: it exists; update: our resourceVersion is stale). */
  | { readonly status: 'conflict'; readonly message: string }
  | Failure;

/** What leader election needs from the API server: get, create and update of one Lease. */
export interface LeaseApi {
  getLease(namespace: string, name: string): Promise<LeaseOutcome>;
  createLease(lease: Lease): Promise<LeaseOutcome>;
  /** Replaces the Lease; `lease.resourceVersion` must be the one read (optimistic concurrency). */
  updateLease(lease: Lease): Promise<LeaseOutcome>;
}

export interface ClusterReader {
  /** What the reader points at, for messages: `context (server)`. */
  readonly target: string;
  discover(wanted: readonly WantedKind[]): Promise<Discovery>;
  list(request: ListRequest): Promise<ListOutcome>;
  /**
   * Changes to a kind from `resourceVersion` on, until the server closes the stream, the connection
   * drops, `signal` aborts, or an ERROR event (always the last one) says why not.
   */
  watch(request: WatchRequest): AsyncIterable<WatchEvent>;
  whoAmI(): Promise<Identity>;
  review(question: AccessQuestion): Promise<AccessAnswer>;
  /** Releases connections; the reader is not used afterwards. */
  close(): Promise<void>;
}
