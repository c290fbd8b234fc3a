/**
 * `gatewatch traffic` against GoAccess on the same access log, in the same run (issue 6
 * "Performance"): 1,000,000 lines in ingress-nginx's default `upstreaminfo` format (~20,000 client
 * IPs, a small share of attacks; bench/traffic-data.ts), joined to the route table of the matching
 * manifests, with every statistic and detection, JSON output discarded. GoAccess (Debian's `goaccess`)
 * reads the same file with a `--log-format` matching it and writes its JSON report. Targets: gatewatch's
 * throughput ≥ 5× GoAccess's, gatewatch's peak memory ≤ 256 MiB. Without GoAccess installed the
 * comparison is skipped with a message (gatewatch is still measured).
 *
 *   node bench/traffic.ts                              generate (cached in .bench-data/) and compare
 *   GATEWATCH_BENCH_TRAFFIC_LINES=100000 node bench/traffic.ts    a quicker run
 *   node bench/traffic.ts measure FILE MANIFESTS       (internal) one gatewatch measurement, one JSON line
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Io } from '../src/cli/main.ts';
import { ensureTrafficData } from './traffic-data.ts';

export const TRAFFIC_TARGETS = { throughput: 5, peakMiB: 256 } as const;

/** ingress-nginx's upstreaminfo log_format in GoAccess's notation; the upstream name is GoAccess's virtual host. */
export const GOACCESS_LOG_FORMAT = '%h %^ %e [%d:%t %^] "%r" %s %b "%R" "%u" %^ %T [%v] [%^] %^ %^ %^ %^ %^';

interface Sample {
  /** gatewatch only: peak RSS once the CLI is imported, before the run (the module graph's share). */
  readonly importRssBytes?: number;
  readonly ms: number;
  /** CPU time (user + system): steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly maxRssBytes: number;
  readonly detail: string;
}

export interface TrafficBench {
  readonly lines: number;
  readonly gatewatch: Sample;
  /** undefined: GoAccess is not installed (or failed: `goaccessProblem` says why). */
  readonly goaccess: Sample | undefined;
  readonly goaccessProblem: string | undefined;
}

/** `gatewatch traffic FILE -f MANIFESTS -o json`, output counted and discarded; the CLI is loaded before the clock starts. */
async function target(file: string, manifests: string): Promise<string> {
  const { main } = await loaded;
  let outputBytes = 0;
  const io: Io = {
    stdout: (text) => {
      outputBytes += Buffer.byteLength(text);
    },
    stderr: () => undefined,
    isTty: false,
    env: {},
    cwd: tmpdir(),
  };
  const start = performance.now();
  const exitCode = await main(['traffic', file, '-f', manifests, '-o', 'json', '--fail-on', 'none'], io);
  const ms = performance.now() - start;
  return `exit ${String(exitCode)}, ${String(outputBytes)} bytes of JSON, ${(ms / 1000).toFixed(2)} s in main()`;
}

function measureGatewatch(file: string, manifests: string): Sample {
  const output = execFileSync(process.execPath, [import.meta.filename, 'measure', file, manifests], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '') as Sample;
}

function findGoaccess(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v goaccess'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

/** GoAccess on the same file, timed by /usr/bin/time when present (CPU and peak memory), else wall time only. */
function measureGoaccess(goaccess: string, file: string): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-bench-goaccess-'));
  try {
    const args = [
      file,
      '--no-global-config',
      '--no-progress',
      '--no-parsing-spinner',
      `--log-format=${GOACCESS_LOG_FORMAT}`,
      '--date-format=%d/%b/%Y',
      '--time-format=%T',
      '-o',
      join(dir, 'report.json'),
    ];
    const timed = existsSync('/usr/bin/time');
    const start = performance.now();
    const run = timed
      ? spawnSync('/usr/bin/time', ['-f', 'gatewatch-bench %U %S %M', goaccess, ...args], {
          encoding: 'utf8',
        })
      : spawnSync(goaccess, args, { encoding: 'utf8' });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`goaccess exited ${String(run.status)}: ${run.stderr.slice(-500)}`);
    const times = /gatewatch-bench ([\d.]+) ([\d.]+) (\d+)/.exec(run.stderr);
    return {
      ms,
      cpuMs: times ? (Number(times[1]) + Number(times[2])) * 1000 : ms,
      maxRssBytes: times ? Number(times[3]) * 1024 : 0,
      detail: `goaccess ${args.slice(1, -2).join(' ')} -o report.json`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(samples: readonly Sample[]): Sample {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)] ?? { ms: 0, cpuMs: 0, maxRssBytes: 0, detail: '' };
}

export async function benchTraffic(
  lines = Number(process.env.GATEWATCH_BENCH_TRAFFIC_LINES ?? 1_000_000),
  runs = 3,
): Promise<TrafficBench> {
  const data = await ensureTrafficData(lines);
  const goaccess = findGoaccess();
  const ours: Sample[] = [];
  const theirs: Sample[] = [];
  let goaccessProblem =
    goaccess === undefined ? 'goaccess is not installed (apt-get install goaccess)' : undefined;
  for (let run = 0; run < runs; run++) {
    ours.push(measureGatewatch(data.log, data.manifests));
    // GoAccess is slow (tens of seconds for a million lines): once is enough for the comparison.
    if (goaccess !== undefined && goaccessProblem === undefined && run === 0) {
      try {
        theirs.push(measureGoaccess(goaccess, data.log));
      } catch (error) {
        goaccessProblem = error instanceof Error ? error.message : String(error);
      }
    }
    process.stderr.write('.');
  }
  return {
    lines: data.lines,
    gatewatch: median(ours),
    goaccess: theirs.length > 0 ? median(theirs) : undefined,
    goaccessProblem,
  };
}

export function trafficVerdict(result: TrafficBench): string {
  const mark = (met: boolean): string => (met ? 'MET    ' : 'NOT MET');
  const rate = (sample: Sample): string =>
    `${Math.round(result.lines / (sample.ms / 1000)).toLocaleString('en-US')} lines/s`;
  const peak = result.gatewatch.maxRssBytes / 1024 / 1024;
  const out = [
    `access log ${result.lines.toLocaleString('en-US')} lines: gatewatch traffic ${(result.gatewatch.ms / 1000).toFixed(2)} s (${rate(result.gatewatch)}, CPU ${(result.gatewatch.cpuMs / 1000).toFixed(2)} s; ${result.gatewatch.detail})`,
  ];
  if (!result.goaccess) {
    out.push(`SKIPPED  throughput against GoAccess: ${result.goaccessProblem ?? 'not measured'}`);
  } else {
    const wall = result.goaccess.ms / result.gatewatch.ms;
    const cpu = result.goaccess.cpuMs / result.gatewatch.cpuMs;
    out.push(
      `GoAccess ${(result.goaccess.ms / 1000).toFixed(2)} s (${rate(result.goaccess)}, CPU ${(result.goaccess.cpuMs / 1000).toFixed(2)} s, peak ${(result.goaccess.maxRssBytes / 1024 / 1024).toFixed(0)} MiB)`,
      `${mark(wall >= TRAFFIC_TARGETS.throughput)}  throughput, gatewatch / GoAccess: ${wall.toFixed(2)}× (target ≥ ${String(TRAFFIC_TARGETS.throughput)}×)`,
      `         CPU time, GoAccess / gatewatch: ${cpu.toFixed(2)}× (for reference on a busy machine)`,
    );
  }
  const imported = (result.gatewatch.importRssBytes ?? 0) / 1024 / 1024;
  out.push(
    `${mark(peak <= TRAFFIC_TARGETS.peakMiB)}  peak memory, gatewatch traffic: ${peak.toFixed(0)} MiB (target ≤ ${String(TRAFFIC_TARGETS.peakMiB)} MiB; ${imported.toFixed(0)} MiB of it once the CLI is loaded, before reading)`,
  );
  return out.join('\n');
}

/** The CLI, loaded before any clock starts, and only in the measuring process (as bin/gatewatch.js loads it). */
const loaded: Promise<typeof import('../src/cli/main.ts')> =
  process.argv[2] === 'measure'
    ? (async () => {
        const { enableCompileCache } = await import('node:module');
        enableCompileCache();
        return import('../src/cli/main.ts');
      })()
    : new Promise(() => undefined);

if (import.meta.main) {
  const [command, file, manifests] = process.argv.slice(2);
  if (command === 'measure' && file !== undefined && manifests !== undefined) {
    await loaded;
    const importRssBytes = process.resourceUsage().maxRSS * 1024;
    const cpu = (): number => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    const start = performance.now();
    const startCpu = cpu();
    const detail = await target(file, manifests);
    const ms = performance.now() - start;
    const cpuMs = cpu() - startCpu;
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssBytes, importRssBytes, detail })}\n`);
  } else {
    process.stderr.write('preparing the access log (cached in .bench-data/)…\nmeasuring');
    const result = await benchTraffic();
    console.log(`\n${trafficVerdict(result)}`);
  }
}
