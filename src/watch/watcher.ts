/**
 * `gatewatch watch`: informers over every kind the rules need keep a ModelStore current; each batch of
 * changes is reviewed incrementally (incremental.ts) and the findings it adds or resolves become alerts
 * (alerts.ts) for the accountability sinks — sent only by the leader when leader election is on.
 * Everything that happens is also kept in a bounded timeline (changes, alerts, relists, problems,
 * leadership) that the dashboard shows live.
 *
 * Startup: discovery, then one list per kind; when every kind has been listed once the whole model is
 * reviewed (no alerts: that is the starting point, not a change) and the watcher is synced. From then
 * on, each event is applied to the store at once and reviewed in a batch with the events that arrived
 * in the same turn of the event loop. A relist (410 Gone) becomes the differences between the store
 * and the new list. A periodic full review (`resyncMs`) catches what time alone changes (certificate
 * expiry).
 */
import type { ResolvedConfig } from '../engine/config.ts';
import type { Finding, NotChecked } from '../engine/finding.ts';
import { findRule } from '../rules/index.ts';
import type { Alert } from '../ledger/alerts/alert.ts';
import type { AlertSink } from '../ledger/alerts/sink.ts';
import type { Model } from '../model/model.ts';
import { ModelStore, type StoreChange } from '../model/store.ts';
import { asObject, asString, type JsonObject, type Resource } from '../model/resource.ts';
import type { ClusterReader, ServedKind } from '../sources/cluster/port.ts';
import { SECRET_FIELD_SELECTOR, WANTED_KINDS } from '../sources/cluster/kinds.ts';
import { toResource } from '../sources/cluster/read.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { findingAlert, type AlertCause, type ChangeVerb } from './alerts.ts';
import { IncrementalReviewer, type ReviewDelta } from './incremental.ts';
import { Informer, type InformerEvent, type InformerProblem } from './informer.ts';

export type TimelineEntry =
  | {
      readonly seq: number;
      readonly time: string;
      readonly type: 'change';
      readonly verb: ChangeVerb;
      readonly kind: string;
      readonly namespace: string;
      readonly name: string;
      readonly resourceVersion: string;
      readonly added: number;
      readonly resolved: number;
      /** Time to review the batch this change was in. */
      readonly reviewMs: number;
    }
  | { readonly seq: number; readonly time: string; readonly type: 'alert'; readonly alert: Alert }
  | {
      readonly seq: number;
      readonly time: string;
      readonly type: 'synced';
      readonly objects: number;
      readonly findings: number;
    }
  | {
      readonly seq: number;
      readonly time: string;
      readonly type: 'problem';
      readonly kind: string;
      readonly message: string;
    }
  | {
      readonly seq: number;
      readonly time: string;
      readonly type: 'leader';
      readonly holder: string;
      readonly leading: boolean;
    };

/** A timeline entry before it is numbered and dated. */
type NewEntry = TimelineEntry extends infer E
  ? E extends TimelineEntry
    ? Omit<E, 'seq' | 'time'>
    : never
  : never;

export interface WatcherOptions {
  readonly reader: ClusterReader;
  readonly config: ResolvedConfig;
  /** Watch one namespace (cluster-scoped kinds are always watched whole). */
  readonly namespace?: string;
  readonly sinks?: readonly AlertSink[];
  /** Whether alerts are sent now (leader election: only by the leader). Default: always. */
  readonly mayAlert?: () => boolean;
  readonly now?: () => number;
  /** Full review every so often (time-based findings: certificate expiry). Default 1 hour; 0: never. */
  readonly resyncMs?: number;
  readonly watchTimeoutSeconds?: number;
  readonly backoff?: BackoffOptions;
  /** Timeline entries kept (oldest dropped first). */
  readonly timelineSize?: number;
  /** Called for every alert raised (sent or not), with the time the batch was received. */
  readonly onAlert?: (alert: Alert, receivedAt: number) => void;
  readonly onReview?: (delta: ReviewDelta, changes: number) => void;
}

export type StartOutcome =
  { readonly status: 'synced' } | { readonly status: 'failed'; readonly message: string };

export interface WatchStatus {
  readonly synced: boolean;
  readonly objects: number;
  readonly findings: number;
  readonly kinds: readonly { readonly kind: string; readonly resourceVersion: string | undefined }[];
  readonly unreadableKinds: ReadonlyMap<string, string>;
  readonly reviews: number;
}

interface PendingChange {
  readonly change: StoreChange;
  readonly cause: AlertCause;
}

const DEFAULT_RESYNC_MS = 60 * 60 * 1000;

export class Watcher {
  private readonly options: WatcherOptions;
  private readonly now: () => number;
  private readonly controller = new AbortController();
  private store: ModelStore | undefined;
  private reviewer: IncrementalReviewer;
  private informers: Informer[] = [];
  private running: Promise<unknown>[] = [];
  private pending: PendingChange[] = [];
  private pendingSince = 0;
  private flushScheduled = false;
  private synced = false;
  private readonly listed = new Set<string>();
  private resources = new Map<string, { resource: string; group: string }>();
  private unreadableKinds = new Map<string, string>();
  private readonly entries: TimelineEntry[] = [];
  private seq = 0;
  private readonly listeners = new Set<(entry: TimelineEntry) => void>();
  private reviews = 0;
  private resyncTimer: NodeJS.Timeout | undefined;
  private readonly sends: Promise<void>[] = [];
  private resolveSynced: ((outcome: StartOutcome) => void) | undefined;

  constructor(options: WatcherOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.reviewer = new IncrementalReviewer({ config: options.config, now: this.now });
  }

  /** Discovers, lists every kind and reviews the whole model; resolves once synced (or failed). */
  async start(): Promise<StartOutcome> {
    const { reader } = this.options;
    const discovery = await reader.discover(WANTED_KINDS);
    if (discovery.status !== 'ok')
      return { status: 'failed', message: `${reader.target}: ${discovery.message}` };
    const served: ServedKind[] = [];
    for (const [kind, found] of discovery.kinds) {
      if (found.status === 'served') served.push(found.served);
      else if (found.status === 'forbidden' || found.status === 'error')
        this.unreadableKinds.set(
          kind,
          `${kind} could not be read from the cluster (${found.status}): ${found.message}`,
        );
    }
    this.resources = new Map(served.map((s) => [s.kind, { resource: s.resource, group: s.group }]));
    const fallback = this.options.config.controller;
    this.store = new ModelStore({
      mode: 'cluster',
      unreadableKinds: this.unreadableKinds,
      ...(fallback ? { fallbackController: fallback } : {}),
    });
    const synced = new Promise<StartOutcome>((resolve) => {
      this.resolveSynced = resolve;
    });
    const signal = this.controller.signal;
    this.informers = served.map(
      (kind) =>
        new Informer({
          reader,
          served: kind,
          signal,
          backoff: new Backoff(this.options.backoff),
          ...(kind.namespaced && this.options.namespace !== undefined
            ? { namespace: this.options.namespace }
            : {}),
          ...(kind.kind === 'Secret' ? { fieldSelector: SECRET_FIELD_SELECTOR } : {}),
          ...(this.options.watchTimeoutSeconds !== undefined
            ? { timeoutSeconds: this.options.watchTimeoutSeconds }
            : {}),
          onEvent: (event) => {
            this.onEvent(kind, event);
          },
          onProblem: (problem) => {
            this.onProblem(kind, problem);
          },
        }),
    );
    this.running = this.informers.map((informer) => informer.run());
    if (served.length === 0) this.finishSync();
    return synced;
  }

  /** Stops the informers and waits for alerts still being delivered. */
  async stop(): Promise<void> {
    this.controller.abort();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resolveSynced?.({ status: 'failed', message: 'stopped before the first list completed' });
    await Promise.allSettled(this.running);
    await Promise.allSettled(this.sends);
  }

  get isSynced(): boolean {
    return this.synced;
  }

  snapshot(): Model | undefined {
    return this.store?.snapshot();
  }

  findings(): Finding[] {
    return this.reviewer.findings();
  }

  notChecked(): readonly NotChecked[] {
    return this.reviewer.notChecked();
  }

  timeline(): readonly TimelineEntry[] {
    return this.entries;
  }

  /** Every new timeline entry, as it is added; returns the unsubscribe function. */
  subscribe(listener: (entry: TimelineEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): WatchStatus {
    return {
      synced: this.synced,
      objects: this.store?.size ?? 0,
      findings: this.reviewer.findings().length,
      kinds: this.informers.map((informer) => ({
        kind: informer.kind,
        resourceVersion: informer.resourceVersion,
      })),
      unreadableKinds: this.unreadableKinds,
      reviews: this.reviews,
    };
  }

  /** Adds an entry to the timeline (also used for leadership changes). */
  record(entry: NewEntry): void {
    const full = { ...entry, seq: ++this.seq, time: new Date(this.now()).toISOString() } as TimelineEntry;
    this.entries.push(full);
    const limit = this.options.timelineSize ?? 1000;
    if (this.entries.length > limit) this.entries.splice(0, this.entries.length - limit);
    for (const listener of this.listeners) listener(full);
  }

  private onEvent(served: ServedKind, event: InformerEvent): void {
    const store = this.store;
    if (!store) return;
    if (event.type === 'list') {
      const resources = event.items
        .map((item) => toResource(item, served))
        .filter((resource): resource is Resource => resource !== undefined);
      const changes = store.replaceKind(served.kind, resources);
      if (!this.synced) {
        this.listed.add(served.kind);
        this.unreadableKinds.delete(served.kind);
        if (this.listed.size === this.informers.length) this.finishSync();
        return;
      }
      if (this.unreadableKinds.delete(served.kind)) {
        // Readable at last: which rules are "not checked" changes, so everything is reviewed again.
        this.resync();
        return;
      }
      for (const change of changes) this.enqueue(change, causeOf(change, 'relisted', event.resourceVersion));
      return;
    }
    const metadata = asObject(event.object.metadata);
    const name = asString(metadata.name) ?? '';
    const namespace = served.namespaced ? (asString(metadata.namespace) ?? '') : '';
    let change: StoreChange | undefined;
    if (event.type === 'DELETED') change = store.remove(served.kind, namespace, name);
    else {
      const resource = toResource(event.object, served);
      // An object gatewatch leaves out (a Pod a controller made) may still be stored from before.
      change = resource ? store.upsert(resource) : store.remove(served.kind, namespace, name);
    }
    if (!change || !this.synced) return;
    const verb: ChangeVerb =
      event.type === 'ADDED' ? 'added' : event.type === 'MODIFIED' ? 'modified' : 'deleted';
    this.enqueue(change, {
      verb,
      kind: served.kind,
      namespace,
      name,
      resourceVersion: event.resourceVersion,
    });
  }

  private onProblem(served: ServedKind, problem: InformerProblem): void {
    // A stream ending is routine (the server's timeout): not worth a timeline entry unless it was empty.
    if (problem.type === 'stream-ended') return;
    // A kind that cannot be listed at start (403, a CRD answering 500) must not hold the others back:
    // rules needing it are "not checked" until a later list succeeds (the informer keeps trying).
    if (problem.type === 'list-failed' && !this.synced && !this.listed.has(served.kind)) {
      this.unreadableKinds.set(
        served.kind,
        `${served.kind} could not be read from the cluster: ${problem.message}`,
      );
      this.listed.add(served.kind);
      if (this.listed.size === this.informers.length) this.finishSync();
    }
    const message =
      problem.type === 'expired'
        ? `resourceVersion ${problem.resourceVersion} is gone (410): listing again`
        : problem.type === 'list-failed'
          ? `list failed: ${problem.message}; retrying in ${String(problem.retryInMs)} ms`
          : `watch failed (${String(problem.status.code)} ${problem.status.reason}): ${problem.status.message}; retrying in ${String(problem.retryInMs)} ms`;
    this.record({ type: 'problem', kind: served.kind, message });
  }

  private finishSync(): void {
    const store = this.store;
    if (!store || this.synced) return;
    const model = store.snapshot();
    store.takeNamespaceSetChanged();
    this.reviewer.full(model);
    this.synced = true;
    this.reviews++;
    this.record({ type: 'synced', objects: store.size, findings: this.reviewer.findings().length });
    const resyncMs = this.options.resyncMs ?? DEFAULT_RESYNC_MS;
    if (resyncMs > 0) {
      this.resyncTimer = setInterval(() => {
        this.resync();
      }, resyncMs);
      this.resyncTimer.unref();
    }
    this.resolveSynced?.({ status: 'synced' });
    this.resolveSynced = undefined;
  }

  /** A full review of the current model: what time alone changed becomes alerts. */
  resync(): void {
    const store = this.store;
    if (!store || !this.synced) return;
    const receivedAt = this.now();
    const delta = this.reviewer.full(store.snapshot());
    this.reviews++;
    this.alert(delta, [], receivedAt);
  }

  private enqueue(change: StoreChange, cause: AlertCause): void {
    if (this.pending.length === 0) this.pendingSince = this.now();
    this.pending.push({ change, cause });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Events of one chunk of a stream (and of other streams ready now) are reviewed together.
    setImmediate(() => {
      this.flush();
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const store = this.store;
    if (!store || this.pending.length === 0) return;
    const batch = this.pending;
    const receivedAt = this.pendingSince;
    this.pending = [];
    const started = performance.now();
    const delta = this.reviewer.update(
      store.snapshot(),
      batch.map((p) => p.change),
      store.takeNamespaceSetChanged(),
    );
    const reviewMs = performance.now() - started;
    this.reviews++;
    this.options.onReview?.(delta, batch.length);
    for (const { cause } of batch) {
      const own = (finding: Finding): boolean =>
        finding.object.kind === cause.kind &&
        finding.object.namespace === cause.namespace &&
        finding.object.name === cause.name;
      this.record({
        type: 'change',
        ...cause,
        added: batch.length === 1 ? delta.added.length : delta.added.filter(own).length,
        resolved: batch.length === 1 ? delta.resolved.length : delta.resolved.filter(own).length,
        reviewMs: Math.round(reviewMs * 10) / 10,
      });
    }
    this.alert(delta, batch, receivedAt);
  }

  private alert(delta: ReviewDelta, batch: readonly PendingChange[], receivedAt: number): void {
    const time = new Date(this.now()).toISOString();
    const causeOfFinding = (finding: Finding): AlertCause | undefined =>
      batch.find(
        ({ cause }) =>
          cause.kind === finding.object.kind &&
          cause.namespace === finding.object.namespace &&
          cause.name === finding.object.name,
      )?.cause ?? batch[0]?.cause;
    const context = { time, resources: this.resources, lookup: findRule };
    const alerts = [
      ...delta.resolved.map((f) => findingAlert(f, 'resolved', { ...context, cause: causeOfFinding(f) })),
      ...delta.added.map((f) => findingAlert(f, 'new', { ...context, cause: causeOfFinding(f) })),
    ];
    const send = this.options.mayAlert?.() ?? true;
    for (const alert of alerts) {
      this.options.onAlert?.(alert, receivedAt);
      this.record({ type: 'alert', alert });
      if (!send) continue;
      for (const sink of this.options.sinks ?? []) this.sends.push(sink.send(alert));
    }
    // Sends never reject (the sink contract); only the last ones are kept for stop() to wait on.
    if (this.sends.length > 1000) void this.sends.splice(0, this.sends.length - 100);
  }
}

function causeOf(change: StoreChange, verb: ChangeVerb, resourceVersion: string): AlertCause {
  const resource = change.type === 'deleted' ? change.before : change.after;
  return { verb, kind: resource.kind, namespace: resource.namespace, name: resource.name, resourceVersion };
}

export type { JsonObject };
