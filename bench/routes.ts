/**
 * The route table on the benchmark data (bench/generate.ts): building it for the 10k-Ingress file must
 * take at most 25% of the scan of the same file, and `route` must answer at least 100,000 lookups per
 * second (lookups go through the host index, never a scan of every entry).
 *
 * Times are CPU time of this process (a loaded machine does not slow them down); the scan time bench/run.ts
 * passes in is its median wall time, so the build share is, if anything, overstated.
 * Called by bench/run.ts with the scan time it measured in the same run; `node bench/routes.ts FILE`
 * alone prints the two measurements without the ratio.
 */
import { readFileSync } from 'node:fs';
import { parseText } from '../src/sources/files/parse.ts';
import { ResourceCollector } from '../src/sources/collect.ts';
import { Model } from '../src/model/model.ts';
import { buildRouteTable, route, type RouteRequest, type RouteTable } from '../src/routing/index.ts';

export const ROUTE_TARGETS = { buildShareOfScan: 0.25, lookupsPerSecond: 100_000 } as const;

export interface RoutesMeasurement {
  readonly entries: number;
  readonly buildMs: number;
  readonly lookupsPerSecond: number;
  readonly lookups: number;
}

function loadModel(file: string): Model {
  const collector = new ResourceCollector();
  for (const document of parseText(readFileSync(file, 'utf8'), file).documents)
    collector.addDocument(document);
  return new Model(collector.resources);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Requests drawn from the table itself: hosts and paths that exist, plus misses, deterministic. */
function requests(table: RouteTable, count: number): RouteRequest[] {
  const out: RouteRequest[] = [];
  const entries = table.entries;
  for (let i = 0; out.length < count && entries.length > 0; i++) {
    const entry = entries[(i * 7919) % entries.length];
    if (!entry) continue;
    const host = entry.host.type === 'any' ? 'unknown.example.org' : entry.host.value.replace('*', 'x');
    const suffix = i % 3 === 0 ? '' : i % 3 === 1 ? '/sub/resource' : 'x';
    out.push({
      method: 'GET',
      scheme: i % 2 === 0 ? 'https' : 'http',
      host,
      path: `${entry.path.value}${suffix}`,
    });
  }
  return out;
}

export function measureRoutes(file: string, lookups = 200_000): RoutesMeasurement {
  const model = loadModel(file);
  // Warm up once (JIT, lazily built model views), then keep the median of three fresh builds.
  let table = buildRouteTable(model);
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = process.cpuUsage();
    table = buildRouteTable(model);
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  const pool = requests(table, 10_000);
  for (const request of pool.slice(0, 2_000)) route(table, request);
  // CPU time of this process, not wall time: other work on a shared machine must not count as ours.
  const started = process.cpuUsage();
  for (let i = 0; i < lookups; i++) {
    const request = pool[i % pool.length];
    if (request) route(table, request);
  }
  const used = process.cpuUsage(started);
  const seconds = (used.user + used.system) / 1e6;
  return {
    entries: table.entries.length,
    buildMs: median(times),
    lookupsPerSecond: lookups / seconds,
    lookups,
  };
}

/** Lines for bench/run.ts's report, judged against the scan time of the same file. */
export function reportRoutes(label: string, measured: RoutesMeasurement, scanMs: number): string[] {
  const share = measured.buildMs / scanMs;
  const verdict = (met: boolean): string => (met ? 'MET    ' : 'NOT MET');
  return [
    `${verdict(share <= ROUTE_TARGETS.buildShareOfScan)}  route table build (${label}, ${String(measured.entries)} entries): ${measured.buildMs.toFixed(0)} ms = ${(share * 100).toFixed(1)}% of the scan (target ≤ ${String(ROUTE_TARGETS.buildShareOfScan * 100)}%)`,
    `${verdict(measured.lookupsPerSecond >= ROUTE_TARGETS.lookupsPerSecond)}  route lookups (${label}): ${Math.round(measured.lookupsPerSecond).toLocaleString('en-US')}/s over ${measured.lookups.toLocaleString('en-US')} requests (target ≥ ${ROUTE_TARGETS.lookupsPerSecond.toLocaleString('en-US')}/s)`,
  ];
}

if (import.meta.main) {
  const [file] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: routes.ts FILE');
    process.exit(2);
  }
  const measured = measureRoutes(file);
  console.log(
    `${String(measured.entries)} entries, build ${measured.buildMs.toFixed(0)} ms, ${Math.round(measured.lookupsPerSecond).toLocaleString('en-US')} lookups/s`,
  );
}
