/**
 * Audit-log ingest against the simplest useful reader, in the same run (DESIGN §5.9; issue 5
 * "Performance"). The generator writes an audit log in the API server's exact line shape where 1% of
 * events concern ingresses (RequestResponse level) and the rest is ordinary kubelet and controller
 * traffic at Metadata level. Baseline (audit-baseline.ts): a Node loop reading the file line by line
 * and JSON-parsing only lines containing `"ingresses"`. Target: the real command, `gatewatch audit FILE
 * --db <fresh SQLite file> -o json` through bin/ (start-up, ingest, the ledger and every detection).
 * Both are whole processes timed from spawn to exit. Targets: time ≤ 1.6× the baseline, peak memory
 * ≤ 300 MiB whatever the size.
 *
 *   node bench/audit.ts                                  generate (cached in .bench-data/) and compare
 *   GATEWATCH_BENCH_AUDIT_MIB=50 node bench/audit.ts     a quicker run on a smaller log
 *   GATEWATCH_BENCH_AUDIT_RUNS=7 node bench/audit.ts     more runs (medians; default 3)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DATA_DIR, seededRandom } from './generate.ts';

export const AUDIT_TARGETS = { time: 1.6, peakMiB: 300 } as const;
const GENERATOR_VERSION = '1';

interface Sample {
  readonly ms: number;
  /** CPU time (user + system): steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly maxRssBytes: number;
  readonly detail: string;
}

export interface AuditBench {
  readonly file: string;
  readonly bytes: number;
  readonly baseline: Sample;
  readonly target: Sample;
  /** gatewatch audit / baseline of each run (the two measured back to back). */
  readonly ratios: readonly number[];
  /** One-minute load average at the end. */
  readonly load: number;
}

// ---------------------------------------------------------------------------------------------------
// Generator

const KUBELET_UA = 'kubelet/v1.33.1 (linux/amd64) kubernetes/8adc0f0';
const ALLOW_NODE = { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' };

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function uuid(random: () => number): string {
  const hex = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function timestamp(index: number): string {
  // ~20 events per second from 2026-05-01.
  const base = Date.UTC(2026, 4, 1) + index * 50;
  const date = new Date(base);
  return `${date.toISOString().slice(0, 19)}.${pad((index * 997) % 1_000_000, 6)}Z`;
}

function event(fields: Record<string, unknown>): string {
  return JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', ...fields });
}

function noiseEvent(index: number, random: () => number): string {
  const node = `worker-${String(Math.floor(random() * 40))}`;
  const ns = ['shop', 'payments', 'kube-system', 'monitoring', 'search'][Math.floor(random() * 5)] ?? 'shop';
  const time = timestamp(index);
  const roll = random();
  const common = { level: 'Metadata', auditID: uuid(random), stage: 'ResponseComplete' };
  const kubelet = {
    user: { username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] },
    sourceIPs: [`10.0.1.${String(Math.floor(random() * 250))}`],
    userAgent: KUBELET_UA,
  };
  const tail = (code: number) => ({
    responseStatus: { metadata: {}, code },
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations: ALLOW_NODE,
  });
  const resource = (
    verb: string,
    uri: string,
    objectRef: Record<string, string>,
    who = kubelet,
    code = 200,
  ) => event({ ...common, requestURI: uri, verb, ...who, objectRef, ...tail(code) });
  if (roll < 0.25) {
    return resource(
      'update',
      `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}?timeout=10s`,
      {
        resource: 'leases',
        namespace: 'kube-node-lease',
        name: node,
        apiGroup: 'coordination.k8s.io',
        apiVersion: 'v1',
      },
    );
  }
  if (roll < 0.45) {
    const pod = `web-${uuid(random).slice(0, 10)}-${uuid(random).slice(0, 5)}`;
    return resource('get', `/api/v1/namespaces/${ns}/pods/${pod}`, {
      resource: 'pods',
      namespace: ns,
      name: pod,
      apiVersion: 'v1',
    });
  }
  if (roll < 0.55) {
    const name = `app-config-${String(Math.floor(random() * 50))}`;
    return resource('get', `/api/v1/namespaces/${ns}/configmaps/${name}?resourceVersion=0`, {
      resource: 'configmaps',
      namespace: ns,
      name,
      apiVersion: 'v1',
    });
  }
  if (roll < 0.6) {
    const name = `db-credentials-${String(Math.floor(random() * 50))}`;
    return resource('get', `/api/v1/namespaces/${ns}/secrets/${name}?resourceVersion=0`, {
      resource: 'secrets',
      namespace: ns,
      name,
      apiVersion: 'v1',
    });
  }
  if (roll < 0.7) {
    const controller = {
      user: {
        username: 'system:serviceaccount:kube-system:endpointslice-controller',
        uid: '3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
      },
      sourceIPs: ['10.0.0.10'],
      userAgent:
        'kube-controller-manager/v1.33.1 (linux/amd64) kubernetes/8adc0f0/system:serviceaccount:kube-system:endpointslice-controller',
    };
    const name = `web-${uuid(random).slice(0, 5)}`;
    return resource(
      'update',
      `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices/${name}`,
      { resource: 'endpointslices', namespace: ns, name, apiGroup: 'discovery.k8s.io', apiVersion: 'v1' },
      controller,
    );
  }
  if (roll < 0.8) {
    return resource('patch', `/api/v1/nodes/${node}/status?timeout=10s`, {
      resource: 'nodes',
      name: node,
      apiVersion: 'v1',
      subresource: 'status',
    });
  }
  if (roll < 0.92) {
    return resource(
      'create',
      `/apis/events.k8s.io/v1/namespaces/${ns}/events`,
      { resource: 'events', namespace: ns, apiGroup: 'events.k8s.io', apiVersion: 'v1' },
      kubelet,
      201,
    );
  }
  return event({
    ...common,
    requestURI: '/readyz',
    verb: 'get',
    user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    sourceIPs: ['10.0.0.1'],
    userAgent: 'kube-probe/1.33',
    ...tail(200),
  });
}

function ingressObject(
  name: string,
  ns: string,
  generation: number,
  random: () => number,
): Record<string, unknown> {
  const host = `${name}.${ns}.example.com`;
  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    metadata: {
      name,
      namespace: ns,
      uid: uuid(random),
      resourceVersion: String(100_000 + generation),
      generation,
      creationTimestamp: '2026-04-01T00:00:00Z',
      labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `${ns}-${name}` },
      annotations: {
        'nginx.ingress.kubernetes.io/proxy-body-size': `${String(1 + (generation % 16))}m`,
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      },
      managedFields: [
        {
          manager: 'argocd-controller',
          operation: 'Apply',
          apiVersion: 'networking.k8s.io/v1',
          time: '2026-04-01T00:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:rules': {}, 'f:tls': {} } },
        },
      ],
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [host], secretName: `${name}-tls` }],
      rules: [
        {
          host,
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } },
              {
                path: '/api',
                pathType: 'Prefix',
                backend: { service: { name: `${name}-api`, port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
  };
}

function ingressEvent(index: number, random: () => number): string {
  const name = `app-${String(Math.floor(random() * 200))}`;
  const ns = ['shop', 'payments', 'search'][Math.floor(random() * 3)] ?? 'shop';
  const time = timestamp(index);
  const objectRef = {
    resource: 'ingresses',
    namespace: ns,
    name,
    apiGroup: 'networking.k8s.io',
    apiVersion: 'v1',
  };
  const roll = random();
  if (roll < 0.3) {
    // The controller's informer: list/watch of ingresses (a read, not a change).
    return event({
      level: 'Metadata',
      auditID: uuid(random),
      stage: 'ResponseComplete',
      requestURI: '/apis/networking.k8s.io/v1/ingresses?allowWatchBookmarks=true&watch=true',
      verb: 'watch',
      user: {
        username: 'system:serviceaccount:ingress-nginx:ingress-nginx',
        groups: ['system:serviceaccounts'],
      },
      sourceIPs: ['10.0.2.7'],
      userAgent: 'nginx-ingress-controller/v1.12.1 (linux/amd64) ingress-nginx/4e6c1c8',
      objectRef: { resource: 'ingresses', apiGroup: 'networking.k8s.io', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: time,
      stageTimestamp: time,
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    });
  }
  const object = ingressObject(name, ns, index, random);
  const patch = roll < 0.7;
  return event({
    level: 'RequestResponse',
    auditID: uuid(random),
    stage: 'ResponseComplete',
    requestURI: `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/${name}?fieldManager=argocd-controller`,
    verb: patch ? 'patch' : 'update',
    user: {
      username: 'system:serviceaccount:argocd:argocd-application-controller',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd', 'system:authenticated'],
    },
    sourceIPs: ['10.0.3.5'],
    userAgent: 'argocd-application-controller/v2.14.2+unknown (linux/amd64) kubernetes/$Format',
    objectRef,
    responseStatus: { metadata: {}, code: 200 },
    requestObject: patch
      ? {
          metadata: {
            annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': `${String(1 + (index % 16))}m` },
          },
        }
      : object,
    responseObject: object,
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason':
        'RBAC: allowed by ClusterRoleBinding "argocd-application-controller" of ClusterRole "argocd-application-controller" to ServiceAccount "argocd-application-controller/argocd"',
    },
  });
}

/** Write (once, cached) an audit log of about `mib` MiB; returns its path. */
export async function ensureAuditLog(mib: number, seed = 5): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, `audit-${String(mib)}mib.log`);
  const marker = `${file}.version`;
  const version = `${GENERATOR_VERSION}:${String(seed)}`;
  if (existsSync(file) && existsSync(marker) && readFileSync(marker, 'utf8') === version) return file;
  const random = seededRandom(seed);
  const limit = mib * 1024 * 1024;
  const out = createWriteStream(file);
  let written = 0;
  let index = 0;
  while (written < limit) {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++, index++)
      lines.push(random() < 0.01 ? ingressEvent(index, random) : noiseEvent(index, random));
    const block = `${lines.join('\n')}\n`;
    written += Buffer.byteLength(block);
    if (!out.write(block))
      await new Promise<void>((resolve) =>
        out.once('drain', () => {
          resolve();
        }),
      );
  }
  await new Promise<void>((resolve, reject) => {
    out.end((error?: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });
  writeFileSync(marker, version);
  return file;
}

// ---------------------------------------------------------------------------------------------------
// Measurements: each a process of its own, timed from spawn to exit (start-up and module loading
// included), its CPU time and peak memory reported at exit by a preloaded module.

const BIN = join(import.meta.dirname, '..', 'bin', 'gatewatch.js');
const BASELINE = join(import.meta.dirname, 'audit-baseline.ts');
const USAGE = join(import.meta.dirname, 'usage-at-exit.ts');

function run(args: readonly string[], cwd: string): { ms: number; stdout: string; usage: string } {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', USAGE, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
  });
  const ms = performance.now() - start;
  if (result.error) throw result.error;
  return { ms, stdout: result.stdout, usage: result.output[3] ?? '' };
}

function sample(ms: number, usage: string, detail: string): Sample {
  const { cpuMs, maxRssBytes } = JSON.parse(usage.trim()) as { cpuMs: number; maxRssBytes: number };
  return { ms, cpuMs, maxRssBytes, detail };
}

function measureBaseline(file: string): Sample {
  const { ms, stdout, usage } = run([BASELINE, resolve(file)], process.cwd());
  return sample(ms, usage, stdout.trim());
}

/**
 * The real command, as a user runs it: `gatewatch audit FILE --db <fresh SQLite file> -o json` (bin/,
 * the ledger and every detection), in a fresh directory; the JSON output is read for the detail.
 */
function measureTarget(file: string): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-bench-ledger-'));
  try {
    const args = [BIN, 'audit', resolve(file), '--db', join(dir, 'ledger.db'), '-o', 'json'];
    const { ms, stdout, usage } = run(args, dir);
    const result = JSON.parse(stdout) as {
      input: { events: number; malformed: number };
      changes: number;
      alerts: unknown[];
    };
    const detail = `${String(result.input.events)} events, ${String(result.changes)} changes, ${String(result.alerts.length)} alerts`;
    return sample(ms, usage, detail);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(samples: readonly Sample[]): Sample {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)] ?? { ms: 0, cpuMs: 0, maxRssBytes: 0, detail: '' };
}

export async function benchAudit(
  mib = Number(process.env.GATEWATCH_BENCH_AUDIT_MIB ?? 500),
  runs = Number(process.env.GATEWATCH_BENCH_AUDIT_RUNS ?? 3),
): Promise<AuditBench> {
  const file = await ensureAuditLog(mib);
  // Node's compile cache (bin/gatewatch.js) is warm for a user's every run but the first.
  execFileSync(process.execPath, [BIN, '--version'], { stdio: 'ignore' });
  // And the file is in the page cache for both, as for the second reader of any log: read once, not
  // timed (the first run's baseline otherwise read it from disk, and its ratio said nothing).
  measureBaseline(file);
  const baselines: Sample[] = [];
  const targets: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    baselines.push(measureBaseline(file));
    targets.push(measureTarget(file));
    process.stderr.write('.');
  }
  return {
    file,
    bytes: mib * 1024 * 1024,
    baseline: median(baselines),
    target: median(targets),
    ratios: targets.map((target, i) => target.ms / (baselines[i]?.ms ?? target.ms)),
    load: loadavg()[0] ?? 0,
  };
}

export function auditVerdict(result: AuditBench): string {
  const ratio = result.target.ms / result.baseline.ms;
  const peak = result.target.maxRssBytes / 1024 / 1024;
  const mark = (met: boolean): string => (met ? 'MET    ' : 'NOT MET');
  const perRun = result.ratios.map((r) => `${r.toFixed(2)}×`).join(' ');
  return [
    `audit log ${String(Math.round(result.bytes / 1024 / 1024))} MiB: baseline ${(result.baseline.ms / 1000).toFixed(2)} s (${result.baseline.detail}), gatewatch audit ${(result.target.ms / 1000).toFixed(2)} s (${result.target.detail}); medians of ${String(result.ratios.length)} runs, load average ${result.load.toFixed(2)}`,
    `${mark(ratio <= AUDIT_TARGETS.time)}  time, gatewatch audit / baseline: ${ratio.toFixed(2)}× (target ≤ ${String(AUDIT_TARGETS.time)}×; per run ${perRun})`,
    `         CPU time, gatewatch audit / baseline: ${(result.target.cpuMs / result.baseline.cpuMs).toFixed(2)}× (for reference on a busy machine)`,
    `${mark(peak <= AUDIT_TARGETS.peakMiB)}  peak memory, gatewatch audit: ${peak.toFixed(0)} MiB (target ≤ ${String(AUDIT_TARGETS.peakMiB)} MiB; baseline ${(result.baseline.maxRssBytes / 1024 / 1024).toFixed(0)} MiB)`,
  ].join('\n');
}

if (import.meta.main) {
  process.stderr.write('preparing the audit log (cached in .bench-data/)…\nmeasuring');
  const result = await benchAudit();
  console.log(`\n${auditVerdict(result)}`);
}
