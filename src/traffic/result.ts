/**
 * `gatewatch traffic -o json` (schemaVersion 1; schemas/traffic.v1.schema.json): what the analyzer
 * measured and raised, as plain JSON. The text output and the HTML report's traffic section are both
 * made from this object.
 */
import type { LogFormat, ParseProblem } from '../sources/access/types.ts';
import type { NotChecked, TrafficAnalyzer } from './analyze.ts';
import { routeOf, type AlertRoute, type TrafficAlert } from './detection.ts';
import type { JoinOutcome } from './join.ts';
import { OTHER_GROUP, type GroupJson, type SeriesPoint } from './stats.ts';

/** Routes whose own timeline is included (the busiest). */
const ROUTE_TIMELINES = 20;
/** Parse problems listed (all are counted). */
export const PROBLEMS_SHOWN = 20;

export interface TrafficInputs {
  readonly files: readonly string[];
  readonly formats: readonly { readonly file: string; readonly format: LogFormat }[];
  readonly lines: number;
  readonly parsed: number;
  readonly malformed: number;
  readonly problems: readonly ParseProblem[];
}

export interface Timeline {
  readonly bucketSeconds: number;
  readonly points: readonly SeriesPoint[];
}

export interface RouteStats extends GroupJson {
  /** null for requests of routes beyond the group cap, counted together. */
  readonly route: AlertRoute | null;
  readonly timeline?: Timeline;
}

export interface TrafficResult {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: string; readonly version: string };
  readonly inputs: TrafficInputs;
  readonly period: { readonly start: string; readonly end: string } | null;
  readonly routeTable: { readonly source: 'files' | 'cluster' | 'none'; readonly entries: number };
  readonly join: Readonly<Record<JoinOutcome, number>>;
  readonly totals: GroupJson;
  readonly timeline: Timeline;
  readonly routes: readonly RouteStats[];
  readonly hosts: readonly (GroupJson & { readonly host: string })[];
  readonly upstreams: readonly (GroupJson & { readonly upstream: string; readonly known: boolean | null })[];
  readonly alerts: readonly TrafficAlert[];
  readonly detections: readonly string[];
  readonly notChecked: readonly NotChecked[];
}

export interface ResultMeta {
  readonly tool: { readonly name: string; readonly version: string };
  readonly inputs: TrafficInputs;
  readonly tableSource: 'files' | 'cluster' | 'none';
  /** Alerts already computed (a final `analyzer.alerts(true)`), to avoid computing them twice. */
  readonly alerts?: readonly TrafficAlert[];
  /** How each file read is named in the output (as given on the command line). */
  readonly fileNames?: ReadonlyMap<string, string>;
}

/** Sample lines name their file as the user gave it, not as the reader opened it. */
function renamed(
  alerts: readonly TrafficAlert[],
  names: ReadonlyMap<string, string> | undefined,
): readonly TrafficAlert[] {
  if (!names || names.size === 0) return alerts;
  return alerts.map((alert) =>
    alert.samples.some((sample) => names.has(sample.file))
      ? {
          ...alert,
          samples: alert.samples.map((sample) => ({
            ...sample,
            file: names.get(sample.file) ?? sample.file,
          })),
        }
      : alert,
  );
}

export function trafficResult(analyzer: TrafficAnalyzer, meta: ResultMeta): TrafficResult {
  const { first, last, table } = analyzer;
  const byRequests = <T extends { readonly requests: number }>(a: T, b: T): number => b.requests - a.requests;
  const routes: RouteStats[] = [...analyzer.routes.groups.entries()]
    .map(([id, group]) => ({
      route: id === OTHER_GROUP ? null : routeOf(table?.entries[id]),
      ...group.json(),
    }))
    .sort(byRequests)
    .map((row, index) => {
      const series =
        row.route && index < ROUTE_TIMELINES ? analyzer.routeTimelines.get(row.route.entry) : undefined;
      return series
        ? { ...row, timeline: { bucketSeconds: series.bucketMs / 1000, points: series.points() } }
        : row;
    });
  return {
    schemaVersion: 1,
    tool: meta.tool,
    inputs: meta.inputs,
    period:
      first !== undefined && last !== undefined
        ? { start: new Date(first).toISOString(), end: new Date(last).toISOString() }
        : null,
    routeTable: { source: meta.tableSource, entries: table?.entries.length ?? 0 },
    join: { ...analyzer.outcomes },
    totals: analyzer.totals.json(),
    timeline: { bucketSeconds: analyzer.timeline.bucketMs / 1000, points: analyzer.timeline.points() },
    routes,
    hosts: [...analyzer.hosts.groups.entries()]
      .map(([host, group]) => ({ host, ...group.json() }))
      .sort(byRequests),
    upstreams: [...analyzer.upstreams.groups.entries()]
      .map(([upstream, group]) => ({
        upstream,
        known:
          table && upstream !== OTHER_GROUP && upstream !== '-' && upstream !== ''
            ? analyzer.joiner.knowsUpstream(upstream)
            : null,
        ...group.json(),
      }))
      .sort(byRequests),
    alerts: renamed(meta.alerts ?? analyzer.alerts(true), meta.fileNames),
    detections: analyzer.detectionIds,
    notChecked: analyzer.notChecked,
  };
}
