/**
 * The watch (src/watch/watcher.ts) as the cluster model `serve --cluster` keeps: a ClusterModelSource
 * whose snapshots follow every change the informers see — one list at start, then watches, never a
 * periodic relist. A snapshot (the Model and its admission peer index) is built when asked for and
 * reused until the next change; subscribers hear of new snapshots at most once per `minIntervalMs`
 * (the latest one wins), since each new snapshot may cost a subscriber work over the whole model.
 *
 * When the API server cannot be reached at start (discovery fails: a pod starting with its control
 * plane), the start is tried again with back-off until it works or the source is closed; readiness
 * (`current()` undefined) says not ready meanwhile.
 */
import type { Model } from '../model/model.ts';
import { Backoff, sleep, type BackoffOptions } from '../watch/backoff.ts';
import type { Watcher } from '../watch/watcher.ts';
import { snapshotOf, type ClusterModelSource, type ClusterSnapshot } from './cluster-model.ts';

export interface WatchModelSourceOptions {
  readonly minIntervalMs?: number;
  readonly now?: () => number;
  /** Back-off between start attempts (default: 1 s doubling up to 5 minutes). */
  readonly backoff?: BackoffOptions;
  /** Told of every failed start attempt, with the wait before the next one. */
  readonly onStartFailure?: (message: string, retryInMs: number) => void;
}

const START_BACKOFF = { initialMs: 1000, maxMs: 5 * 60_000 } as const;

export function watchModelSource(
  watcher: Watcher,
  options: WatchModelSourceOptions = {},
): ClusterModelSource {
  const now = options.now ?? Date.now;
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const listeners = new Set<(snapshot: ClusterSnapshot) => void>();
  const closed = new AbortController();
  let cached: { model: Model; snapshot: ClusterSnapshot } | undefined;
  let lastNotified = 0;
  let timer: NodeJS.Timeout | undefined;
  let retrying: Promise<void> | undefined;

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

  /** One start attempt; the wait before the next one when it failed (reported), else undefined. */
  const attempt = async (backoff: Backoff): Promise<number | undefined> => {
    const outcome = await watcher.start();
    if (outcome.status === 'synced' || closed.signal.aborted) return undefined;
    const wait = backoff.next();
    options.onStartFailure?.(outcome.message, wait);
    return wait;
  };

  return {
    current,
    subscribe(listener) {
      listeners.add(listener);
      const snapshot = current();
      if (snapshot) listener(snapshot);
      return () => listeners.delete(listener);
    },
    async start() {
      const backoff = new Backoff({ ...START_BACKOFF, ...options.backoff });
      const wait = await attempt(backoff);
      if (wait === undefined) return;
      retrying = (async () => {
        for (let next: number | undefined = wait; next !== undefined;) {
          await sleep(next, closed.signal);
          if (closed.signal.aborted) return;
          next = await attempt(backoff);
        }
      })();
    },
    async close() {
      closed.abort();
      unsubscribeWatch();
      if (timer) clearTimeout(timer);
      await retrying;
      await watcher.stop();
    },
  };
}
