/**
 * `watch` on a large cluster: the loopback API server (test/helpers/fake-api-server.ts, HTTPS, watch
 * streams) serves the objects of the 10k bench file (10,000 Ingresses, 10,000 Services, 2,000 TLS
 * Secrets) from a process of its own; this process runs the watch (informers, store, incremental
 * review) and asks the server, over its stdin, to change one Ingress at a time. Change-to-alert
 * latency is the time from asking for the change until the alert it causes is raised — the API
 * server's write, the watch event over HTTPS, the store, the review and the alert all included.
 * Every change makes or mends a missing backend Service, so every change raises exactly one alert.
 *
 * Targets (issue 8): p99 ≤ 200 ms; peak RSS of the watching process ≤ 400 MiB.
 *
 *   node bench/watch.ts [FILE] [CHANGES]          both measurements (default: the 10k file, 300 changes)
 *   node bench/watch.ts measure FILE CHANGES      (internal) one measurement; prints one JSON line
 *   node bench/watch.ts serve FILE                (internal) the server; stdin: `break N` / `mend N`
 *
 * Measured twice, each in its own process: as `gatewatch watch` runs (it sets V8's heap up for itself:
 * src/cli/heap-tuning.ts), and with V8's young generation capped from the start as well (TUNED_FLAGS,
 * what deploy/ sets).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface, type Interface } from 'node:readline';
import jsYaml from 'js-yaml';
import type { JsonObject } from '../src/model/resource.ts';
import { BENCH_NOW, ensureBenchData, SCALES } from './generate.ts';

export const WATCH_TARGETS = { p99Ms: 200, rssMiB: 400 } as const;
const SELF = import.meta.filename;

export interface WatchBench {
  readonly ingresses: number;
  readonly objects: number;
  readonly syncMs: number;
  readonly changes: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Median time of the incremental review alone (no I/O). */
  readonly reviewP50Ms: number;
  /** Peak RSS once synced (lists and the first full review), before any change. */
  readonly syncRssBytes: number;
  /** Peak RSS over the whole run: after the changes too. */
  readonly maxRssBytes: number;
}

interface ServerProcess {
  readonly child: ChildProcess;
  readonly kubeconfig: string;
  readonly lines: Interface;
}

async function startServer(file: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SELF, 'serve', file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const match = /^ready (.+)$/.exec(line);
    if (match?.[1]) return { child, kubeconfig: match[1], lines };
  }
  throw new Error('the bench API server exited before it was ready');
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** One measurement, in this process (its peak RSS is the watch's; the server is another process). */
async function measureWatch(file: string, changes: number): Promise<WatchBench> {
  // What `gatewatch watch` sets for itself before it loads its modules (src/cli/heap-tuning.ts).
  (await import('../src/cli/heap-tuning.ts')).tuneHeap({ keepYoungGeneration: true });
  const [{ resolveConfig }, { RULES }, { createKubernetesReader }, { Watcher }] = await Promise.all([
    import('../src/engine/config.ts'),
    import('../src/rules/index.ts'),
    import('../src/sources/cluster/kubernetes-client.ts'),
    import('../src/watch/watcher.ts'),
  ]);
  const server = await startServer(file);
  try {
    const now = Date.parse(BENCH_NOW);
    const pending = new Map<string, { resolve: (receivedAt: number) => void }>();
    /** Alerts that came before the server said which Ingress it changed. */
    const early = new Map<string, number>();
    const reviews: number[] = [];
    const watcher = new Watcher({
      reader: createKubernetesReader({ env: {}, kubeconfig: server.kubeconfig }),
      config: resolveConfig(RULES, {}, {}),
      now: () => now,
      resyncMs: 0,
      onAlert: (alert) => {
        if (alert.details.ruleId !== 'ingress-backend-service-missing') return;
        const key = `${alert.object.namespace ?? ''}/${alert.object.name}`;
        const at = performance.now();
        const waiting = pending.get(key);
        if (waiting) {
          pending.delete(key);
          waiting.resolve(at);
        } else early.set(key, at);
      },
      onReview: (_delta, count) => {
        if (count > 0) reviews.push(lastReviewMs());
      },
    });
    let reviewStarted = 0;
    const lastReviewMs = (): number => performance.now() - reviewStarted;
    const syncStart = performance.now();
    const started = await watcher.start();
    if (started.status !== 'synced') throw new Error(started.message);
    const syncMs = performance.now() - syncStart;
    const syncRssBytes = process.resourceUsage().maxRSS * 1024;
    const objects = watcher.status().objects;
    globalThis.gc?.();

    // The server picks the Ingress and makes the change; it answers with the Ingress's key (this
    // process never loads the bench file: its memory is the watch's alone).
    const answers: ((line: string) => void)[] = [];
    server.lines.on('line', (line) => answers.shift()?.(line));
    const ask = (command: string): { key: Promise<string>; asked: number } => {
      const key = new Promise<string>((resolve) => answers.push(resolve));
      const asked = performance.now();
      server.child.stdin?.write(`${command}\n`);
      return { key, asked };
    };
    const latencies: number[] = [];
    for (let i = 0; i < changes; i++) {
      for (const step of ['break', 'mend'] as const) {
        let resolveAlert: (at: number) => void = () => undefined;
        const alerted = new Promise<number>((resolve) => (resolveAlert = resolve));
        const { key, asked } = ask(`${step} ${String(i)}`);
        reviewStarted = asked;
        const ingressKey = await key;
        if (ingressKey === '') break;
        const before = early.get(ingressKey);
        if (before !== undefined) {
          early.delete(ingressKey);
          resolveAlert(before);
        } else pending.set(ingressKey, { resolve: resolveAlert });
        const timeout = new Promise<number>((resolve) =>
          setTimeout(() => {
            resolve(Number.NaN);
          }, 5000),
        );
        const at = await Promise.race([alerted, timeout]);
        if (Number.isNaN(at)) throw new Error(`no alert within 5 s for the ${step} of ${ingressKey}`);
        latencies.push(at - asked);
      }
      if (i % 20 === 0) process.stderr.write('.');
    }
    await watcher.stop();
    const sorted = [...latencies].sort((a, b) => a - b);
    const sortedReviews = [...reviews].sort((a, b) => a - b);
    return {
      ingresses: watcher.snapshot()?.list('Ingress').length ?? 0,
      objects,
      syncMs,
      changes: latencies.length,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.at(-1) ?? Number.NaN,
      reviewP50Ms: percentile(sortedReviews, 50),
      syncRssBytes,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    server.child.kill('SIGTERM');
  }
}

/** V8's young generation, capped: what keeps a watch of 10,000 Ingresses under 400 MiB (docs/watch.md). */
export const TUNED_FLAGS = ['--max-semi-space-size=4'] as const;

export interface WatchBenchRuns {
  readonly defaults: WatchBench;
  readonly tuned: WatchBench;
}

/** The measurement twice, each in a process of its own: as the command runs, and with TUNED_FLAGS too. */
export async function benchWatch(file: string, changes = 300): Promise<WatchBenchRuns> {
  const run = async (flags: readonly string[]): Promise<WatchBench> => {
    const child = spawn(process.execPath, ['--expose-gc', ...flags, SELF, 'measure', file, String(changes)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`the watch measurement failed (exit ${String(code)})`);
    return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as WatchBench;
  };
  return { defaults: await run([]), tuned: await run(TUNED_FLAGS) };
}

function describeRun(label: string, result: WatchBench): string[] {
  const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
  return [
    `watch (${label}): ${result.objects.toLocaleString('en-US')} objects (${result.ingresses.toLocaleString('en-US')} Ingresses) synced in ${(result.syncMs / 1000).toFixed(2)} s; ${String(result.changes)} changes; review p50 ${result.reviewP50Ms.toFixed(1)} ms`,
    `  change-to-alert p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms; peak RSS ${mib(result.syncRssBytes)} MiB after sync, ${mib(result.maxRssBytes)} MiB after the changes`,
  ];
}

export function watchVerdict(runs: WatchBenchRuns): string {
  const { tuned, defaults } = runs;
  const mib = (r: WatchBench): number => r.maxRssBytes / 1024 / 1024;
  const met = (ok: boolean): string => (ok ? 'MET    ' : 'NOT MET');
  return [
    ...describeRun('as `gatewatch watch` runs', defaults),
    ...describeRun(TUNED_FLAGS.join(' '), tuned),
    `${met(defaults.p99Ms <= WATCH_TARGETS.p99Ms)}  watch change-to-alert p99: ${defaults.p99Ms.toFixed(1)} ms (target ≤ ${String(WATCH_TARGETS.p99Ms)} ms)`,
    `${met(mib(defaults) <= WATCH_TARGETS.rssMiB)}  watch peak RSS, no Node options: ${mib(defaults).toFixed(0)} MiB (target ≤ ${String(WATCH_TARGETS.rssMiB)} MiB)`,
    `${met(tuned.p99Ms <= WATCH_TARGETS.p99Ms && mib(tuned) <= WATCH_TARGETS.rssMiB)}  watch with ${TUNED_FLAGS.join(' ')}: p99 ${tuned.p99Ms.toFixed(1)} ms, peak RSS ${mib(tuned).toFixed(0)} MiB`,
  ].join('\n');
}

/** The server process: the bench file's objects; each stdin line is an object to apply. */
async function serve(file: string): Promise<void> {
  const { startFakeApiServer } = await import('../test/helpers/fake-api-server.ts');
  const objects = jsYaml
    .loadAll(readFileSync(file, 'utf8'), undefined, { schema: jsYaml.CORE_SCHEMA })
    .filter((d): d is JsonObject => typeof d === 'object' && d !== null);
  const server = await startFakeApiServer({ objects, token: 'bench-token' });
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-bench-watch-'));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, server.kubeconfig());
  const ingresses = objects.filter((object) => object.kind === 'Ingress');
  let seed = 7;
  let current: JsonObject | undefined;
  // `break N`: point the first backend of a random Ingress at a Service that does not exist (one new
  // finding); `mend N`: put it back (that finding resolved). Answers the Ingress's `namespace/name`.
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, n] = line.trim().split(' ');
    if (command === 'break') {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      current = ingresses[Math.floor((seed / 2 ** 31) * ingresses.length)];
      const broken = JSON.parse(JSON.stringify(current ?? {})) as {
        metadata?: { name: string; namespace: string };
        spec?: { rules?: { http?: { paths?: { backend: { service?: { name: string } } }[] } }[] };
      };
      const service = broken.spec?.rules?.[0]?.http?.paths?.[0]?.backend.service;
      if (!service || !broken.metadata) {
        process.stdout.write('\n');
        return;
      }
      service.name = `missing-${n ?? ''}`;
      process.stdout.write(`${broken.metadata.namespace}/${broken.metadata.name}\n`);
      server.apply(broken);
    } else if (command === 'mend' && current) {
      const metadata = current.metadata as { name: string; namespace: string };
      process.stdout.write(`${metadata.namespace}/${metadata.name}\n`);
      server.apply(current);
    }
  });
  process.on('SIGTERM', () => {
    rmSync(dir, { recursive: true, force: true });
    void server.close().then(() => process.exit(0));
  });
  process.stdout.write(`ready ${kubeconfig}\n`);
}

if (import.meta.main) {
  const [command, argument, count] = process.argv.slice(2);
  if (command === 'serve' && argument) await serve(argument);
  else if (command === 'measure' && argument) {
    const result = await measureWatch(argument, Number(count ?? '300'));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  } else {
    const file = command ?? (await ensureBenchData(SCALES.small));
    process.stderr.write(`measuring watch change-to-alert latency on ${file}`);
    const result = await benchWatch(file, argument === undefined ? undefined : Number(argument));
    process.stderr.write('\n');
    console.log(watchVerdict(result));
    process.exit(0);
  }
}
