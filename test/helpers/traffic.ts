/** Access records and route tables for the traffic tests, without files or parsers in between. */
import { join } from 'node:path';
import { loadModel } from '../../src/pipeline/load.ts';
import { routeTableOf, type RouteTable } from '../../src/routing/index.ts';
import type { AccessRecord } from '../../src/sources/access/types.ts';
import { TrafficAnalyzer } from '../../src/traffic/analyze.ts';
import type { TrafficAlert, TrafficDetection } from '../../src/traffic/detection.ts';
import { resolveTrafficSettings, type TrafficConfig } from '../../src/traffic/settings.ts';
import { TRAFFIC_DETECTION_IDS } from '../../src/traffic/detections/index.ts';

export const TRAFFIC_MANIFESTS = join(import.meta.dirname, '..', 'fixtures', 'traffic', 'manifests.yaml');
/** 2026-05-01T12:00:00Z. */
export const T0 = Date.UTC(2026, 4, 1, 12);
export const SECOND = 1000;
export const MINUTE = 60_000;

let line = 0;

/** A record as the ingress-nginx parser makes it; anything can be overridden. */
export function record(fields: Partial<AccessRecord> & { readonly target?: string } = {}): AccessRecord {
  const target = fields.target ?? fields.path ?? '/';
  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  let decodedPath = path;
  try {
    decodedPath = decodeURIComponent(path);
  } catch {
    // left as logged
  }
  const rest: Partial<AccessRecord> & { target?: string } = { ...fields };
  delete rest.target;
  return {
    time: T0,
    clientIp: '198.51.100.1',
    method: 'GET',
    path,
    decodedPath,
    query: question === -1 ? '' : target.slice(question + 1),
    protocol: 'HTTP/1.1',
    status: 200,
    bytesSent: 512,
    requestTime: 0.02,
    upstreamResponseTime: 0.019,
    upstreamAddrs: ['10.244.0.5:8080'],
    upstreamName: 'shop-web-80',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:137.0) Gecko/20100101 Firefox/137.0',
    source: { file: 'access.log', line: ++line },
    ...rest,
  };
}

let table: Promise<RouteTable> | undefined;

export function trafficTable(): Promise<RouteTable> {
  table ??= loadModel({ type: 'files', paths: [TRAFFIC_MANIFESTS], read: { cwd: import.meta.dirname } }).then(
    (loaded) => routeTableOf(loaded.model),
  );
  return table;
}

export interface Run {
  readonly analyzer: TrafficAnalyzer;
  readonly alerts: readonly TrafficAlert[];
}

/** The records through an analyzer with the given detections (default: all) and config. */
export async function analyze(
  records: readonly AccessRecord[],
  options: { detections?: readonly TrafficDetection[]; config?: TrafficConfig; table?: boolean } = {},
): Promise<Run> {
  const analyzer = new TrafficAnalyzer({
    table: options.table === false ? undefined : await trafficTable(),
    settings: resolveTrafficSettings(options.config, TRAFFIC_DETECTION_IDS),
    ...(options.detections ? { detections: options.detections } : {}),
  });
  for (const r of records) analyzer.add(r);
  return { analyzer, alerts: analyzer.alerts(true) };
}

/** `count` records built by `make(i)`. */
export function many(count: number, make: (i: number) => AccessRecord): AccessRecord[] {
  return Array.from({ length: count }, (_, i) => make(i));
}
