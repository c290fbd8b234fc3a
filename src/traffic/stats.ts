/**
 * Streaming statistics: per host, per route (Ingress rule / HTTPRoute rule), per upstream and overall —
 * requests, status classes, bytes, latency percentiles, top client IPs / user agents / paths — and
 * per-minute time series. Memory is bounded whatever the log: sketches and top-k counters have fixed
 * sizes, the number of groups per dimension is capped (hosts come from clients and could be anything;
 * the rest fold into `(other)`), and a time series coarsens its buckets instead of growing past its
 * capacity.
 */
import { detach } from '../sources/access/index.ts';
import type { AccessRecord } from '../sources/access/types.ts';
import { LatencySketch, type Percentiles } from './sketch.ts';
import { TopK, type TopEntry } from './top-k.ts';

export const MINUTE_MS = 60_000;
/** Groups per dimension before the rest are counted as `(other)`. */
export const MAX_GROUPS = 1000;
export const OTHER_GROUP = '(other)';
/** Entries shown in each top list. */
export const TOP_SHOWN = 10;

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other';
const CLASSES: readonly StatusClass[] = ['other', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** 0 for statuses outside 100–599 (HAProxy's -1, nginx's 0 for aborted requests). */
export function statusClassIndex(status: number): number {
  return status >= 100 && status < 600 ? Math.floor(status / 100) : 0;
}

export interface GroupJson {
  readonly requests: number;
  readonly status: Readonly<Record<StatusClass, number>>;
  readonly bytes: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly requestTime: Percentiles | null;
  readonly upstreamResponseTime: Percentiles | null;
  readonly topClientIps?: readonly TopEntry[];
  readonly topUserAgents?: readonly TopEntry[];
  readonly topPaths?: readonly TopEntry[];
}

export class GroupStats {
  requests = 0;
  bytes = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  readonly statuses = [0, 0, 0, 0, 0, 0];
  readonly requestTime = new LatencySketch();
  readonly upstreamTime = new LatencySketch();
  readonly #top: { ips: TopK; agents: TopK | undefined; paths: TopK } | undefined;

  /**
   * `topCapacity` 0: no top lists (groups whose number the client decides, such as hosts);
   * `agents` false: top client IPs and paths only (user agents are listed for the whole log).
   */
  constructor(topCapacity: number, agents = true) {
    this.#top =
      topCapacity > 0
        ? {
            ips: new TopK(topCapacity, topCapacity * 64),
            agents: agents ? new TopK(topCapacity, topCapacity * 64) : undefined,
            paths: new TopK(topCapacity, topCapacity * 64),
          }
        : undefined;
  }

  /** `requestBucket` / `upstreamBucket`: the values' sketch buckets, computed once per record (bucketOf). */
  add(record: AccessRecord, requestBucket: number, upstreamBucket: number): void {
    this.requests++;
    this.bytes += record.bytesSent;
    const statusIndex = statusClassIndex(record.status);
    this.statuses[statusIndex] = (this.statuses[statusIndex] ?? 0) + 1;
    if (record.time < this.first) this.first = record.time;
    if (record.time > this.last) this.last = record.time;
    if (record.requestTime !== undefined) this.requestTime.add(record.requestTime, requestBucket);
    if (record.upstreamResponseTime !== undefined)
      this.upstreamTime.add(record.upstreamResponseTime, upstreamBucket);
    const top = this.#top;
    if (top) {
      top.ips.add(record.clientIp);
      top.agents?.add(record.userAgent ?? '-');
      top.paths.add(record.path);
    }
  }

  count(statusClass: StatusClass): number {
    return this.statuses[CLASSES.indexOf(statusClass)] ?? 0;
  }

  json(): GroupJson {
    const status = Object.fromEntries(
      (['1xx', '2xx', '3xx', '4xx', '5xx', 'other'] as const).map((c) => [c, this.count(c)]),
    ) as Record<StatusClass, number>;
    const top = this.#top;
    return {
      requests: this.requests,
      status,
      bytes: this.bytes,
      first: this.requests > 0 ? new Date(this.first).toISOString() : null,
      last: this.requests > 0 ? new Date(this.last).toISOString() : null,
      requestTime: this.requestTime.count > 0 ? this.requestTime.summary() : null,
      upstreamResponseTime: this.upstreamTime.count > 0 ? this.upstreamTime.summary() : null,
      ...(top
        ? {
            topClientIps: top.ips.top(TOP_SHOWN),
            ...(top.agents ? { topUserAgents: top.agents.top(TOP_SHOWN) } : {}),
            topPaths: top.paths.top(TOP_SHOWN),
          }
        : {}),
    };
  }
}

export interface SeriesPoint {
  /** Start of the bucket, ISO-8601. */
  readonly time: string;
  readonly requests: number;
  readonly s2xx: number;
  readonly s3xx: number;
  readonly s4xx: number;
  readonly s5xx: number;
  readonly bytes: number;
}

interface Bucket {
  requests: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  bytes: number;
}

/**
 * Requests per minute; when the log spans more than `capacity` buckets, buckets double in width (two
 * minutes, four…) so memory stays bounded. `bucketMs` says the width the points have.
 */
export class TimeSeries {
  #bucketMs = MINUTE_MS;
  #buckets = new Map<number, Bucket>();
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  readonly #capacity: number;
  #lastKey = Number.NaN;
  #lastBucket: Bucket | undefined;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get bucketMs(): number {
    return this.#bucketMs;
  }

  add(time: number, status: number, bytes: number): void {
    const key = time - (time % this.#bucketMs);
    let bucket = key === this.#lastKey ? this.#lastBucket : this.#buckets.get(key);
    if (!bucket) {
      if (key < this.#min) this.#min = key;
      if (key > this.#max) this.#max = key;
      if ((this.#max - this.#min) / this.#bucketMs >= this.#capacity) {
        this.#coarsen();
        this.add(time, status, bytes);
        return;
      }
      bucket = { requests: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, bytes: 0 };
      this.#buckets.set(key, bucket);
    }
    this.#lastKey = key;
    this.#lastBucket = bucket;
    bucket.requests++;
    bucket.bytes += bytes;
    const statusIndex = statusClassIndex(status);
    if (statusIndex === 2) bucket.s2xx++;
    else if (statusIndex === 3) bucket.s3xx++;
    else if (statusIndex === 4) bucket.s4xx++;
    else if (statusIndex === 5) bucket.s5xx++;
  }

  #coarsen(): void {
    this.#bucketMs *= 2;
    const merged = new Map<number, Bucket>();
    for (const [key, bucket] of this.#buckets) {
      const coarse = key - (key % this.#bucketMs);
      const into = merged.get(coarse);
      if (!into) merged.set(coarse, bucket);
      else {
        into.requests += bucket.requests;
        into.s2xx += bucket.s2xx;
        into.s3xx += bucket.s3xx;
        into.s4xx += bucket.s4xx;
        into.s5xx += bucket.s5xx;
        into.bytes += bucket.bytes;
      }
    }
    this.#buckets = merged;
    this.#min = this.#min - (this.#min % this.#bucketMs);
    this.#max = this.#max - (this.#max % this.#bucketMs);
    this.#lastKey = Number.NaN;
    this.#lastBucket = undefined;
  }

  /** Every bucket from the first to the last, empty ones included (a chart needs the gaps). */
  points(): SeriesPoint[] {
    if (this.#buckets.size === 0) return [];
    const points: SeriesPoint[] = [];
    for (let key = this.#min; key <= this.#max; key += this.#bucketMs) {
      const bucket = this.#buckets.get(key);
      points.push({
        time: new Date(key).toISOString(),
        requests: bucket?.requests ?? 0,
        s2xx: bucket?.s2xx ?? 0,
        s3xx: bucket?.s3xx ?? 0,
        s4xx: bucket?.s4xx ?? 0,
        s5xx: bucket?.s5xx ?? 0,
        bytes: bucket?.bytes ?? 0,
      });
    }
    return points;
  }
}

/** Groups of one dimension, capped at MAX_GROUPS (later keys fold into `(other)`). */
export class GroupMap<K extends string | number> {
  readonly groups = new Map<K | typeof OTHER_GROUP, GroupStats>();
  readonly #topCapacity: number;
  readonly #agents: boolean;
  readonly #limit: number;

  constructor(topCapacity: number, agents = false, limit = MAX_GROUPS) {
    this.#topCapacity = topCapacity;
    this.#agents = agents;
    this.#limit = limit;
  }

  of(key: K): GroupStats {
    let group = this.groups.get(key);
    if (group) return group;
    const folded =
      this.groups.size >= this.#limit ? OTHER_GROUP : typeof key === 'string' ? (detach(key) as K) : key;
    group = this.groups.get(folded);
    if (!group) this.groups.set(folded, (group = new GroupStats(this.#topCapacity, this.#agents)));
    return group;
  }
}
