/**
 * Benchmark data: one multi-document YAML file of Ingresses, Services and TLS Secrets, shaped like
 * `kubectl get -o yaml` output of a busy cluster. Deterministic for a given seed and certificate pool:
 * the pool (real keys and self-signed certificates made by `openssl`, which Node cannot do) is
 * generated once and cached in .bench-data/certs, then reused under many Secret names.
 *
 * `node bench/generate.ts` writes both sizes; bench/run.ts calls `ensureBenchData` itself.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export const DATA_DIR = join(import.meta.dirname, '..', '.bench-data');
const CERT_DIR = join(DATA_DIR, 'certs');
const CERT_POOL_SIZE = 20;
/** Bump when the shape of the generated data changes, so cached files are rewritten. */
const GENERATOR_VERSION = 5;

export interface BenchScale {
  readonly name: string;
  readonly ingresses: number;
  readonly services: number;
  readonly secrets: number;
}

export const SCALES = {
  small: { name: '10k', ingresses: 10_000, services: 10_000, secrets: 2_000 },
  large: { name: '100k', ingresses: 100_000, services: 100_000, secrets: 20_000 },
} as const satisfies Record<string, BenchScale>;

/** mulberry32: tiny, seeded, good enough to pick names. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CertPair {
  readonly crt: string;
  readonly key: string;
}

/** Real certificates, some RSA and some ECDSA, covering a wildcard and apex of one domain each. */
function certificatePool(): CertPair[] {
  mkdirSync(CERT_DIR, { recursive: true });
  const pool: CertPair[] = [];
  for (let index = 0; index < CERT_POOL_SIZE; index++) {
    const base = join(CERT_DIR, `cert-${String(index).padStart(2, '0')}`);
    if (!existsSync(`${base}.crt`) || !existsSync(`${base}.key`)) {
      const domain = `app${index}.bench.example.com`;
      const keyAlgorithm =
        index % 3 === 0
          ? ['-newkey', 'rsa:2048']
          : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          ...keyAlgorithm,
          '-nodes',
          '-sha256',
          '-days',
          String(400 + index * 90),
          '-subj',
          `/CN=${domain}`,
          '-addext',
          `subjectAltName=DNS:${domain},DNS:*.${domain}`,
          '-keyout',
          `${base}.key`,
          '-out',
          `${base}.crt`,
        ],
        { stdio: 'ignore' },
      );
    }
    pool.push({ crt: readFileSync(`${base}.crt`, 'utf8'), key: readFileSync(`${base}.key`, 'utf8') });
  }
  return pool;
}

const NAMESPACES = [
  'default',
  'shop',
  'payments',
  'search',
  'auth',
  'media',
  'internal-tools',
  'monitoring',
  'team-a',
  'team-b',
  'checkout',
  'catalog',
];
const WORDS = [
  'api',
  'web',
  'cart',
  'orders',
  'users',
  'billing',
  'images',
  'feed',
  'admin',
  'docs',
  'status',
  'grafana',
  'reports',
  'search',
  'login',
  'static',
  'upload',
  'events',
];
const PATH_WORDS = [
  'v1',
  'v2',
  'api',
  'static',
  'assets',
  'graphql',
  'health',
  'metrics',
  'admin',
  'login',
  'callback',
  'ws',
  'uploads',
  'public',
];
const PATH_TYPES = ['Prefix', 'Prefix', 'Prefix', 'Exact', 'ImplementationSpecific'];

class Picker {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }
  int(below: number): number {
    return Math.floor(this.random() * below);
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(probability: number): boolean {
    return this.random() < probability;
  }
}

function namespaceOf(index: number): string {
  return NAMESPACES[index % NAMESPACES.length] ?? 'default';
}

function serviceName(index: number): string {
  return `${WORDS[index % WORDS.length] ?? 'svc'}-${index}`;
}

function secretName(index: number): string {
  return `tls-${WORDS[index % WORDS.length] ?? 'site'}-${index}`;
}

/** Quotes like kubectl does: only what YAML would misread. */
function scalar(value: string): string {
  return /^[A-Za-z0-9_./-][A-Za-z0-9_./ -]*$/.test(value) &&
    !/^(?:true|false|null|yes|no|on|off|~|[0-9.]+)$/i.test(value) &&
    !value.endsWith(' ')
    ? value
    : JSON.stringify(value);
}

function metadata(
  lines: string[],
  name: string,
  namespace: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
): void {
  lines.push('metadata:');
  if (Object.keys(annotations).length > 0) {
    lines.push('  annotations:');
    for (const [key, value] of Object.entries(annotations)) lines.push(`    ${key}: ${scalar(value)}`);
  }
  if (Object.keys(labels).length > 0) {
    lines.push('  labels:');
    for (const [key, value] of Object.entries(labels)) lines.push(`    ${key}: ${scalar(value)}`);
  }
  lines.push(`  name: ${name}`, `  namespace: ${namespace}`);
}

function ingress(index: number, scale: BenchScale, pick: Picker): string {
  const namespace = namespaceOf(index);
  const domain = `app${index % CERT_POOL_SIZE}.bench.example.com`;
  const annotations: Record<string, string> = {};
  const classChoice = pick.int(20);
  let className: string | undefined;
  if (classChoice < 12) className = 'nginx';
  else if (classChoice < 15) className = 'traefik';
  else if (classChoice < 16) className = 'haproxy';
  else if (classChoice < 18) annotations['kubernetes.io/ingress.class'] = 'nginx';
  const nginx = className === 'nginx' || annotations['kubernetes.io/ingress.class'] === 'nginx';
  if (nginx) {
    if (pick.chance(0.3))
      annotations['nginx.ingress.kubernetes.io/proxy-body-size'] = `${String(1 + pick.int(50))}m`;
    if (pick.chance(0.2))
      annotations['nginx.ingress.kubernetes.io/ssl-redirect'] = pick.one(['true', 'false']);
    if (pick.chance(0.1)) annotations['nginx.ingress.kubernetes.io/rewrite-target'] = '/$2';
    if (pick.chance(0.08))
      annotations['nginx.ingress.kubernetes.io/whitelist-source-range'] = pick.one([
        '10.0.0.0/8',
        '0.0.0.0/0',
        '192.168.0.0/16,10.1.0.0/16',
      ]);
    if (pick.chance(0.05)) annotations['nginx.ingress.kubernetes.io/backend-protocol'] = 'HTTPS';
    if (pick.chance(0.05)) annotations['nginx.ingress.kubernetes.io/enable-cors'] = 'true';
    if (pick.chance(0.03))
      annotations['nginx.ingress.kubernetes.io/auth-url'] =
        `http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth`;
    if (pick.chance(0.01))
      annotations['nginx.ingress.kubernetes.io/configuration-snippet'] =
        'more_set_headers "X-Frame-Options: DENY";';
  }
  if (pick.chance(0.25)) annotations['cert-manager.io/cluster-issuer'] = 'letsencrypt-prod';
  if (pick.chance(0.15)) annotations['meta.helm.sh/release-name'] = `release-${String(index % 300)}`;
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': WORDS[index % WORDS.length] ?? 'app',
    'app.kubernetes.io/instance': `inst-${String(index % 500)}`,
  };
  const service = (offset: number): number => (index + offset) % scale.services;
  const sameNamespaceService = (offset: number): number => {
    // Services are spread over namespaces the same way, so index ≡ namespace; keep that congruence.
    const candidate = service(offset * NAMESPACES.length);
    return candidate;
  };
  const lines: string[] = ['apiVersion: networking.k8s.io/v1', 'kind: Ingress'];
  metadata(
    lines,
    `ing-${WORDS[index % WORDS.length] ?? 'x'}-${String(index)}`,
    namespace,
    labels,
    annotations,
  );
  lines.push('spec:');
  if (className) lines.push(`  ingressClassName: ${className}`);
  if (pick.chance(0.05)) {
    const target = sameNamespaceService(0);
    lines.push(
      '  defaultBackend:',
      '    service:',
      `      name: ${serviceName(target)}`,
      '      port:',
      '        number: 80',
    );
  }
  const hostCount = pick.chance(0.7) ? 1 : pick.chance(0.8) ? 2 : 3;
  const hosts: string[] = [];
  lines.push('  rules:');
  for (let h = 0; h < hostCount; h++) {
    const host = pick.chance(0.03)
      ? `*.${domain}`
      : `${WORDS[(index + h) % WORDS.length] ?? 'www'}-${String(index)}.${domain}`;
    hosts.push(host);
    lines.push(`  - host: ${scalar(host)}`, '    http:', '      paths:');
    const pathCount = 1 + pick.int(3);
    for (let p = 0; p < pathCount; p++) {
      const target = sameNamespaceService(h + p);
      const path =
        p === 0 ? '/' : `/${pick.one(PATH_WORDS)}${pick.chance(0.3) ? `/${pick.one(PATH_WORDS)}` : ''}`;
      lines.push(
        '      - backend:',
        '          service:',
        `            name: ${serviceName(target)}`,
        '            port:',
      );
      lines.push(
        pick.chance(0.8)
          ? `              number: ${pick.one(['80', '8080', '443'])}`
          : '              name: http',
      );
      lines.push(`        path: ${path}`, `        pathType: ${pick.one(PATH_TYPES)}`);
    }
  }
  // ~20% of Ingresses have TLS; each names one of the Secrets of its namespace (a few do not exist).
  if (index % 5 === 0) {
    const secretIndex = (index / 5) % scale.secrets;
    const name = pick.chance(0.02) ? `tls-missing-${String(index)}` : secretName(secretIndex);
    lines.push('  tls:', '  - hosts:');
    for (const host of hosts) lines.push(`    - ${scalar(host)}`);
    lines.push(`    secretName: ${name}`);
  }
  if (pick.chance(0.5)) {
    lines.push(
      'status:',
      '  loadBalancer:',
      '    ingress:',
      `    - ip: 203.0.113.${String(1 + (index % 250))}`,
    );
  }
  return lines.join('\n');
}

function service(index: number, pick: Picker): string {
  const lines: string[] = ['apiVersion: v1', 'kind: Service'];
  metadata(
    lines,
    serviceName(index),
    namespaceOf(index),
    { 'app.kubernetes.io/name': serviceName(index) },
    {},
  );
  lines.push(
    'spec:',
    '  type: ClusterIP',
    `  clusterIP: 10.96.${String(Math.floor(index / 250) % 256)}.${String(index % 250)}`,
    '  ports:',
  );
  lines.push(
    '  - name: http',
    '    port: 80',
    '    protocol: TCP',
    `    targetPort: ${pick.one(['8080', 'http', '80'])}`,
  );
  if (pick.chance(0.4))
    lines.push('  - name: https', '    port: 443', '    protocol: TCP', '    targetPort: 8443');
  if (pick.chance(0.3))
    lines.push('  - name: metrics', '    port: 8080', '    protocol: TCP', '    targetPort: 9090');
  lines.push('  selector:', `    app.kubernetes.io/name: ${serviceName(index)}`);
  return lines.join('\n');
}

function secret(index: number, pool: readonly CertPair[]): string {
  const pair = pool[index % pool.length] as CertPair;
  // The Secret that Ingress i (a multiple of 5) names lives in that Ingress's namespace.
  const namespace = namespaceOf(index * 5);
  const lines: string[] = ['apiVersion: v1', 'kind: Secret'];
  metadata(
    lines,
    secretName(index),
    namespace,
    {},
    index % 4 === 0 ? { 'cert-manager.io/certificate-name': secretName(index) } : {},
  );
  lines.push(
    'type: kubernetes.io/tls',
    'data:',
    `  tls.crt: ${Buffer.from(pair.crt).toString('base64')}`,
    `  tls.key: ${Buffer.from(pair.key).toString('base64')}`,
  );
  return lines.join('\n');
}

/** A controller and its classes, so controller-aware rules have something to resolve against. */
function platform(): string[] {
  return [
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: IngressClass',
      'metadata:',
      '  name: nginx',
      '  annotations:',
      '    ingressclass.kubernetes.io/is-default-class: "true"',
      'spec:',
      '  controller: k8s.io/ingress-nginx',
    ].join('\n'),
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: IngressClass',
      'metadata:',
      '  name: traefik',
      'spec:',
      '  controller: traefik.io/ingress-controller',
    ].join('\n'),
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: IngressClass',
      'metadata:',
      '  name: haproxy',
      'spec:',
      '  controller: haproxy.org/ingress-controller/haproxy',
    ].join('\n'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: ingress-nginx-controller',
      '  namespace: ingress-nginx',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app.kubernetes.io/name: ingress-nginx',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app.kubernetes.io/name: ingress-nginx',
      '    spec:',
      '      containers:',
      '      - name: controller',
      '        image: registry.k8s.io/ingress-nginx/controller:v1.12.1',
      '        args:',
      '        - /nginx-ingress-controller',
      '        - --ingress-class=nginx',
      '        - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
    ].join('\n'),
  ];
}

/** Writes the file for `scale` unless an up-to-date one exists; returns its path. */
export async function ensureBenchData(scale: BenchScale, seed = 42): Promise<string> {
  const file = join(DATA_DIR, `manifests-${scale.name}.yaml`);
  const stamp = `${file}.version`;
  const wanted = `${String(GENERATOR_VERSION)}:${String(seed)}`;
  if (existsSync(file) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return file;
  const pool = certificatePool();
  const pick = new Picker(seed);
  const out = createWriteStream(file);
  const write = async (document: string): Promise<void> => {
    if (!out.write(`---\n${document}\n`)) await once(out, 'drain');
  };
  for (const document of platform()) await write(document);
  // Interleaved as a real `kubectl get all -A -o yaml`-like dump would not be; grouped per namespace
  // chunk like a GitOps repository concatenated by kustomize.
  const chunk = 100;
  for (let start = 0; start < scale.ingresses; start += chunk) {
    for (let i = start; i < Math.min(start + chunk, scale.services); i++)
      await write(`# Source: charts/${namespaceOf(i)}/templates/service.yaml\n${service(i, pick)}`);
    for (let i = start / 5; i < Math.min((start + chunk) / 5, scale.secrets); i++)
      await write(secret(i, pool));
    for (let i = start; i < Math.min(start + chunk, scale.ingresses); i++)
      await write(ingress(i, scale, pick));
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(stamp, wanted);
  return file;
}

if (import.meta.main) {
  for (const scale of Object.values(SCALES)) {
    const file = await ensureBenchData(scale);
    console.log(`${file}: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB`);
  }
}
