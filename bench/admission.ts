/**
 * Admission latency under load: `gatewatch serve --cluster` holding the model of the 10k bench file
 * (10,000 Ingresses, 10,000 Services, 2,000 TLS Secrets, read from the loopback API server of
 * bench/cluster.ts), and this process — a second process — sending AdmissionReviews over HTTPS on
 * loopback at a constant 500 requests per second: an open-loop load as wrk2 generates it, each request
 * sent at its scheduled time whatever the answers before it, and its latency counted from that time, so
 * a stalled server is charged for every request it kept waiting (no coordinated omission). autocannon
 * was used before; its rate limit sends each second's quota back to back and then pauses, and its
 * correction assumes a 1 ms interval, so it measured its own bursts rather than the server.
 * Half the reviews CREATE a new Ingress (a copy of an existing one under a new name: it collides with
 * its original, the worst case of the overlay), half UPDATE an existing one. Target: p99 ≤ 5 ms.
 *
 *   node bench/admission.ts [FILE]     (default: the 10k bench file)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import jsYaml from 'js-yaml';
import {
  freePort,
  send,
  servePki,
  spawnServe,
  stopGently,
  type ServeProcess,
} from '../test/helpers/serve.ts';
import { ensureBenchData, SCALES } from './generate.ts';

export const ADMISSION_TARGET = { p99Ms: 5, rate: 500 } as const;
const DURATION_S = 20;
/**
 * Long enough for both processes to reach their steady state: V8 moves the HTTP, TLS and stream code
 * of both to its optimising tier only after ~10,000 requests (traced with --trace-opt: the whole stack
 * compiled within a second, on the background threads of both processes at once, which on two CPUs
 * stalled every request in flight for ~30 ms, about 16 s into a measurement that followed a 5 s warm-up).
 */
const WARMUP_S = 30;

/** Share of requests the server handled within 1 ms and within 5 ms (its own latency histogram). */
function handlerShares(metrics: string): { within1ms: number; within5ms: number; meanMs: number } {
  const value = (pattern: RegExp): number => Number(pattern.exec(metrics)?.[1] ?? Number.NaN);
  const count = value(/^gatewatch_admission_duration_seconds_count (\S+)$/m);
  return {
    within1ms: value(/^gatewatch_admission_duration_seconds_bucket\{le="0.001"\} (\S+)$/m) / count,
    within5ms: value(/^gatewatch_admission_duration_seconds_bucket\{le="0.005"\} (\S+)$/m) / count,
    meanMs: (1000 * value(/^gatewatch_admission_duration_seconds_sum (\S+)$/m)) / count,
  };
}

export interface AdmissionResult {
  /** The server's own time per review (request body to response), from /metrics. */
  readonly serverSide: { readonly within1ms: number; readonly within5ms: number; readonly meanMs: number };
  readonly ingresses: number;
  readonly rate: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly achievedRate: number;
}

type Json = Record<string, unknown>;

function reviews(objects: readonly Json[], count: number): string[] {
  const ingresses = objects.filter((o) => o.kind === 'Ingress');
  const step = Math.max(1, Math.floor(ingresses.length / count));
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const object = ingresses[(i * step) % ingresses.length];
    if (!object) continue;
    const metadata = object.metadata as Json;
    const create = i % 2 === 0;
    const subject = create
      ? { ...object, metadata: { ...metadata, name: `${String(metadata.name)}-copy` } }
      : object;
    bodies.push(
      JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: {
          uid: `bench-${String(i)}`,
          kind: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
          resource: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
          name: (subject.metadata as Json).name,
          namespace: metadata.namespace,
          operation: create ? 'CREATE' : 'UPDATE',
          userInfo: { username: 'bench' },
          object: subject,
          oldObject: create ? null : object,
          dryRun: false,
        },
      }),
    );
  }
  return bodies;
}

async function apiServer(file: string): Promise<{ process: ChildProcess; kubeconfig: string }> {
  const server = spawn(process.execPath, [join(import.meta.dirname, 'cluster.ts'), 'serve', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: server.stdout })) {
    const match = /^ready (.+)$/.exec(line);
    if (match?.[1]) return { process: server, kubeconfig: match[1] };
  }
  throw new Error('the bench API server exited before it was ready');
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const answer = await send(`${url}/readyz`).catch(() => undefined);
    if (answer?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('serve did not become ready (cluster model not loaded)');
}

interface LoadResult {
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Milliseconds from the first send to the last (the rate actually offered). */
  readonly sendingMs: number;
  /** Milliseconds from each request's scheduled send time to the end of its answer, sorted. */
  readonly latencies: Float64Array;
}

/**
 * Sends `rate` requests per second for `seconds`, request i at start + i/rate (the due ones are sent
 * on each ~1 ms timer tick), on keep-alive connections opened as needed.
 */
function load(url: string, agent: Agent, bodies: readonly string[], seconds: number): Promise<LoadResult> {
  const target = new URL(`${url}/admission`);
  const intervalMs = 1000 / ADMISSION_TARGET.rate;
  const total = Math.round(ADMISSION_TARGET.rate * seconds);
  const latencies = new Float64Array(total);
  let sent = 0;
  let finished = 0;
  let non2xx = 0;
  let errors = 0;
  let lastSent = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const finish = (): void => {
      if (++finished < total) return;
      resolve({ requests: total, non2xx, errors, sendingMs: lastSent - start, latencies: latencies.sort() });
    };
    const fire = (index: number): void => {
      const scheduled = start + index * intervalMs;
      const body = bodies[index % bodies.length] ?? '';
      const outgoing = request(
        target,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (response) => {
          if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300) non2xx++;
          response.resume();
          response.on('end', () => {
            latencies[index] = performance.now() - scheduled;
            finish();
          });
        },
      );
      outgoing.on('error', () => {
        errors++;
        latencies[index] = Number.POSITIVE_INFINITY;
        finish();
      });
      outgoing.end(body);
    };
    const tick = (): void => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) fire(sent++);
      lastSent = performance.now();
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export async function benchAdmission(file?: string): Promise<AdmissionResult> {
  const data = file ?? (await ensureBenchData(SCALES.small));
  const objects = jsYaml
    .loadAll(readFileSync(data, 'utf8'), undefined, { schema: jsYaml.CORE_SCHEMA })
    .filter((o): o is Json => typeof o === 'object' && o !== null);
  const api = await apiServer(data);
  const { files } = servePki();
  const port = await freePort();
  let server: ServeProcess;
  try {
    server = await spawnServe(
      [
        '--listen',
        `127.0.0.1:${String(port)}`,
        '--tls-cert-file',
        files.serverCert,
        '--tls-private-key-file',
        files.serverKey,
        '--cluster',
        '--kubeconfig',
        api.kubeconfig,
        '--resync-period',
        '1h',
      ],
      process.env.GATEWATCH_BENCH_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.GATEWATCH_BENCH_NODE_OPTIONS }
        : {},
    );
  } catch (error) {
    api.process.kill('SIGTERM');
    throw error;
  }
  try {
    await waitReady(server.url);
    const bodies = reviews(objects, 200);
    // The connections the warm-up opened are kept for the measurement, as the API server keeps its
    // connections to a webhook: TLS handshakes are not what is measured.
    const agent = new Agent({ keepAlive: true, maxSockets: 64, ca: servePki().caCert });
    await load(server.url, agent, bodies, WARMUP_S);
    const result = await load(server.url, agent, bodies, DURATION_S);
    agent.destroy();
    const serverSide = handlerShares((await send(`${server.url}/metrics`)).text);
    return {
      serverSide,
      ingresses: objects.filter((o) => o.kind === 'Ingress').length,
      rate: ADMISSION_TARGET.rate,
      requests: result.requests,
      non2xx: result.non2xx,
      errors: result.errors,
      p50: percentile(result.latencies, 50),
      p90: percentile(result.latencies, 90),
      p99: percentile(result.latencies, 99),
      max: result.latencies.at(-1) ?? Number.NaN,
      achievedRate: (1000 * (result.requests - 1)) / result.sendingMs,
    };
  } finally {
    await stopGently(server);
    api.process.kill('SIGTERM');
  }
}

export function admissionVerdict(result: AdmissionResult): string {
  const met = result.p99 <= ADMISSION_TARGET.p99Ms && result.non2xx === 0 && result.errors === 0;
  return [
    `admission webhook, ${String(result.ingresses)} Ingresses in the cluster model, ${String(result.rate)} req/s for ${String(DURATION_S)} s over HTTPS: ${String(result.requests)} requests (${result.achievedRate.toFixed(0)}/s), ${String(result.non2xx)} non-2xx, ${String(result.errors)} errors`,
    `server-side handling: mean ${result.serverSide.meanMs.toFixed(2)} ms, ${(100 * result.serverSide.within1ms).toFixed(1)}% within 1 ms, ${(100 * result.serverSide.within5ms).toFixed(1)}% within 5 ms`,
    `latency: p50 ${result.p50.toFixed(2)} ms, p90 ${result.p90.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, max ${result.max.toFixed(2)} ms`,
    `${met ? 'MET    ' : 'NOT MET'}  admission p99 at ${String(result.rate)} req/s: ${result.p99.toFixed(2)} ms (target ≤ ${String(ADMISSION_TARGET.p99Ms)} ms)`,
  ].join('\n');
}

if (import.meta.main) {
  process.stderr.write('measuring admission latency under load (loopback API server + gatewatch serve)…\n');
  console.log(admissionVerdict(await benchAdmission(process.argv[2])));
}
