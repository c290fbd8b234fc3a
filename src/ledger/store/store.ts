/**
 * The ledger store port. Two implementations (sqlite.ts, postgres.ts) pass one contract suite
 * (test/ledger/store.contract.ts). Both keep each Change as its JSON record plus the columns the
 * queries filter on; the JSON is the truth, the columns are indexes.
 */
import { isVersion } from '../change.ts';
import {
  objectKeyString,
  type Change,
  type JsonObject,
  type LedgerReader,
  type ObjectKey,
  type ObjectRef,
} from '../types.ts';

/** How far an input file was read, so an interrupted ingest resumes where it stopped. */
export interface InputProgress {
  /** sha256 of the file's first KiB (sources/audit/read.ts inputIdentity). */
  readonly identity: string;
  readonly path: string;
  /** File size when last read. */
  readonly size: number;
  /** Offset (decompressed) just after the last line whose changes are stored. */
  readonly offset: number;
  /** Lines before `offset`. */
  readonly line: number;
  /** The whole file was read. */
  readonly complete: boolean;
}

export interface LatestState {
  readonly object: ObjectRef;
  readonly state: JsonObject;
}

export interface LedgerStore extends LedgerReader {
  readonly kind: 'sqlite' | 'postgres';
  /** Append a change unless one with the same auditID + stage is stored; true when added. */
  append(change: Change): Promise<boolean>;
  /** How many changes the ledger holds by this actor (as effective user or impersonator). */
  actorChangeCount(username: string): Promise<number>;
  inputProgress(identity: string): Promise<InputProgress | null>;
  saveInputProgress(progress: InputProgress): Promise<void>;
  /** The latest known state of every object of a resource (for the TLS Secrets ingresses use). */
  latestStates(resource: string): Promise<LatestState[]>;
  /**
   * Run `work` in one transaction: everything it appends and records is stored together or not at
   * all. Calls made inside `work` (even nested transactions) join it.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The indexed columns of one change, shared by both stores. */
export interface ChangeRow {
  readonly ref: string;
  readonly audit_id: string;
  readonly stage: string;
  readonly time: string;
  readonly verb: string;
  readonly is_write: number;
  readonly is_version: number;
  readonly has_state: number;
  readonly object_key: string;
  readonly api_group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly username: string;
  readonly impersonated_by: string | null;
  /** When set, `previous` is not in `record`: it is the state of the change with this ref. */
  readonly previous_ref: string | null;
  /** JSON array of the source IPs. */
  readonly source_ips: string;
  readonly user_agent: string | null;
  readonly record: string;
}

export function changeRow(change: Change): ChangeRow {
  // Each state is stored once: the previous version is a reference when it came from the ledger.
  const byReference = change.previous !== null && typeof change.previousRef === 'string';
  return {
    ref: change.ref,
    audit_id: change.auditID,
    stage: change.stage,
    time: change.time,
    verb: change.verb,
    is_write: change.write ? 1 : 0,
    is_version: isVersion(change) ? 1 : 0,
    has_state: change.state === null ? 0 : 1,
    object_key: objectKeyString(change.object),
    api_group: change.object.apiGroup,
    resource: change.object.resource,
    namespace: change.object.namespace ?? '',
    name: change.object.name,
    username: change.actor.username,
    impersonated_by: change.actor.impersonatedBy,
    source_ips: JSON.stringify(change.actor.sourceIPs),
    user_agent: change.actor.userAgent,
    previous_ref: byReference ? (change.previousRef ?? null) : null,
    record: JSON.stringify(byReference ? { ...change, previous: null } : change),
  };
}

export function keyString(key: ObjectKey): string {
  return objectKeyString(key);
}

/** The upper bound used when a query has none (every RFC 3339 time sorts before it). */
export const END_OF_TIME = '9999-12-31T23:59:59.999999Z';
