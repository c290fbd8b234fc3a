/**
 * Audit inputs → Changes → ledger store, telling a `ChangeObserver` (the detections) about every
 * change newly stored.
 *
 * - Idempotent: a change is unique on auditID + stage; a file read twice adds nothing (its events
 *   count as duplicates, or the whole file is skipped when the ledger recorded it as complete).
 * - Resumable: the changes of each span of input (`commitBytes`) and the file's byte offset after it
 *   are committed in one transaction, so a killed ingest restarts after the last committed line and
 *   ends with the same ledger as an uninterrupted run. Files are recognised by the hash of their
 *   first KiB, which survives rotation renames (`audit.log` → `audit.log.1`).
 * - Bounded memory: the readers stream; the latest state per object is cached in a bounded map and
 *   otherwise read back from the store.
 */
import type { Readable } from 'node:stream';
import type { AuditEvent } from '../sources/audit/event.ts';
import { isAuditEvent, isOutcomeStage } from '../sources/audit/event.ts';
import { isPending, parsePending, type PendingRecord } from '../sources/audit/lines.ts';
import {
  expandAuditPaths,
  inputIdentity,
  readAuditInput,
  type InputIdentity,
  type ReadBatch,
} from '../sources/audit/read.ts';
import { buildChange, isVersion, objectRefOf, secretTypeIsTls } from './change.ts';
import type { LedgerStore } from './store/store.ts';
import { normalizeTime } from './time.ts';
import { referencedTlsSecrets, TrackPolicy, type TrackOptions } from './tracked.ts';
import {
  objectKeyString,
  type AuditStage,
  type Change,
  type ChangeContext,
  type ChangeObserver,
  type IngestSummary,
  type InputLineProblem,
  type JsonObject,
  type ObjectKey,
} from './types.ts';

export interface IngestProgress {
  readonly file: string;
  /** Bytes of the current file read (compressed bytes for gzip). */
  readonly bytesRead: number;
  /** Size of the current file; null for stdin. */
  readonly totalBytes: number | null;
  readonly events: number;
  readonly changes: number;
}

export interface IngestOptions {
  readonly store: LedgerStore;
  /** Files, directories, or `-` for stdin; rotated sets are read oldest first. */
  readonly inputs: readonly string[];
  readonly observer?: ChangeObserver;
  readonly track?: TrackOptions;
  /** Skip complete files and resume partial ones (default true); false re-reads everything. */
  readonly resume?: boolean;
  readonly stdin?: Readable;
  readonly chunkSize?: number;
  /** Called after each chunk. */
  readonly onProgress?: (progress: IngestProgress) => void;
  /** Malformed lines kept with file:line in the summary (all are counted). Default 1000. */
  readonly maxProblems?: number;
  /**
   * Input read between two commits (and progress records). Default 32 MiB: each commit writes the
   * index pages it touched again, and a kill only costs reading that much again on resume.
   */
  readonly commitBytes?: number;
  /** Latest states kept in memory. Default 20000. */
  readonly cacheSize?: number;
  /**
   * Test hook, called after each tracked event is handled with how many were handled in this run.
   * Throwing from it aborts the ingest like a kill: the current chunk's transaction rolls back.
   */
  readonly afterEvent?: (handled: number) => void;
}

const DEFAULT_COMMIT_BYTES = 32 * 1024 * 1024;

/** The state a version leaves (none after a delete or a write without body). */
function versionOf(change: Change): CachedVersion {
  const state = change.deleted || change.bodyless ? null : change.state;
  return { time: change.time, state, ref: state === null ? null : change.ref };
}

interface CachedVersion {
  readonly time: string;
  readonly state: JsonObject | null;
  /** The ledger reference of the version `state` is from. */
  readonly ref: string | null;
}

/** Latest known state per object, bounded: least recently used entries go first. */
class VersionCache {
  private readonly entries = new Map<string, CachedVersion>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get(key: string): CachedVersion | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedVersion): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

interface ActorMemory {
  changes: number;
  readonly sourceIPs: Set<string>;
  readonly userAgents: Set<string>;
}

/** A Map that forgets its oldest entries past a limit. */
class BoundedMap<K, V> extends Map<K, V> {
  private readonly limit: number;

  constructor(limit: number) {
    super();
    this.limit = limit;
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.limit) {
      const oldest = this.keys().next();
      if (oldest.done !== true) this.delete(oldest.value);
    }
    return this;
  }
}

interface Counters {
  files: number;
  events: number;
  malformed: number;
  duplicates: number;
  changes: number;
  skippedFiles: number;
  handled: number;
  readonly problems: InputLineProblem[];
}

class Ingest {
  private readonly options: IngestOptions;
  private readonly store: LedgerStore;
  private readonly policy: TrackPolicy;
  private cache: VersionCache;
  private actors = new BoundedMap<string, ActorMemory>(10_000);
  private readonly maxProblems: number;
  readonly counters: Counters = {
    files: 0,
    events: 0,
    malformed: 0,
    duplicates: 0,
    changes: 0,
    skippedFiles: 0,
    handled: 0,
    problems: [],
  };

  constructor(options: IngestOptions) {
    this.options = options;
    this.store = options.store;
    this.policy = new TrackPolicy(options.track);
    this.cache = new VersionCache(options.cacheSize ?? 20_000);
    this.maxProblems = options.maxProblems ?? 1000;
  }

  /** The TLS Secrets that ingresses and Gateways already in the ledger use. */
  async seedTlsSecrets(): Promise<void> {
    for (const resource of ['ingresses', 'gateways']) {
      for (const { object, state } of await this.store.latestStates(resource))
        this.learnSecrets(object, state);
    }
  }

  private learnSecrets(object: ObjectKey, state: JsonObject | null): void {
    for (const secret of referencedTlsSecrets(object, state))
      this.policy.addTlsSecret(secret.namespace, secret.name);
  }

  async file(path: string): Promise<void> {
    this.counters.files++;
    const resume = this.options.resume ?? true;
    const identity = resume && path !== '-' ? await inputIdentity(path).catch(() => undefined) : undefined;
    const progress = identity ? await this.store.inputProgress(identity.identity) : null;
    if (progress?.complete === true && identity !== undefined && progress.size === identity.size) {
      this.counters.skippedFiles++;
      return;
    }
    // A file that shrank is not the one recorded: read it from the start.
    const start =
      progress !== null && identity !== undefined && identity.size >= progress.size ? progress : null;
    let endOffset = start?.offset ?? 0;
    let endLine = start?.line ?? 0;
    let failed = false;
    const batches = readAuditInput(path, {
      filter: this.policy,
      startOffset: start?.offset ?? 0,
      startLine: start?.line ?? 0,
      ...(this.options.chunkSize === undefined ? {} : { chunkSize: this.options.chunkSize }),
      ...(this.options.stdin === undefined ? {} : { stdin: this.options.stdin }),
    });
    // Each batch is handled as soon as it is read (its records then die young), inside a transaction
    // that spans `commitBytes` of input together with the file's progress: one transaction per chunk
    // would cost more than the work in it, and a kill loses only the uncommitted span, read again on
    // resume.
    const commitBytes = this.options.commitBytes ?? DEFAULT_COMMIT_BYTES;
    let committedBytes = 0;
    try {
      for (let done = false; !done;) {
        const span = await this.store.transaction(async () => {
          const handled = await this.span(path, batches, identity, committedBytes + commitBytes);
          const { last } = handled;
          if (identity !== undefined && last?.resumable === true)
            await this.saveProgress(path, identity, last.endOffset, last.endLine, false);
          return handled;
        });
        done = span.done;
        failed ||= span.failed;
        if (span.last !== undefined) {
          committedBytes = span.last.bytesRead;
          if (span.last.resumable) ({ endOffset, endLine } = span.last);
        }
      }
    } finally {
      await batches.return(undefined);
    }
    if (identity !== undefined && !failed) await this.saveProgress(path, identity, endOffset, endLine, true);
  }

  /** Reads and handles batches until `untilBytes` of the input (or a batch that cannot resume). */
  private async span(
    path: string,
    batches: AsyncGenerator<ReadBatch>,
    identity: InputIdentity | undefined,
    untilBytes: number,
  ): Promise<{ last: ReadBatch | undefined; failed: boolean; done: boolean }> {
    let last: ReadBatch | undefined;
    let failed = false;
    for (;;) {
      const next = await batches.next();
      if (next.done === true) return { last, failed, done: true };
      last = next.value;
      await this.batch(path, last, identity);
      failed ||= last.failed === true;
      if (last.bytesRead >= untilBytes || !last.resumable) return { last, failed, done: false };
    }
  }

  /** One batch read from `path`: its events, in order, and the progress report after them. */
  private async batch(path: string, batch: ReadBatch, identity: InputIdentity | undefined): Promise<void> {
    this.counters.events += batch.events;
    this.addProblems(path, batch.problems);
    for (const record of batch.records) {
      if (!isPending(record)) await this.event(record.event);
      else if (this.policy.tracksLine(record.facts)) await this.pending(path, record);
    }
    this.options.onProgress?.({
      file: path,
      bytesRead: batch.bytesRead,
      totalBytes: identity?.size ?? null,
      events: this.counters.events,
      changes: this.counters.changes,
    });
  }

  private saveProgress(
    path: string,
    identity: InputIdentity,
    offset: number,
    line: number,
    complete: boolean,
  ): Promise<void> {
    return this.store.saveInputProgress({
      identity: identity.identity,
      path,
      size: identity.size,
      offset,
      line,
      complete,
    });
  }

  private addProblems(file: string, problems: readonly { line: number; message: string }[]): void {
    this.counters.malformed += problems.length;
    for (const problem of problems) {
      if (this.counters.problems.length >= this.maxProblems) break;
      this.counters.problems.push({ file, line: problem.line, message: problem.message });
    }
  }

  private async pending(path: string, record: PendingRecord): Promise<void> {
    const parsed = parsePending(record);
    if (typeof parsed === 'string') {
      // Not an event after all (as when the scanner parses a line itself).
      this.counters.events--;
      this.addProblems(path, [{ line: record.line, message: parsed }]);
    } else await this.event(parsed);
  }

  /** One event of an audit webhook batch (openBatchIngest), inside the batch's transaction. */
  handleEvent(event: AuditEvent): Promise<void> {
    this.counters.events++;
    return this.event(event);
  }

  /** Forget the latest states and actors remembered: another writer may have changed them. */
  forgetStates(): void {
    this.cache = new VersionCache(this.options.cacheSize ?? 20_000);
    this.actors = new BoundedMap<string, ActorMemory>(10_000);
  }

  private async event(event: AuditEvent): Promise<void> {
    if (!isOutcomeStage(event.stage)) return;
    const object = objectRefOf(event);
    const tracked = this.policy.tracks(
      {
        verb: event.verb,
        resource: object.resource,
        apiGroup: object.apiGroup,
        namespace: object.namespace ?? '',
        name: object.name,
      },
      { typeIsTls: object.resource === 'secrets' && secretTypeIsTls(event) },
    );
    if (!tracked) return;
    const staged = event as AuditEvent & { stage: AuditStage };
    const time = normalizeTime(event.stageTimestamp ?? event.requestReceivedTimestamp ?? '') ?? '';
    const previous = object.name === '' ? null : await this.previousVersion(object, time);
    const change = buildChange(staged, previous?.state ?? null, previous?.ref ?? null);
    const actorBefore = this.options.observer ? await this.actorBefore(change) : undefined;
    const added = await this.store.append(change);
    this.counters.handled++;
    // A duplicate is a version the ledger holds too: remember it as the latest all the same.
    this.remember(change);
    if (!added) this.counters.duplicates++;
    else await this.added(change, actorBefore);
    this.options.afterEvent?.(this.counters.handled);
  }

  private remember(change: Change): void {
    if (isVersion(change)) {
      const version = versionOf(change);
      const key = objectKeyString(change.object);
      const cached = this.cache.get(key);
      if (cached === undefined || cached.time <= change.time) this.cache.set(key, version);
      this.learnSecrets(change.object, version.state);
    }
  }

  private async added(change: Change, actorBefore: ChangeContext['actorBefore'] | undefined): Promise<void> {
    this.counters.changes++;
    this.rememberActors(change);
    const observer = this.options.observer;
    if (observer !== undefined && actorBefore !== undefined) {
      await observer.onChange(change, { ledger: this.store, actorBefore });
    }
  }

  private async previousVersion(object: ObjectKey, time: string): Promise<CachedVersion | null> {
    const key = objectKeyString(object);
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.time <= time) return cached;
    if (cached === undefined) {
      const latest = await this.store.latestVersion(object);
      const version = latest === null ? null : versionOf(latest);
      if (latest === null || latest.time <= time) {
        this.cache.set(key, version ?? { time: '', state: null, ref: null });
        return version;
      }
    }
    // An event older than the latest version (rotated files out of order): ask for its moment.
    const before = await this.store.latestVersion(object, time);
    return before === null ? null : versionOf(before);
  }

  private async actorBefore(change: Change): Promise<ChangeContext['actorBefore']> {
    const known = await this.actorMemory(change.actor.username);
    return { changes: known.changes, sourceIPs: [...known.sourceIPs], userAgents: [...known.userAgents] };
  }

  /** What the ledger knows of an actor, read once and then kept up to date in memory. */
  private async actorMemory(username: string): Promise<ActorMemory> {
    const cached = this.actors.get(username);
    if (cached !== undefined) return cached;
    const [sources, changes] = await Promise.all([
      this.store.actorSources(username),
      this.store.actorChangeCount(username),
    ]);
    const memory: ActorMemory = {
      changes,
      sourceIPs: new Set(sources.sourceIPs.map((seen) => seen.value)),
      userAgents: new Set(sources.userAgents.map((seen) => seen.value)),
    };
    this.actors.set(username, memory);
    return memory;
  }

  /** Mirror of what the store answers for the actors of a change: effective user and impersonator. */
  private rememberActors(change: Change): void {
    const { username: effective, impersonatedBy } = change.actor;
    const actors =
      impersonatedBy !== null && impersonatedBy !== effective ? [effective, impersonatedBy] : [effective];
    for (const username of actors) {
      const memory = this.actors.get(username);
      if (memory === undefined) continue;
      memory.changes++;
      for (const ip of change.actor.sourceIPs) memory.sourceIPs.add(ip);
      if (change.actor.userAgent !== null) memory.userAgents.add(change.actor.userAgent);
    }
  }

  summary(): IngestSummary {
    const { files, events, malformed, duplicates, changes, skippedFiles, problems } = this.counters;
    return { files, events, malformed, duplicates, changes, skippedFiles, problems };
  }
}

/** Ingest audit inputs into the ledger; resolves with the counts of this run. */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const run = new Ingest(options);
  await run.seedTlsSecrets();
  for (const path of await expandAuditPaths(options.inputs)) await run.file(path);
  const summary = run.summary();
  await options.observer?.onEnd?.(summary);
  return summary;
}

/** What one batch of events did to the ledger. */
export interface BatchSummary {
  /** Events in the batch. */
  readonly events: number;
  /** Events that are not audit Events (no auditID, stage or verb). */
  readonly malformed: number;
  /** Changes newly added. */
  readonly changes: number;
  /** Tracked events the ledger already held (a batch sent again). */
  readonly duplicates: number;
}

export interface BatchIngest {
  /**
   * Stores the tracked events of one batch in one transaction, and resolves once it is committed:
   * either every change of the batch is in the ledger or (on rejection) none is. Batches are taken one
   * at a time, in call order.
   */
  ingest(events: readonly unknown[]): Promise<BatchSummary>;
}

export type BatchIngestOptions = Pick<IngestOptions, 'store' | 'observer' | 'track' | 'cacheSize'> & {
  /**
   * Other writers share the ledger (PostgreSQL with several receivers): forget the latest states
   * remembered in memory after each batch, so every batch reads them from the ledger.
   */
  readonly sharedLedger?: boolean;
};

/**
 * The audit webhook's entry (server/audit-webhook.ts): batches of events as the API server POSTs them
 * (an EventList's items) into the ledger, through the same change building, idempotence and detections
 * as file ingest. A batch sent twice (the API server retries when it got no answer) adds nothing the
 * second time: changes are unique on auditID + stage.
 */
export async function openBatchIngest(options: BatchIngestOptions): Promise<BatchIngest> {
  const fresh = async (): Promise<Ingest> => {
    const made = new Ingest({ ...options, inputs: [] });
    await made.seedTlsSecrets();
    return made;
  };
  let run = await fresh();
  let queue: Promise<unknown> = Promise.resolve();
  const ingestOne = async (events: readonly unknown[]): Promise<BatchSummary> => {
    const before = { ...run.counters };
    let malformed = 0;
    try {
      await options.store.transaction(async () => {
        for (const value of events) {
          if (!isAuditEvent(value)) malformed++;
          else await run.handleEvent(value);
        }
      });
    } catch (error) {
      // The transaction rolled back: what the run remembered of this batch never reached the ledger.
      run = await fresh();
      throw error;
    }
    const summary = {
      events: events.length,
      malformed,
      changes: run.counters.changes - before.changes,
      duplicates: run.counters.duplicates - before.duplicates,
    };
    if (options.sharedLedger === true) run.forgetStates();
    return summary;
  };
  return {
    ingest(events) {
      const result = queue.then(() => ingestOne(events));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
