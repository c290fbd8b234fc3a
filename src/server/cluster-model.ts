/**
 * The cluster model `serve --cluster` reviews admissions against, kept current. A `ClusterModelSource`
 * hands out immutable snapshots: the Model, the peer index the admission overlay uses
 * (model/scoped.ts), when it was read. A request takes the snapshot current when it starts and keeps
 * it, so a refresh never changes the model under a review.
 *
 * The implementation here relists every kind through the cluster source (src/sources/cluster, the same
 * reader and loader as `scan --cluster`) at a fixed period, with back-off after failures. The watch
 * (src/watch/, informers) can provide a `ClusterModelSource` of its own that updates on every event;
 * `serve` takes whichever it is given (see serve-command.ts).
 */
import type { Model } from '../model/model.ts';
import type { ControllerType } from '../model/controllers.ts';
import { PeerIndex } from '../model/scoped.ts';
import { loadModel } from '../pipeline/load.ts';
import type { ClusterReader } from '../sources/cluster/port.ts';
import type { Logger } from './logger.ts';

export interface ClusterSnapshot {
  readonly model: Model;
  readonly index: PeerIndex;
  /** Milliseconds since the epoch when the objects were read. */
  readonly loadedAt: number;
  /** Kind → why it could not be read (rules needing it report notChecked). */
  readonly unreadableKinds: ReadonlyMap<string, string>;
}

export interface ClusterModelSource {
  /** The latest snapshot; undefined until the first read succeeded. */
  current(): ClusterSnapshot | undefined;
  /** Called with every new snapshot; returns the unsubscribe function. */
  subscribe(listener: (snapshot: ClusterSnapshot) => void): () => void;
  /** Starts reading; resolves once the first read is done, successful or not (readiness tells). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A snapshot of a model built elsewhere (tests, benchmarks, the watch). */
export function snapshotOf(
  model: Model,
  loadedAt: number,
  unreadableKinds: ReadonlyMap<string, string> = new Map(),
): ClusterSnapshot {
  return { model, index: new PeerIndex(model), loadedAt, unreadableKinds };
}

/** A source that never changes (tests; `serve` reviewing a fixed model). */
export function staticModelSource(snapshot: ClusterSnapshot): ClusterModelSource {
  return {
    current: () => snapshot,
    subscribe: (listener) => {
      listener(snapshot);
      return () => undefined;
    },
    start: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

export interface RelistOptions {
  readonly reader: ClusterReader;
  /** Time between two successful reads. */
  readonly periodMs: number;
  readonly fallbackController?: ControllerType | undefined;
  readonly logger: Logger;
  /** Called after each read with its outcome (metrics). */
  readonly onRefresh?: (outcome: 'ok' | 'error') => void;
  readonly clock?: () => number;
}

const MAX_BACKOFF_MS = 5 * 60_000;

export class RelistingModelSource implements ClusterModelSource {
  private readonly options: RelistOptions;
  private snapshot: ClusterSnapshot | undefined;
  private readonly listeners = new Set<(snapshot: ClusterSnapshot) => void>();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  private running: Promise<void> | undefined;

  constructor(options: RelistOptions) {
    this.options = options;
  }

  current(): ClusterSnapshot | undefined {
    return this.snapshot;
  }

  subscribe(listener: (snapshot: ClusterSnapshot) => void): () => void {
    this.listeners.add(listener);
    if (this.snapshot) listener(this.snapshot);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    await this.refresh();
  }

  private schedule(): void {
    if (this.closed) return;
    // After failures: 1 s, 2 s, 4 s… up to five minutes, then the regular period once a read succeeds.
    const delay =
      this.failures === 0
        ? this.options.periodMs
        : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.failures - 1, 20));
    this.timer = setTimeout(() => {
      void this.refresh();
    }, delay);
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    const work = this.read();
    this.running = work;
    await work;
    this.running = undefined;
    this.schedule();
  }

  private async read(): Promise<void> {
    const { logger } = this.options;
    const started = (this.options.clock ?? Date.now)();
    try {
      const loaded = await loadModel(
        { type: 'cluster', reader: this.options.reader },
        this.options.fallbackController ? { fallbackController: this.options.fallbackController } : {},
      );
      if (this.closed) return;
      if (loaded.failure !== undefined) throw new Error(loaded.failure);
      const snapshot = snapshotOf(loaded.model, started, loaded.unreadableKinds);
      this.snapshot = snapshot;
      this.failures = 0;
      for (const [kind, reason] of loaded.unreadableKinds) logger.warn({ kind, reason }, 'kind not readable');
      logger.info(
        { objects: loaded.resources.length, ms: Math.round((this.options.clock ?? Date.now)() - started) },
        'cluster model refreshed',
      );
      this.options.onRefresh?.('ok');
      for (const listener of this.listeners) listener(snapshot);
    } catch (error) {
      this.failures++;
      this.options.onRefresh?.('error');
      logger.error(
        { err: error instanceof Error ? error.message : String(error), failures: this.failures },
        'cluster model refresh failed',
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.options.reader.close();
  }
}
