/**
 * One informer per kind, as client-go's reflector does it: list, then watch from the list's
 * resourceVersion; every event (and every BOOKMARK, which the server sends while nothing we watch
 * changes) moves the version on, so a new watch after a dropped connection or the server's timeout
 * resumes where the last one stopped and misses nothing. When the server no longer has that version
 * (410 Gone: compacted), the informer lists again and reports the whole list (`onList`), which the
 * store turns into the differences. Failures back off exponentially with jitter, capped.
 */
import { asObject, asString, type JsonObject } from '../model/resource.ts';
import type { ClusterReader, ServedKind, WatchStatus } from '../sources/cluster/port.ts';
import { Backoff, sleep } from './backoff.ts';

export type InformerEvent =
  | { readonly type: 'list'; readonly items: readonly JsonObject[]; readonly resourceVersion: string }
  | {
      readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
      readonly object: JsonObject;
      readonly resourceVersion: string;
    };

export type InformerProblem =
  | { readonly type: 'list-failed'; readonly message: string; readonly retryInMs: number }
  | { readonly type: 'watch-failed'; readonly status: WatchStatus; readonly retryInMs: number }
  /** 410 Gone: the version we resume from was compacted away; a relist follows at once. */
  | { readonly type: 'expired'; readonly resourceVersion: string }
  /** The stream ended without an error (server timeout, dropped connection); a new watch follows. */
  | { readonly type: 'stream-ended'; readonly resourceVersion: string; readonly events: number };

export interface InformerOptions {
  readonly reader: ClusterReader;
  readonly served: ServedKind;
  readonly namespace?: string;
  readonly fieldSelector?: string;
  readonly signal: AbortSignal;
  readonly onEvent: (event: InformerEvent) => void;
  readonly onProblem?: (problem: InformerProblem) => void;
  readonly backoff?: Backoff;
  /** How long one watch stays open on the server (it then ends and the next one starts). */
  readonly timeoutSeconds?: number;
  /** A stream that ends sooner than this without an event counts as a failure (backs off). */
  readonly minHealthyStreamMs?: number;
}

export class Informer {
  /** The version the next watch resumes from; undefined until listed (and after a 410). */
  resourceVersion: string | undefined;
  private readonly options: InformerOptions;
  private readonly backoff: Backoff;

  constructor(options: InformerOptions) {
    this.options = options;
    this.backoff = options.backoff ?? new Backoff();
  }

  get kind(): string {
    return this.options.served.kind;
  }

  /** Runs until the signal aborts. */
  async run(): Promise<void> {
    const { signal } = this.options;
    while (!signal.aborted) {
      if (this.resourceVersion === undefined) {
        if (!(await this.list())) continue;
      }
      await this.watchOnce();
    }
  }

  /** Lists the kind; false after a failure (already backed off). */
  private async list(): Promise<boolean> {
    const { reader, served, signal } = this.options;
    const outcome = await reader.list({
      served,
      ...(this.options.namespace !== undefined ? { namespace: this.options.namespace } : {}),
      ...(this.options.fieldSelector !== undefined ? { fieldSelector: this.options.fieldSelector } : {}),
    });
    if (signal.aborted) return false;
    if (outcome.status !== 'ok') {
      const retryInMs = this.backoff.next();
      this.options.onProblem?.({
        type: 'list-failed',
        message: outcome.status === 'notServed' ? `${served.kind} is no longer served` : outcome.message,
        retryInMs,
      });
      await sleep(retryInMs, signal);
      return false;
    }
    // A server that gives no version (it always should) gets "0": any version, then changes.
    this.resourceVersion = outcome.resourceVersion ?? '0';
    this.options.onEvent({ type: 'list', items: outcome.items, resourceVersion: this.resourceVersion });
    return true;
  }

  private async watchOnce(): Promise<void> {
    const { reader, served, signal } = this.options;
    const from = this.resourceVersion ?? '0';
    const started = Date.now();
    let events = 0;
    const stream = reader.watch({
      served,
      resourceVersion: from,
      allowWatchBookmarks: true,
      signal,
      ...(this.options.namespace !== undefined ? { namespace: this.options.namespace } : {}),
      ...(this.options.fieldSelector !== undefined ? { fieldSelector: this.options.fieldSelector } : {}),
      ...(this.options.timeoutSeconds !== undefined ? { timeoutSeconds: this.options.timeoutSeconds } : {}),
    });
    for await (const event of stream) {
      if (signal.aborted) return;
      if (event.type === 'BOOKMARK') {
        this.resourceVersion = event.resourceVersion;
        this.backoff.reset();
        continue;
      }
      if (event.type === 'ERROR') {
        await this.failed(event.status);
        return;
      }
      events++;
      this.backoff.reset();
      const version =
        asString(asObject(event.object.metadata).resourceVersion) ?? this.resourceVersion ?? from;
      this.resourceVersion = version;
      this.options.onEvent({ type: event.type, object: event.object, resourceVersion: version });
    }
    if (signal.aborted) return;
    this.options.onProblem?.({ type: 'stream-ended', resourceVersion: this.resourceVersion ?? from, events });
    // A connection that keeps dropping at once must not become a busy loop against the server.
    if (events === 0 && Date.now() - started < (this.options.minHealthyStreamMs ?? 1000))
      await sleep(this.backoff.next(), signal);
  }

  private async failed(status: WatchStatus): Promise<void> {
    if (status.code === 410) {
      this.options.onProblem?.({ type: 'expired', resourceVersion: this.resourceVersion ?? '' });
      this.resourceVersion = undefined;
      return;
    }
    const retryInMs = this.backoff.next();
    this.options.onProblem?.({ type: 'watch-failed', status, retryInMs });
    await sleep(retryInMs, this.options.signal);
  }
}
