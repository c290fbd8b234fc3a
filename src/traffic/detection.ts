/**
 * A traffic detection is metadata plus a factory of streaming detectors, like a rule: the registry
 * (detections/index.ts) lists them, docs are generated from the metadata, the analyzer feeds each
 * detector every record once (already joined to its route and classified) and asks for its alerts at
 * the end — or at any time, for `--follow`. Detectors keep bounded state: windows are swept as time
 * moves on, and each keeps at most MAX_ALERTS alerts (the rest are counted in the last one's details).
 */
import type { Severity } from '../engine/rule.ts';
import type { RouteEntry, RouteTable } from '../routing/index.ts';
import { detach } from '../sources/access/index.ts';
import type { AccessRecord } from '../sources/access/types.ts';
import type { AttackMatch } from '../knowledge/attack-patterns.ts';
import type { ProbeTarget } from '../knowledge/probe-paths.ts';
import type { Joined } from './join.ts';
import type { TrafficSettings } from './settings.ts';

export interface TrafficDetectionDocs {
  /** One sentence: what the alert means. */
  readonly summary: string;
  /** The default threshold, as spec/traffic.md words it. */
  readonly threshold: string;
  /** Why it matters and what to check first. */
  readonly investigate: string;
  readonly references: readonly string[];
}

/** One request as detectors see it. */
export interface TrafficEvent {
  readonly record: AccessRecord;
  readonly joined: Joined;
  /** Injection patterns the decoded URL matches ([] for almost every request). */
  readonly attacks: readonly AttackMatch[];
  /** The sensitive file or endpoint the path asks for. */
  readonly probe: ProbeTarget | undefined;
  /** Whether detections skip the client (`traffic.ignoreClients`); stats still count it. */
  readonly ignored: boolean;
}

/**
 * What a detector keeps of a request after observe() returns: the analyzer reuses one event object
 * for every record, and a record's strings are slices of the 256 KiB chunk they were read from (see
 * detach), so keeping records would keep chunks. This is small and owns its strings.
 */
export interface KeptEvent {
  readonly time: number;
  readonly clientIp: string;
  readonly sample: AlertSample;
  readonly entry: RouteEntry | undefined;
}

export function keepEvent(event: TrafficEvent): KeptEvent {
  return {
    time: event.record.time,
    clientIp: detach(event.record.clientIp),
    sample: sampleOf(event.record),
    entry: event.joined.entry,
  };
}

export interface AlertSample {
  readonly file: string;
  readonly line: number;
  readonly time: string;
  readonly clientIp: string;
  readonly method: string;
  /** Path and query as logged, cut to 300 characters. */
  readonly target: string;
  readonly status: number;
  readonly host: string | null;
  readonly upstream: string | null;
}

/** The route entry an alert concerns, with the object (Ingress, HTTPRoute) that defines it. */
export interface AlertRoute {
  readonly entry: number;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly frontend: string;
  readonly fieldPath: string;
  readonly file: string | null;
  readonly line: number | null;
}

export interface TrafficAlert {
  readonly detectionId: string;
  readonly severity: Severity;
  /** Stable identity within a run (detection + what it is about), for `--follow` and dedupe. */
  readonly key: string;
  readonly summary: string;
  /** Requests that make up the evidence. */
  readonly count: number;
  readonly window: { readonly start: string; readonly end: string } | null;
  /** The clients involved, most requests first (at most 10). */
  readonly ips: readonly { readonly ip: string; readonly count: number }[];
  /** Distinct clients involved (counted up to 10,000). */
  readonly ipCount: number;
  readonly route: AlertRoute | null;
  readonly host: string | null;
  readonly path: string | null;
  readonly upstream: string | null;
  readonly samples: readonly AlertSample[];
  readonly details: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
}

export interface DetectorContext {
  readonly settings: TrafficSettings;
  readonly severity: Severity;
  readonly table: RouteTable | undefined;
}

/** What the analyzer knows when alerts are asked for. */
export interface AlertTime {
  /** First and last record time seen (ms); undefined before any record. */
  readonly first: number | undefined;
  readonly last: number | undefined;
  /** Route entry ids that received requests. */
  readonly usedEntries: ReadonlySet<number>;
  /** Whether the input has ended (false while following). */
  readonly final: boolean;
}

export interface Detector {
  observe(event: TrafficEvent): void;
  /** The alerts so far; does not change the detector (may be asked again while following). */
  alerts(time: AlertTime): TrafficAlert[];
}

export interface TrafficDetection {
  /** Public: config keys, docs slug, file name. */
  readonly id: string;
  readonly severity: Severity;
  /** Detections that can say nothing without the configuration (no -f / --cluster): not checked. */
  readonly needsRouteTable: boolean;
  readonly docs: TrafficDetectionDocs;
  create(context: DetectorContext): Detector;
}

export function defineTrafficDetection(detection: TrafficDetection): TrafficDetection {
  return detection;
}

/** Alerts one detector keeps; beyond, they are counted, not kept (a log of a botnet stays bounded). */
export const MAX_ALERTS = 500;
const MAX_SAMPLES = 5;
const MAX_IPS_COUNTED = 10_000;
const TARGET_CHARS = 300;

/** A sample line of a record, owning its strings (nothing keeps the chunk it was read from). */
export function sampleOf(record: AccessRecord): AlertSample {
  const target = record.query === '' ? record.path : `${record.path}?${record.query}`;
  return {
    file: detach(record.source.file),
    line: record.source.line,
    time: new Date(record.time).toISOString(),
    clientIp: detach(record.clientIp),
    method: detach(record.method),
    target: detach(target.length > TARGET_CHARS ? `${target.slice(0, TARGET_CHARS)}…` : target),
    status: record.status,
    host: record.host === undefined ? null : detach(record.host),
    upstream: record.upstreamName === undefined ? null : detach(record.upstreamName),
  };
}

export function routeOf(entry: RouteEntry | undefined): AlertRoute | null {
  if (!entry) return null;
  const host = entry.host.type === 'any' ? '*' : entry.host.value;
  return {
    entry: entry.id,
    kind: entry.source.kind,
    namespace: entry.source.namespace,
    name: entry.source.name,
    host,
    path: entry.path.value,
    pathType: entry.path.type,
    frontend: entry.frontendKey,
    fieldPath: entry.source.fieldPath,
    file: entry.source.file ?? null,
    line: entry.source.line ?? null,
  };
}

/** `Ingress shop/web shop.example.com/api`. */
export function routeLabel(route: AlertRoute): string {
  return `${route.kind} ${route.namespace === '' ? '' : `${route.namespace}/`}${route.name} ${route.host}${route.path}`;
}

/**
 * The evidence of one alert as requests come in: count, time span, clients (top 10 and a distinct
 * count), the first sample lines and the route of the first request.
 */
export class Evidence {
  count = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  readonly samples: AlertSample[] = [];
  readonly #ips = new Map<string, number>();
  #route: RouteEntry | undefined;
  #host: string | undefined;
  #upstream: string | undefined;
  readonly details: Record<string, string | number | boolean | null | readonly string[]> = {};

  add(event: TrafficEvent): void {
    const { record } = event;
    this.#note(record.time, record.clientIp, event.joined.entry);
    if (this.samples.length < MAX_SAMPLES) this.samples.push(sampleOf(record));
    if (this.#host === undefined && record.host !== undefined) this.#host = detach(record.host);
    if (this.#upstream === undefined && record.upstreamName !== undefined)
      this.#upstream = detach(record.upstreamName);
  }

  addKept(kept: KeptEvent): void {
    this.#note(kept.time, kept.clientIp, kept.entry);
    if (this.samples.length < MAX_SAMPLES) this.samples.push(kept.sample);
    this.#host ??= kept.sample.host ?? undefined;
    this.#upstream ??= kept.sample.upstream ?? undefined;
  }

  #note(time: number, ip: string, entry: RouteEntry | undefined): void {
    this.count++;
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
    const known = this.#ips.get(ip);
    if (known !== undefined) this.#ips.set(ip, known + 1);
    else if (this.#ips.size < MAX_IPS_COUNTED) this.#ips.set(detach(ip), 1);
    this.#route ??= entry;
  }

  get route(): RouteEntry | undefined {
    return this.#route;
  }

  get ipCount(): number {
    return this.#ips.size;
  }

  alert(
    detection: { readonly id: string },
    severity: Severity,
    key: string,
    summary: string,
    extra: Partial<Pick<TrafficAlert, 'host' | 'path' | 'upstream' | 'window' | 'count'>> = {},
  ): TrafficAlert {
    const ips = [...this.#ips.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([ip, count]) => ({ ip, count }));
    return {
      detectionId: detection.id,
      severity,
      key,
      summary,
      count: extra.count ?? this.count,
      window:
        extra.window !== undefined
          ? extra.window
          : this.count > 0
            ? { start: new Date(this.first).toISOString(), end: new Date(this.last).toISOString() }
            : null,
      ips,
      ipCount: this.#ips.size,
      route: routeOf(this.#route),
      host: extra.host !== undefined ? extra.host : (this.#host ?? hostOf(this.#route)),
      path: extra.path ?? null,
      upstream: extra.upstream !== undefined ? extra.upstream : (this.#upstream ?? null),
      samples: [...this.samples],
      details: { ...this.details },
    };
  }
}

function hostOf(entry: RouteEntry | undefined): string | null {
  return entry?.host.type === 'exact' ? entry.host.value : null;
}

/**
 * Evidence per key with a cap: at most MAX_ALERTS keys; requests for further keys are counted in
 * `overflow` (said in the output) instead of growing memory with the attackers' number.
 */
export class EvidenceMap {
  readonly map = new Map<string, Evidence>();
  overflow = 0;

  of(key: string): Evidence | undefined {
    let evidence = this.map.get(key);
    if (evidence) return evidence;
    if (this.map.size >= MAX_ALERTS) {
      this.overflow++;
      return undefined;
    }
    this.map.set(detach(key), (evidence = new Evidence()));
    return evidence;
  }
}

/** `5 requests` / `1 request`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** Says on the last alert how many requests further keys had (beyond MAX_ALERTS), when any. */
export function noteOverflow(alerts: TrafficAlert[], overflow: number): TrafficAlert[] {
  const last = alerts.at(-1);
  if (overflow === 0 || !last) return alerts;
  alerts[alerts.length - 1] = { ...last, details: { ...last.details, requestsOfAlertsNotKept: overflow } };
  return alerts;
}
