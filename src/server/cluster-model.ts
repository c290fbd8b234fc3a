/**
 * The cluster model `serve --cluster` reviews admissions against, kept current. A `ClusterModelSource`
 * hands out immutable snapshots: the Model, the peer index the admission overlay uses
 * (model/scoped.ts), when it was read. A request takes the snapshot current when it starts and keeps
 * it, so a refresh never changes the model under a review.
 *
 * `serve --cluster` keeps it through the watch (src/watch/, informers: one list, then every change as
 * it happens; see watch-model-source.ts); tests and benchmarks hand in a fixed model.
 */
import type { Model } from '../model/model.ts';
import type { Finding, NotChecked } from '../engine/finding.ts';
import { PeerIndex } from '../model/scoped.ts';
import type { TimelineEntry } from '../watch/watcher.ts';

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
  // The peer index is built by the first admission that needs it: a snapshot per change of a watched
  // cluster would otherwise index every Ingress again even when no admission comes before the next one.
  let index: PeerIndex | undefined;
  return {
    model,
    get index() {
      return (index ??= new PeerIndex(model));
    },
    loadedAt,
    unreadableKinds,
  };
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

/**
 * The watch behind a cluster model (src/watch/watcher.ts implements it): the findings of its
 * incremental reviews and its timeline of changes and alerts, for the dashboard and the metrics —
 * so `serve` never reviews the whole model again per change.
 */
export interface ClusterWatch {
  timeline(): readonly TimelineEntry[];
  subscribe(listener: (entry: TimelineEntry) => void): () => void;
  findings(): Finding[];
  notChecked(): readonly NotChecked[];
}
