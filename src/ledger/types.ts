/**
 * The change ledger's vocabulary (spec/accountability.md): one `Change` per audit event on a tracked
 * object. Pure types, shared by the readers' consumer (ingest.ts), the stores (store/) and the
 * detections (detections/). These names are stable: detections and commands build on them.
 *
 * Where detections hook in: implement `ChangeObserver` and pass it to `ingest()` (ingest.ts). It is
 * called once per change newly added to the ledger, in input order, after the change is stored.
 */
import type { Json, JsonObject } from '../model/resource.ts';

export type { Json, JsonObject };

/** The stages that carry an outcome; `RequestReceived` and `ResponseStarted` are never recorded. */
export type AuditStage = 'ResponseComplete' | 'Panic';

/** The audit policy level the event was recorded at. */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

/** Identity of an object across its versions (the subresource is not part of it). */
export interface ObjectKey {
  /** '' for the core group (Secrets, ConfigMaps). */
  readonly apiGroup: string;
  /** Plural resource as in the URL: `ingresses`, `httproutes`, `secrets`. */
  readonly resource: string;
  /** null for cluster-scoped objects (IngressClass, ClusterRole…) and cluster-wide lists. */
  readonly namespace: string | null;
  /** '' for requests without a name (list, watch, deletecollection). */
  readonly name: string;
}

/** What the change was made on: the object key plus how it was addressed. */
export interface ObjectRef extends ObjectKey {
  /** `status` for `ingresses/status` writes, null otherwise. */
  readonly subresource: string | null;
  /** Kind from the resource (`Ingress`), or the body's kind for resources gatewatch does not know. */
  readonly kind: string;
  /** API version the request used (`v1`, `v1beta1`). */
  readonly apiVersion: string;
}

export interface Actor {
  /** The effective identity: the impersonated user when impersonation was used. */
  readonly username: string;
  readonly uid: string | null;
  /** Groups of the effective identity. */
  readonly groups: readonly string[];
  /** The real requester when the request impersonated `username`, else null. */
  readonly impersonatedBy: string | null;
  readonly sourceIPs: readonly string[];
  readonly userAgent: string | null;
}

export interface Outcome {
  /** HTTP status code (`responseStatus.code`); null when the event has none (Panic without status). */
  readonly code: number | null;
  /** true for 401/403 and for admission denials. */
  readonly denied: boolean;
  /** `responseStatus.reason` (`Forbidden`, `Invalid`…), or the message when there is no reason. */
  readonly reason: string | null;
  readonly message: string | null;
  /**
   * Who refused: the admission webhook name (`validate.nginx.ingress.kubernetes.io`), the
   * ValidatingAdmissionPolicy name, `authorization` for a 403 by the authorizer (RBAC…),
   * `authentication` for a 401; null otherwise.
   */
  readonly deniedBy: string | null;
}

export interface Authorization {
  /** `authorization.k8s.io/decision`: `allow` or `forbid`. */
  readonly decision: string | null;
  /** `authorization.k8s.io/reason`, e.g. `RBAC: allowed by ClusterRoleBinding "x" of …`. */
  readonly reason: string | null;
}

export interface DiffEntry {
  /** Field path as findings carry them (model/field-path.ts): `spec.tls[0].hosts[1]`. */
  readonly path: string;
  readonly old: Json;
  readonly new: Json;
}

/** Structural difference between two versions: leaf paths added, removed and changed. */
export interface Diff {
  /** Paths present only in the new version (an added array element or object is one path). */
  readonly added: readonly string[];
  /** Paths present only in the previous version. */
  readonly removed: readonly string[];
  readonly changed: readonly DiffEntry[];
}

export type ReadVerb = 'get' | 'list' | 'watch';
export const WRITE_VERBS: ReadonlySet<string> = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
]);

export interface Change {
  /** Ledger reference: `<auditID>/<stage>`, unique in a ledger (alerts carry it). */
  readonly ref: string;
  /** `stageTimestamp`, RFC 3339 with microseconds, UTC (`2026-11-22T05:55:01.123456Z`). */
  readonly time: string;
  readonly auditID: string;
  readonly stage: AuditStage;
  readonly level: AuditLevel;
  /** Kubernetes verb: get list watch create update patch delete deletecollection. */
  readonly verb: string;
  /** true for create/update/patch/delete/deletecollection; reads (Secrets) are false. */
  readonly write: boolean;
  readonly requestURI: string;
  readonly object: ObjectRef;
  readonly outcome: Outcome;
  readonly actor: Actor;
  readonly authorization: Authorization;
  /** All audit annotations of the event, as written by the API server. */
  readonly annotations: Readonly<Record<string, string>>;
  /**
   * The object after the change (`responseObject` of a successful create/update/patch), null when
   * unknown: no body at this level, a denied or failed request, a delete, a read. For Secrets only
   * `metadata` (and `type`) is kept — never `data`/`stringData`.
   */
  readonly state: JsonObject | null;
  /** The version before: the ledger's latest known state of the object when this change arrived. */
  readonly previous: JsonObject | null;
  /**
   * Ledger reference (`ref`) of the change whose state `previous` is, when it came from the ledger.
   * Stores use it to keep each state once; absent or null otherwise.
   */
  readonly previousRef?: string | null;
  /** `previous` → `state`; null when either side is unknown. */
  readonly diff: Diff | null;
  /**
   * The request body when it is not a state: the patch body of a `patch` (JSON patch, merge patch or
   * strategic merge patch). Never used as a state. null for other verbs and for Secrets.
   */
  readonly patch: Json | null;
  /** true when the event was recorded at `Metadata` level (or without bodies): content unknown. */
  readonly bodyless: boolean;
  /** true when this change ended the object (successful delete). */
  readonly deleted: boolean;
}

/** Filters for history queries; every field optional, all combined with AND. */
export interface ChangeFilter {
  /** Effective username or impersonator. */
  readonly actor?: string;
  /** Inclusive lower bound on `time` (RFC 3339). */
  readonly since?: string;
  /** Exclusive upper bound on `time` (RFC 3339). */
  readonly until?: string;
  readonly verbs?: readonly string[];
  /** Only writes (true) or only reads (false). */
  readonly write?: boolean;
  readonly limit?: number;
}

/** What the ledger knows about the sources an actor used. */
export interface ActorSources {
  readonly username: string;
  readonly sourceIPs: readonly SeenValue[];
  readonly userAgents: readonly SeenValue[];
}

export interface SeenValue {
  readonly value: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly count: number;
}

/** One object of the ledger with its latest change. */
export interface ObjectSummary {
  readonly object: ObjectRef;
  readonly changes: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly deleted: boolean;
}

export interface ObjectListFilter {
  readonly resource?: string;
  readonly namespace?: string;
}

/** Read side of the ledger: what detections, `history` and `investigate` query. */
export interface LedgerReader {
  /**
   * The latest successful write of the object (with or without body) at or before `atOrBefore`
   * (default: the end of the ledger); null when the ledger has none.
   */
  latestVersion(key: ObjectKey, atOrBefore?: string): Promise<Change | null>;
  /** Changes of one object (writes, and reads for Secrets), oldest first. */
  history(key: ObjectKey, filter?: ChangeFilter): Promise<Change[]>;
  /** Every change by one actor (as effective user or impersonator) in [since, until), oldest first. */
  changesByActor(username: string, filter?: ChangeFilter): Promise<Change[]>;
  /** Source IPs and user agents seen for the actor on earlier changes; empty lists when never seen. */
  actorSources(username: string, before?: string): Promise<ActorSources>;
  listObjects(filter?: ObjectListFilter): Promise<ObjectSummary[]>;
  getChange(ref: string): Promise<Change | null>;
  countChanges(): Promise<number>;
}

/** Context given to observers with each new change. */
export interface ChangeContext {
  /** The ledger, already containing this change (and everything ingested before it). */
  readonly ledger: LedgerReader;
  /**
   * What the ledger knew of this actor BEFORE this change: the source IPs and user agents of their
   * earlier changes, and how many earlier changes there were (0: first time seen).
   */
  readonly actorBefore: {
    readonly changes: number;
    readonly sourceIPs: readonly string[];
    readonly userAgents: readonly string[];
  };
}

/** Counts an ingest reports (the `input` object of the JSON contract, plus `changes`). */
export interface IngestSummary {
  readonly files: number;
  /** Audit events read (all stages), in this run. */
  readonly events: number;
  readonly malformed: number;
  /** Tracked events already in the ledger (same auditID + stage). */
  readonly duplicates: number;
  /** Changes newly added to the ledger by this run. */
  readonly changes: number;
  /** Files skipped because the ledger had read them completely already. */
  readonly skippedFiles: number;
  /** Malformed lines with where they are (capped; `malformed` has the full count). */
  readonly problems: readonly InputLineProblem[];
}

export interface InputLineProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * The hook for detections (and anything else that reacts to changes during ingest). `onChange` is
 * called for every change newly stored, in input order, never for duplicates; an ingest waits for
 * the returned promise before reading on. `onEnd` is called once after the last input.
 */
export interface ChangeObserver {
  onChange(change: Change, context: ChangeContext): void | Promise<void>;
  onEnd?(summary: IngestSummary): void | Promise<void>;
}

/** `<auditID>/<stage>`. */
export function changeRef(auditID: string, stage: AuditStage): string {
  return `${auditID}/${stage}`;
}

export function objectKeyOf(ref: ObjectKey): ObjectKey {
  return { apiGroup: ref.apiGroup, resource: ref.resource, namespace: ref.namespace, name: ref.name };
}

/** `networking.k8s.io/ingresses/shop/web`; stable text form of an ObjectKey (store index). */
export function objectKeyString(key: ObjectKey): string {
  return `${key.apiGroup}/${key.resource}/${key.namespace ?? ''}/${key.name}`;
}
