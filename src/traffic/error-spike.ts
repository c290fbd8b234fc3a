/**
 * traffic-5xx-spike and traffic-4xx-spike: per route, per-minute counts in a ring that covers the
 * window and the trailing baseline (65 minutes by default: fixed memory per route). Each minute that
 * ends is the end of a window to judge: enough requests, a share of errors above `minShare`, and more
 * than `factor` times the error share of the baseline before the window (no baseline traffic: share 0).
 * Windows that fire back to back are one episode, one alert.
 */
import type { RouteEntry } from '../routing/index.ts';
import { detach } from '../sources/access/index.ts';
import { MAX_GROUPS, MINUTE_MS } from './stats.ts';
import {
  Evidence,
  keepEvent,
  MAX_ALERTS,
  routeLabel,
  routeOf,
  type AlertTime,
  type Detector,
  type DetectorContext,
  type KeptEvent,
  type TrafficAlert,
  type TrafficEvent,
} from './detection.ts';

/** Recent error requests kept per route, to show as samples when a window fires. */
const RECENT = 20;
const EPISODES_PER_ROUTE = 20;

interface Episode {
  readonly startMinute: number;
  endMinute: number;
  /** Minutes whose counts are in `errors` / `requests`. */
  countedThrough: number;
  errors: number;
  requests: number;
  peakShare: number;
  baselineShare: number;
  readonly evidence: Evidence;
  readonly seen: Set<string>;
}

interface RouteState {
  readonly label: string;
  readonly minuteOf: Float64Array;
  readonly requests: Uint32Array;
  readonly errors: Uint32Array;
  lastMinute: number;
  evaluatedThrough: number;
  readonly recent: KeptEvent[];
  recentNext: number;
  readonly episodes: Episode[];
}

export function errorSpikeDetector(
  detection: { readonly id: string },
  statusClass: 4 | 5,
  context: DetectorContext,
): Detector {
  const { windowMs, baselineMs, minRequests, minShare, factor } = context.settings.errorSpike;
  const windowMinutes = Math.max(1, Math.round(windowMs / MINUTE_MS));
  const baselineMinutes = Math.max(1, Math.round(baselineMs / MINUTE_MS));
  const ringSize = windowMinutes + baselineMinutes + 1;
  /** By route entry (no string to build per request), or by upstream/host for requests without one. */
  const states = new Map<RouteEntry | string, RouteState>();
  let episodes = 0;

  function keyOf(event: TrafficEvent): RouteEntry | string | undefined {
    const { entry } = event.joined;
    if (entry) return entry;
    const upstream = event.record.upstreamName;
    if (upstream !== undefined && upstream !== '' && upstream !== '-') return `upstream:${upstream}`;
    return event.record.host !== undefined ? `host:${event.record.host}` : undefined;
  }

  function stateOf(key: RouteEntry | string, event: TrafficEvent): RouteState | undefined {
    let state = states.get(key);
    if (state) return state;
    if (states.size >= MAX_GROUPS) return undefined;
    const route = routeOf(event.joined.entry);
    state = {
      label: route
        ? routeLabel(route)
        : typeof key === 'string'
          ? detach(key.replace(/^(upstream|host):/, '$1 '))
          : '',
      minuteOf: new Float64Array(ringSize).fill(-1),
      requests: new Uint32Array(ringSize),
      errors: new Uint32Array(ringSize),
      lastMinute: Number.NEGATIVE_INFINITY,
      evaluatedThrough: Number.NEGATIVE_INFINITY,
      recent: [],
      recentNext: 0,
      episodes: [],
    };
    states.set(typeof key === 'string' ? detach(key) : key, state);
    return state;
  }

  function sum(state: RouteState, from: number, to: number): { requests: number; errors: number } {
    let requests = 0;
    let errors = 0;
    for (let minute = from; minute <= to; minute++) {
      const slot = ((minute % ringSize) + ringSize) % ringSize;
      if (state.minuteOf[slot] !== minute) continue;
      requests += state.requests[slot] ?? 0;
      errors += state.errors[slot] ?? 0;
    }
    return { requests, errors };
  }

  function evaluate(state: RouteState, end: number): void {
    const start = end - windowMinutes + 1;
    const window = sum(state, start, end);
    if (window.requests < minRequests) return;
    const share = window.errors / window.requests;
    if (share <= minShare) return;
    const baseline = sum(state, start - baselineMinutes, start - 1);
    const baselineShare = baseline.requests === 0 ? 0 : baseline.errors / baseline.requests;
    if (share <= factor * baselineShare) return;
    let episode = state.episodes.at(-1);
    if (!episode || episode.endMinute < start - 1) {
      if (state.episodes.length >= EPISODES_PER_ROUTE || episodes >= MAX_ALERTS) return;
      episodes++;
      episode = {
        startMinute: start,
        endMinute: end,
        countedThrough: start - 1,
        errors: 0,
        requests: 0,
        peakShare: share,
        baselineShare,
        evidence: new Evidence(),
        seen: new Set(),
      };
      state.episodes.push(episode);
    }
    episode.endMinute = end;
    if (share > episode.peakShare) episode.peakShare = share;
    const added = sum(state, episode.countedThrough + 1, end);
    episode.errors += added.errors;
    episode.requests += added.requests;
    episode.countedThrough = end;
    const from = start * MINUTE_MS;
    const to = (end + 1) * MINUTE_MS;
    for (const recent of state.recent) {
      if (recent.time < from || recent.time >= to) continue;
      const id = `${recent.sample.file}:${String(recent.sample.line)}`;
      if (episode.seen.has(id)) continue;
      episode.seen.add(id);
      episode.evidence.addKept(recent);
    }
  }

  function catchUp(state: RouteState, through: number): void {
    const last = Math.min(through, state.lastMinute + windowMinutes - 1);
    for (let end = Math.max(state.evaluatedThrough + 1, state.lastMinute - windowMinutes); end <= last; end++)
      evaluate(state, end);
    if (through > state.evaluatedThrough) state.evaluatedThrough = through;
  }

  return {
    observe(event) {
      if (event.ignored) return;
      const key = keyOf(event);
      if (key === undefined) return;
      const state = stateOf(key, event);
      if (!state) return;
      const { record } = event;
      const minute = Math.floor(record.time / MINUTE_MS);
      if (minute > state.lastMinute) {
        if (state.lastMinute !== Number.NEGATIVE_INFINITY) catchUp(state, minute - 1);
        state.lastMinute = minute;
      }
      if (minute <= state.evaluatedThrough - ringSize) return;
      const slot = ((minute % ringSize) + ringSize) % ringSize;
      if (state.minuteOf[slot] !== minute) {
        state.minuteOf[slot] = minute;
        state.requests[slot] = 0;
        state.errors[slot] = 0;
      }
      state.requests[slot] = (state.requests[slot] ?? 0) + 1;
      if (Math.floor(record.status / 100) !== statusClass) return;
      state.errors[slot] = (state.errors[slot] ?? 0) + 1;
      if (state.recent.length < RECENT) state.recent.push(keepEvent(event));
      else {
        state.recent[state.recentNext] = keepEvent(event);
        state.recentNext = (state.recentNext + 1) % RECENT;
      }
    },

    alerts(time: AlertTime) {
      for (const state of states.values())
        catchUp(state, time.final ? state.lastMinute : state.lastMinute - 1);
      const alerts: TrafficAlert[] = [];
      for (const [stateKey, state] of states) {
        const key = typeof stateKey === 'string' ? stateKey : `entry:${String(stateKey.id)}`;
        for (const episode of state.episodes) {
          const windowStart = new Date(episode.startMinute * MINUTE_MS).toISOString();
          const windowEnd = new Date((episode.endMinute + 1) * MINUTE_MS).toISOString();
          const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
          const evidence = episode.evidence;
          evidence.details.requests = episode.requests;
          evidence.details.errors = episode.errors;
          evidence.details.peakShare = Number(episode.peakShare.toFixed(4));
          evidence.details.baselineShare = Number(episode.baselineShare.toFixed(4));
          alerts.push(
            evidence.alert(
              detection,
              context.severity,
              `${detection.id}:${key}:${String(episode.startMinute)}`,
              `${String(statusClass)}xx spike on ${state.label}: ${episode.errors.toLocaleString('en-US')} of ${episode.requests.toLocaleString('en-US')} requests, up to ${percent(episode.peakShare)} in ${String(windowMinutes)}m (baseline ${percent(episode.baselineShare)})`,
              {
                count: episode.errors,
                window: { start: windowStart, end: windowEnd },
                ...(key.startsWith('upstream:') ? { upstream: key.slice('upstream:'.length) } : {}),
              },
            ),
          );
        }
      }
      return alerts;
    },
  };
}
