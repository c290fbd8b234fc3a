/**
 * The traffic pipeline for one run: every record is joined to its route, counted in the statistics,
 * classified once (injection patterns, probe targets) and handed to every enabled detector. Pure and
 * synchronous per record; the reading (files, stdin, follow) is the caller's.
 */
import type { Severity } from '../engine/rule.ts';
import { classifyRequest } from '../knowledge/attack-patterns.ts';
import { probeMatcher } from '../knowledge/probe-paths.ts';
import type { RouteTable } from '../routing/index.ts';
import type { AccessRecord } from '../sources/access/types.ts';
import { severityRank } from '../engine/finding.ts';
import type { AlertTime, Detector, TrafficAlert, TrafficDetection, TrafficEvent } from './detection.ts';
import { TRAFFIC_DETECTIONS } from './detections/index.ts';
import { RouteJoiner, type JoinOutcome } from './join.ts';
import type { TrafficSettings } from './settings.ts';
import { bucketOf } from './sketch.ts';
import { GroupMap, GroupStats, TimeSeries } from './stats.ts';

/** Minutes of the overall series before buckets coarsen: two weeks at one minute. */
const TIMELINE_CAPACITY = 20_160;
/** Buckets per route series: a day at four minutes, then coarser. */
const ROUTE_TIMELINE_CAPACITY = 360;
const TOP_CAPACITY = 64;
const ROUTE_TOP_CAPACITY = 16;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Placeholder until the first record. */
const EMPTY_RECORD: AccessRecord = {
  time: 0,
  clientIp: '',
  method: '',
  path: '/',
  decodedPath: '/',
  query: '',
  protocol: '',
  status: 0,
  bytesSent: 0,
  upstreamAddrs: [],
  source: { file: '', line: 0 },
};

export interface NotChecked {
  readonly detectionId: string;
  readonly reason: string;
}

export interface AnalyzerOptions {
  readonly table: RouteTable | undefined;
  readonly settings: TrafficSettings;
  readonly detections?: readonly TrafficDetection[];
}

export class TrafficAnalyzer {
  readonly joiner: RouteJoiner;
  readonly table: RouteTable | undefined;
  readonly totals = new GroupStats(TOP_CAPACITY);
  readonly hosts = new GroupMap<string>(0);
  readonly routes = new GroupMap<number>(ROUTE_TOP_CAPACITY);
  readonly upstreams = new GroupMap<string>(0);
  readonly timeline = new TimeSeries(TIMELINE_CAPACITY);
  readonly routeTimelines = new Map<number, TimeSeries>();
  readonly outcomes: Record<JoinOutcome, number> = {
    route: 0,
    'default-backend': 0,
    'unrouted-upstream': 0,
    'no-upstream': 0,
    'no-table': 0,
  };
  readonly usedEntries = new Set<number>();
  readonly notChecked: NotChecked[] = [];
  readonly #detectors: { readonly detection: TrafficDetection; readonly detector: Detector }[] = [];
  readonly #probe: (decodedPath: string) => ReturnType<ReturnType<typeof probeMatcher>>;
  readonly #ignored: ReadonlySet<string>;
  readonly #event: Mutable<TrafficEvent>;
  #first: number | undefined;
  #last: number | undefined;

  constructor(options: AnalyzerOptions) {
    this.table = options.table;
    this.joiner = new RouteJoiner(options.table);
    const { settings } = options;
    this.#probe = probeMatcher(settings.sensitiveFiles.paths);
    this.#ignored = settings.ignoreClients;
    this.#event = {
      record: EMPTY_RECORD,
      joined: { outcome: 'no-table', entry: undefined },
      attacks: [],
      probe: undefined,
      ignored: false,
    };
    for (const detection of options.detections ?? TRAFFIC_DETECTIONS) {
      const setting = settings.detections.get(detection.id);
      if (setting?.enabled === false) continue;
      if (detection.needsRouteTable && !options.table) {
        this.notChecked.push({
          detectionId: detection.id,
          reason: 'needs the route table: give the manifests (-f) or --cluster',
        });
        continue;
      }
      const severity: Severity = setting?.severity ?? detection.severity;
      this.#detectors.push({
        detection,
        detector: detection.create({ settings, severity, table: options.table }),
      });
    }
  }

  get first(): number | undefined {
    return this.#first;
  }

  get last(): number | undefined {
    return this.#last;
  }

  add(record: AccessRecord): void {
    const joined = this.joiner.join(record);
    this.outcomes[joined.outcome]++;
    const { time } = record;
    if (this.#first === undefined || time < this.#first) this.#first = time;
    if (this.#last === undefined || time > this.#last) this.#last = time;

    const requestBucket = record.requestTime === undefined ? -1 : bucketOf(record.requestTime);
    const upstreamBucket =
      record.upstreamResponseTime === undefined ? -1 : bucketOf(record.upstreamResponseTime);
    this.totals.add(record, requestBucket, upstreamBucket);
    this.timeline.add(time, record.status, record.bytesSent);
    const entry = joined.entry;
    const host = record.host ?? (entry?.host.type === 'exact' ? entry.host.value : undefined);
    if (host !== undefined) this.hosts.of(host).add(record, requestBucket, upstreamBucket);
    if (record.upstreamName !== undefined)
      this.upstreams.of(record.upstreamName).add(record, requestBucket, upstreamBucket);
    if (entry) {
      this.usedEntries.add(entry.id);
      this.routes.of(entry.id).add(record, requestBucket, upstreamBucket);
      let series = this.routeTimelines.get(entry.id);
      if (!series && this.routeTimelines.size < 1000)
        this.routeTimelines.set(entry.id, (series = new TimeSeries(ROUTE_TIMELINE_CAPACITY)));
      series?.add(time, record.status, record.bytesSent);
    }
    if (this.#detectors.length === 0) return;

    // One event object for every record: detectors read it during observe() and copy what they keep
    // (keepEvent), so a million requests do not become a million short-lived objects.
    const event = this.#event;
    event.record = record;
    event.joined = joined;
    event.attacks = classifyRequest(record.decodedPath, record.query);
    event.probe = this.#probe(record.decodedPath);
    event.ignored = this.#ignored.size > 0 && this.#ignored.has(record.clientIp);
    for (const { detector } of this.#detectors) detector.observe(event);
  }

  /** Alerts so far, most severe first, then in registry order, then by count. */
  alerts(final: boolean): TrafficAlert[] {
    const time: AlertTime = {
      first: this.#first,
      last: this.#last,
      usedEntries: this.usedEntries,
      final,
    };
    const order = new Map(this.#detectors.map(({ detection }, index) => [detection.id, index]));
    return this.#detectors
      .flatMap(({ detector }) => detector.alerts(time))
      .sort(
        (a, b) =>
          severityRank(a.severity) - severityRank(b.severity) ||
          (order.get(a.detectionId) ?? 0) - (order.get(b.detectionId) ?? 0) ||
          b.count - a.count ||
          (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
      );
  }

  get detectionIds(): readonly string[] {
    return this.#detectors.map(({ detection }) => detection.id);
  }
}
