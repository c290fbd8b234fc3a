/**
 * `npm run bench`: the scan of a large manifest set, measured against reading the same file with
 * js-yaml alone, in the same run on the same machine (DESIGN §5.9). Each measurement runs in its own
 * process so its peak memory is its own; each is repeated and the median kept. Benchmarks report,
 * they do not gate: the exit code is 0 whatever the numbers.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBenchData, SCALES } from './generate.ts';
import { benchCluster, clusterVerdict } from './cluster.ts';
import { measureRoutes, reportRoutes } from './routes.ts';
import { auditVerdict, benchAudit } from './audit.ts';
import { benchTraffic, trafficVerdict } from './traffic.ts';
import { admissionVerdict, benchAdmission } from './admission.ts';
import { benchWatch, watchVerdict } from './watch.ts';

interface Sample {
  readonly ms: number;
  readonly maxRssBytes: number;
  readonly detail: string;
}

interface Measured {
  readonly label: string;
  readonly ms: number;
  readonly maxRssBytes: number;
  readonly runs: number;
  readonly detail: string;
}

const TARGETS = { time: 1.5, memory: 2, scaling: 12 } as const;
const MEASURE = join(import.meta.dirname, 'measure.ts');

function measureOnce(mode: 'baseline' | 'target', file: string): Sample {
  const output = execFileSync(process.execPath, ['--expose-gc', MEASURE, mode, file], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Sample;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function measure(label: string, mode: 'baseline' | 'target', file: string, runs: number): Measured {
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    samples.push(measureOnce(mode, file));
    process.stderr.write('.');
  }
  return {
    label,
    ms: median(samples.map((s) => s.ms)),
    maxRssBytes: median(samples.map((s) => s.maxRssBytes)),
    runs,
    detail: samples.at(-1)?.detail ?? '',
  };
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function table(rows: readonly Measured[]): string {
  const header = ['measurement', 'time (median)', 'peak RSS', 'runs', 'detail'];
  const cells = rows.map((r) => [r.label, seconds(r.ms), mib(r.maxRssBytes), String(r.runs), r.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const format = (row: readonly string[]): string =>
    row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...cells.map(format)].join('\n');
}

function verdict(name: string, value: number, target: number): string {
  const met = value <= target;
  return `${met ? 'MET    ' : 'NOT MET'}  ${name}: ${value.toFixed(2)}× (target ≤ ${String(target)}×)`;
}

process.stderr.write('preparing data (cached in .bench-data/)…\n');
const small = await ensureBenchData(SCALES.small);
const large = await ensureBenchData(SCALES.large);
process.stderr.write(`  ${small}: ${mib(statSync(small).size)}\n  ${large}: ${mib(statSync(large).size)}\n`);

process.stderr.write('measuring');
const baseline = measure(`baseline ${SCALES.small.name}: read + js-yaml loadAll`, 'baseline', small, 3);
const target = measure(`target ${SCALES.small.name}: gatewatch scan -o json`, 'target', small, 3);
const largeBaseline = measure(`baseline ${SCALES.large.name}: read + js-yaml loadAll`, 'baseline', large, 1);
const largeTarget = measure(`target ${SCALES.large.name}: gatewatch scan -o json`, 'target', large, 1);
process.stderr.write('\n');

const timeRatio = target.ms / baseline.ms;
const memoryRatio = target.maxRssBytes / baseline.maxRssBytes;
const scaling = largeTarget.ms / target.ms;

console.log(`\n${table([baseline, target, largeBaseline, largeTarget])}\n`);
console.log(verdict(`time, scan / baseline (${SCALES.small.name})`, timeRatio, TARGETS.time));
console.log(verdict(`peak memory, scan / baseline (${SCALES.small.name})`, memoryRatio, TARGETS.memory));
console.log(
  verdict(
    `scaling, scan ${SCALES.large.name} / scan ${SCALES.small.name} (10× the objects)`,
    scaling,
    TARGETS.scaling,
  ),
);
console.log(
  `\nfor reference: baseline scaling ${(largeBaseline.ms / baseline.ms).toFixed(2)}×, scan/baseline at ${SCALES.large.name}: time ${(largeTarget.ms / largeBaseline.ms).toFixed(2)}×, memory ${(largeTarget.maxRssBytes / largeBaseline.maxRssBytes).toFixed(2)}×`,
);

process.stderr.write(`measuring scan --cluster (${SCALES.small.name}, loopback API server)`);
console.log(`\n${clusterVerdict(await benchCluster(small))}`);

process.stderr.write(`measuring the route table (${SCALES.small.name})\n`);
console.log(`\n${reportRoutes(SCALES.small.name, measureRoutes(small), target.ms).join('\n')}`);

process.stderr.write('measuring audit-log ingest (GATEWATCH_BENCH_AUDIT_MIB, default 500)');
console.log(`\n${auditVerdict(await benchAudit())}`);

process.stderr.write(
  'measuring access-log analysis against GoAccess (GATEWATCH_BENCH_TRAFFIC_LINES, default 1,000,000)',
);
console.log(`\n${trafficVerdict(await benchTraffic())}`);

process.stderr.write('\nmeasuring admission latency under load (10k Ingresses, 500 req/s)\n');
console.log(`\n${admissionVerdict(await benchAdmission(small))}`);

process.stderr.write('\nmeasuring watch change-to-alert latency (10k Ingresses)');
console.log(`\n${watchVerdict(await benchWatch(small))}`);
