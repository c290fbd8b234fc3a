/**
 * `scan --cluster` against the loopback API server (test/helpers/fake-api-server.ts: HTTPS, bearer token,
 * pages of 500) serving the objects of the 10k bench file, against the static scan of that same file,
 * in the same run (DESIGN §5.9). Target: the live scan takes at most 2× the static one.
 *
 * The server runs in a process of its own (it parses the file once), and so does each measurement, so
 * neither's work or memory is counted in the other's. Used by bench/run.ts; also runnable alone:
 *
 *   node bench/cluster.ts [FILE]                    the comparison (default: the 10k file)
 *   node bench/cluster.ts serve FILE                (internal) the server; prints "ready KUBECONFIG"
 *   node bench/cluster.ts measure KUBECONFIG        (internal) one timed `scan --cluster`, one JSON line
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import jsYaml from 'js-yaml';
import { BENCH_NOW, ensureBenchData, SCALES } from './generate.ts';

export const CLUSTER_TARGET = 2;
const SELF = import.meta.filename;
const MEASURE = join(import.meta.dirname, 'measure.ts');

interface Sample {
  readonly ms: number;
  readonly maxRssBytes: number;
  readonly detail: string;
}

export interface ClusterBench {
  readonly staticScan: Sample;
  readonly clusterScan: Sample;
  readonly ratio: number;
  readonly runs: number;
}

/** Median of `runs` static scans of `file` and of `runs` cluster scans of the same objects served. */
export async function benchCluster(file: string, runs = 3): Promise<ClusterBench> {
  const server = await startServerProcess(file);
  try {
    const staticSamples: Sample[] = [];
    const clusterSamples: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      staticSamples.push(child([MEASURE, 'target', file]));
      clusterSamples.push(child([SELF, 'measure', server.kubeconfig]));
      process.stderr.write('.');
    }
    const staticScan = median(staticSamples);
    const clusterScan = median(clusterSamples);
    return { staticScan, clusterScan, ratio: clusterScan.ms / staticScan.ms, runs };
  } finally {
    server.process.kill();
  }
}

export function clusterVerdict(result: ClusterBench): string {
  const met = result.ratio <= CLUSTER_TARGET;
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  return [
    `static scan:  ${seconds(result.staticScan.ms)} (${result.staticScan.detail})`,
    `cluster scan: ${seconds(result.clusterScan.ms)} (${result.clusterScan.detail})`,
    `${met ? 'MET    ' : 'NOT MET'}  time, scan --cluster / static scan of the same objects: ${result.ratio.toFixed(2)}× (target ≤ ${String(CLUSTER_TARGET)}×, median of ${String(result.runs)})`,
  ].join('\n');
}

function child(args: readonly string[]): Sample {
  const output = execFileSync(process.execPath, ['--expose-gc', ...args], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '') as Sample;
}

function median(samples: readonly Sample[]): Sample {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)] ?? { ms: Number.NaN, maxRssBytes: 0, detail: 'no sample' };
}

async function startServerProcess(file: string): Promise<{ process: ChildProcess; kubeconfig: string }> {
  const server = spawn(process.execPath, [SELF, 'serve', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  for await (const line of lines) {
    const match = /^ready (.+)$/.exec(line);
    if (match?.[1]) return { process: server, kubeconfig: match[1] };
  }
  throw new Error('the bench API server exited before it was ready');
}

/** The server process: every object of the bench file, as an API server with the usual CRDs serves them. */
async function serve(file: string): Promise<void> {
  const { startFakeApiServer } = await import('../test/helpers/fake-api-server.ts');
  const { STANDARD_RESOURCES, GATEWAY_API_RESOURCES, TRAEFIK_RESOURCES } =
    await import('../src/sources/cluster/fake.ts');
  const objects = jsYaml
    .loadAll(readFileSync(file, 'utf8'), undefined, { schema: jsYaml.CORE_SCHEMA })
    .filter(
      (document): document is Record<string, never> => typeof document === 'object' && document !== null,
    );
  const token = 'bench-token';
  const server = await startFakeApiServer({
    objects,
    token,
    served: [...STANDARD_RESOURCES, ...GATEWAY_API_RESOURCES, ...TRAEFIK_RESOURCES],
  });
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-bench-cluster-'));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, server.kubeconfig());
  const stop = (): void => {
    rmSync(dir, { recursive: true, force: true });
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdout.write(`ready ${kubeconfig}\n`);
}

/** One measured `gatewatch scan --cluster -A -o json`, output discarded, like measure.ts's static target. */
async function measure(kubeconfig: string): Promise<void> {
  const { main } = await import('../src/cli/main.ts');
  let outputBytes = 0;
  const io = {
    stdout: (text: string) => {
      outputBytes += Buffer.byteLength(text);
    },
    stderr: () => undefined,
    isTty: false,
    env: {},
    cwd: process.cwd(),
  };
  globalThis.gc?.();
  const start = performance.now();
  const exitCode = await main(
    ['scan', '--cluster', '-A', '--kubeconfig', kubeconfig, '-o', 'json', '--now', BENCH_NOW],
    io,
  );
  const ms = performance.now() - start;
  const detail = `exit ${String(exitCode)}, ${String(outputBytes)} bytes of JSON`;
  process.stdout.write(
    `${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, detail })}\n`,
  );
  // Idle keep-alive connections to the server must not hold the measurement process open.
  process.exit(0);
}

if (import.meta.main) {
  const [command, argument] = process.argv.slice(2);
  if (command === 'serve' && argument) await serve(argument);
  else if (command === 'measure' && argument) await measure(argument);
  else {
    const file = command ?? (await ensureBenchData(SCALES.small));
    process.stderr.write(`measuring scan --cluster against the static scan of ${file}`);
    const result = await benchCluster(file);
    process.stderr.write('\n');
    console.log(clusterVerdict(result));
  }
}
