/**
 * The watch (src/watch/watcher.ts) as the cluster model `serve` keeps: a ClusterModelSource whose
 * snapshots follow every change the informers see, instead of a periodic relist. A snapshot (the Model
 * and its admission peer index) is built when asked for and reused until the next change; subscribers
 * hear of new snapshots at most once per `minIntervalMs` (the latest one wins), since each new snapshot
 * may cost a subscriber a review of the whole model.
 */
import type { Model } from '../model/model.ts';
import type { Watcher } from '../watch/watcher.ts';
import { snapshotOf, type ClusterModelSource, type ClusterSnapshot } from './cluster-model.ts';

export interface WatchModelSourceOptions {
  readonly minIntervalMs?: number;
  readonly now?: () => number;
}

export function watchModelSource(
  watcher: Watcher,
  options: WatchModelSourceOptions = {},
): ClusterModelSource {
  const now = options.now ?? Date.now;
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const listeners = new Set<(snapshot: ClusterSnapshot) => void>();
  let cached: { model: Model; snapshot: ClusterSnapshot } | undefined;
  let lastNotified = 0;
  let timer: NodeJS.Timeout | undefined;

  const current = (): ClusterSnapshot | undefined => {
    if (!watcher.isSynced) return undefined;
    const model = watcher.snapshot();
    if (!model) return undefined;
    if (cached?.model !== model)
      cached = { model, snapshot: snapshotOf(model, now(), watcher.status().unreadableKinds) };
    return cached.snapshot;
  };
  const notify = (): void => {
    timer = undefined;
    lastNotified = now();
    const snapshot = current();
    if (snapshot) for (const listener of listeners) listener(snapshot);
  };
  const schedule = (): void => {
    if (timer) return;
    const wait = Math.max(0, lastNotified + minIntervalMs - now());
    timer = setTimeout(notify, wait);
    timer.unref();
  };
  const unsubscribeWatch = watcher.subscribe((entry) => {
    if (entry.type === 'change' || entry.type === 'synced') schedule();
  });

  return {
    current,
    subscribe(listener) {
      listeners.add(listener);
      const snapshot = current();
      if (snapshot) listener(snapshot);
      return () => listeners.delete(listener);
    },
    async start() {
      await watcher.start();
    },
    async close() {
      unsubscribeWatch();
      if (timer) clearTimeout(timer);
      await watcher.stop();
    },
  };
}
