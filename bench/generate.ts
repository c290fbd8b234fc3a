/**
 * Benchmark data: one multi-document YAML file of Ingresses, Services and TLS Secrets, shaped like
 * `kubectl get -o yaml` output of a busy but reasonably well-run cluster. Deterministic for a given seed
 * and certificate pool: the pool (real keys and certificates made by `openssl`, which Node cannot do) is
 * generated once and cached in .bench-data/certs, then reused under many Secret names.
 *
 * The platform it describes: 12 namespaces, each with a wildcard certificate `*.<ns>.example.com`
 * issued by a private CA (cert-manager CA issuer style: `tls.crt` is leaf + CA), valid around BENCH_NOW;
 * Ingress hosts are `<app>-<i>.<ns>.example.com`; backends name a Service of their namespace and one of
 * its ports. TLS on every 5th Ingress (20%), each with its own Secret.
 *
 * Deliberate defects, so the rules have something real to report (rates are of the objects named):
 *   backends:   ~1% name a Service that does not exist, ~1% a port the Service does not have
 *               (half of those the Service's targetPort instead of its port)
 *   TLS entries: ~1% name a Secret that does not exist
 *   TLS Secrets: ~1% certificate for another domain (host mismatch), ~1% expiring within 21 days,
 *               ~0.5% expired, ~0.5% self-signed, ~0.5% key of another certificate
 *   hosts:      ~0.5% wildcard hosts (never on TLS Ingresses), ~1% reuse the host and `/` of another
 *               Ingress of the namespace (path conflict), ~0.5% reuse a host of another namespace
 *   paths:      ~1.5% publish a sensitive endpoint (/metrics, /admin, /actuator/health)
 * plus the annotation mix below (legacy class annotation, CORS, open allowlists, snippets…) and, by
 * design, no TLS on 80% of Ingresses. Every object is still checked by every rule: only the share of
 * objects that produce findings is realistic.
 *
 * `node bench/generate.ts` writes both sizes; bench/run.ts calls `ensureBenchData` itself.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export const DATA_DIR = join(import.meta.dirname, '..', '.bench-data');
const CERT_DIR = join(DATA_DIR, 'certs');
/** Bump when the shape of the generated data changes, so cached files are rewritten. */
const GENERATOR_VERSION = 6;

/**
 * The clock the benchmark scans with (`--now`), so certificate verdicts (and the amount of output) do
 * not drift between runs; the certificates are dated around it, not around the day they were made.
 */
export const BENCH_NOW = '2026-06-01T00:00:00Z';

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
/** Sub-paths an application commonly publishes; sensitive ones are added separately, rarely. */
const PATH_WORDS = [
  'v1',
  'v2',
  'api',
  'static',
  'assets',
  'graphql',
  'login',
  'callback',
  'ws',
  'uploads',
  'public',
  'images',
];
const SENSITIVE_PATHS = ['/metrics', '/admin', '/actuator/health'];
const PATH_TYPES = ['Prefix', 'Prefix', 'Prefix', 'Exact', 'ImplementationSpecific'];

// ---------------------------------------------------------------------------------------------------
// Certificates

interface CertPair {
  readonly crt: string;
  readonly key: string;
}

/** What a TLS Secret holds: the normal case, or one of the deliberate defects. */
type CertVariant = 'good' | 'expiring' | 'expired' | 'self-signed';

interface CertificatePool {
  /** namespace → variant → pair; `tls.crt` of issued certificates is leaf + CA. */
  readonly byNamespace: ReadonlyMap<string, Readonly<Record<CertVariant, CertPair>>>;
  /** Issued for a domain no Ingress uses: the host-mismatch defect. */
  readonly foreign: CertPair;
}

/** Validity windows (openssl `-startdate`/`-enddate`), relative to BENCH_NOW = 2026-06-01. */
const VALIDITY: Readonly<Record<CertVariant | 'ca' | 'foreign', readonly [string, string]>> = {
  ca: ['20250101000000Z', '20350101000000Z'],
  good: ['20260415000000Z', '20260814000000Z'],
  foreign: ['20260415000000Z', '20260814000000Z'],
  expiring: ['20260312000000Z', '20260610000000Z'],
  expired: ['20260101000000Z', '20260501000000Z'],
  'self-signed': ['20260301000000Z', '20270301000000Z'],
};

const CA_CONFIG = (dir: string): string => `
[ ca ]
default_ca = bench
[ bench ]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/issued
rand_serial = yes
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
email_in_dn = no
[ policy_any ]
organizationName = optional
commonName = supplied
[ v3_ca ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_leaf ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

function keyArguments(rsa: boolean): string[] {
  return rsa ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
}

/**
 * A key and a certificate dated by VALIDITY (`openssl ca`, because `req -x509` of OpenSSL 3.0 can only
 * start at the current time), signed by the CA or, with `selfSign`, by its own key.
 */
function issue(
  base: string,
  subject: string,
  dnsNames: readonly string[],
  validity: readonly [string, string],
  options: { rsa: boolean; selfSign: boolean },
): void {
  const csr = `${base}.csr`;
  openssl([
    'req',
    '-new',
    ...keyArguments(options.rsa),
    '-nodes',
    '-subj',
    subject,
    ...(dnsNames.length > 0
      ? ['-addext', `subjectAltName=${dnsNames.map((n) => `DNS:${n}`).join(',')}`]
      : []),
    '-keyout',
    `${base}.key`,
    '-out',
    csr,
  ]);
  const signer = options.selfSign
    ? ['-selfsign', '-keyfile', `${base}.key`]
    : ['-cert', join(CERT_DIR, 'ca.crt'), '-keyfile', join(CERT_DIR, 'ca.key')];
  openssl([
    'ca',
    '-batch',
    '-notext',
    '-config',
    join(CERT_DIR, 'ca.cnf'),
    ...signer,
    '-in',
    csr,
    '-out',
    `${base}.crt`,
    '-startdate',
    validity[0],
    '-enddate',
    validity[1],
    '-extensions',
    subject.includes('Root CA') ? 'v3_ca' : 'v3_leaf',
  ]);
}

function ensureCertificate(
  name: string,
  subject: string,
  dnsNames: readonly string[],
  validity: readonly [string, string],
  options: { rsa: boolean; selfSign: boolean },
): { crt: string; key: string } {
  const base = join(CERT_DIR, name);
  if (!existsSync(`${base}.crt`) || !existsSync(`${base}.key`))
    issue(base, subject, dnsNames, validity, options);
  return { crt: readFileSync(`${base}.crt`, 'utf8'), key: readFileSync(`${base}.key`, 'utf8') };
}

function certificatePool(): CertificatePool {
  mkdirSync(join(CERT_DIR, 'issued'), { recursive: true });
  const stamp = join(CERT_DIR, 'version');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== String(GENERATOR_VERSION)) {
    // Certificates of an older generator: start the pool (and the CA database) afresh.
    execFileSync('rm', ['-rf', CERT_DIR]);
    mkdirSync(join(CERT_DIR, 'issued'), { recursive: true });
    writeFileSync(stamp, String(GENERATOR_VERSION));
  }
  writeFileSync(join(CERT_DIR, 'ca.cnf'), CA_CONFIG(CERT_DIR));
  if (!existsSync(join(CERT_DIR, 'index.txt'))) writeFileSync(join(CERT_DIR, 'index.txt'), '');
  const ca = ensureCertificate('ca', '/O=Bench Platform/CN=Bench Platform Root CA', [], VALIDITY.ca, {
    rsa: false,
    selfSign: true,
  });
  const withCa = (pair: CertPair): CertPair => ({ crt: `${pair.crt}${ca.crt}`, key: pair.key });
  const byNamespace = new Map<string, Record<CertVariant, CertPair>>();
  for (const [index, namespace] of NAMESPACES.entries()) {
    const domain = `${namespace}.example.com`;
    const names = [`*.${domain}`, domain];
    // Some RSA and some ECDSA keys, as a real platform that migrated part of its certificates has.
    const rsa = index % 3 === 0;
    const variant = (kind: CertVariant): CertPair => {
      const pair = ensureCertificate(`${namespace}-${kind}`, `/CN=*.${domain}`, names, VALIDITY[kind], {
        rsa,
        selfSign: kind === 'self-signed',
      });
      return kind === 'self-signed' ? pair : withCa(pair);
    };
    byNamespace.set(namespace, {
      good: variant('good'),
      expiring: variant('expiring'),
      expired: variant('expired'),
      'self-signed': variant('self-signed'),
    });
  }
  const foreign = withCa(
    ensureCertificate(
      'foreign',
      '/CN=legacy.example.org',
      ['legacy.example.org', 'www.legacy.example.org'],
      VALIDITY.foreign,
      { rsa: false, selfSign: false },
    ),
  );
  return { byNamespace, foreign };
}

// ---------------------------------------------------------------------------------------------------
// Objects

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
  return `${WORDS[index % WORDS.length] ?? 'svc'}-${String(index)}`;
}

function secretName(index: number): string {
  return `tls-${WORDS[index % WORDS.length] ?? 'site'}-${String(index)}`;
}

function hostOf(index: number, offset = 0): string {
  return `${WORDS[(index + offset) % WORDS.length] ?? 'www'}-${String(index)}.${namespaceOf(index)}.example.com`;
}

interface ServicePorts {
  readonly https: boolean;
  readonly metrics: boolean;
  readonly targetPort: string;
}

/**
 * The ports of Service `index`, from the index alone (not from the shared picker), so an Ingress can
 * name a port its Service really has. Every Service has `http` (80); some add `https` (443) and
 * `metrics` (8080).
 */
function servicePortsOf(index: number): ServicePorts {
  const random = seededRandom(index * 7919 + 17);
  return {
    https: random() < 0.4,
    metrics: random() < 0.3,
    targetPort: ['8080', 'http', '80'][Math.floor(random() * 3)] ?? '8080',
  };
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

function nginxAnnotations(annotations: Record<string, string>, pick: Picker): void {
  if (pick.chance(0.3))
    annotations['nginx.ingress.kubernetes.io/proxy-body-size'] = `${String(1 + pick.int(50))}m`;
  if (pick.chance(0.2)) annotations['nginx.ingress.kubernetes.io/ssl-redirect'] = pick.one(['true', 'false']);
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

/**
 * The `service:` lines of a backend: a Service of the Ingress's namespace and one of its ports, except
 * for the ~1% + ~1% deliberate defects.
 */
function backendService(
  lines: string[],
  indent: string,
  target: number,
  httpsBackend: boolean,
  pick: Picker,
): void {
  const roll = pick.random();
  const ports = servicePortsOf(target);
  const name = roll < 0.01 ? `${serviceName(target)}-old` : serviceName(target);
  let port: string;
  if (roll >= 0.01 && roll < 0.015) port = 'number: 8081';
  else if (roll >= 0.015 && roll < 0.02) port = ports.targetPort === '8080' ? 'number: 8080' : 'number: 8443';
  else if (httpsBackend && ports.https) port = 'number: 443';
  else port = pick.chance(0.8) ? 'number: 80' : 'name: http';
  lines.push(`${indent}service:`, `${indent}  name: ${name}`, `${indent}  port:`, `${indent}    ${port}`);
}

function ingress(index: number, scale: BenchScale, pick: Picker): string {
  const namespace = namespaceOf(index);
  const hasTls = index % 5 === 0;
  const annotations: Record<string, string> = {};
  const classChoice = pick.int(20);
  let className: string | undefined;
  if (classChoice < 12) className = 'nginx';
  else if (classChoice < 15) className = 'traefik';
  else if (classChoice < 16) className = 'haproxy';
  else if (classChoice < 18) annotations['kubernetes.io/ingress.class'] = 'nginx';
  const nginx = className === 'nginx' || annotations['kubernetes.io/ingress.class'] === 'nginx';
  if (nginx) nginxAnnotations(annotations, pick);
  if (pick.chance(0.25)) annotations['cert-manager.io/cluster-issuer'] = 'letsencrypt-prod';
  if (pick.chance(0.15)) annotations['meta.helm.sh/release-name'] = `release-${String(index % 300)}`;
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': WORDS[index % WORDS.length] ?? 'app',
    'app.kubernetes.io/instance': `inst-${String(index % 500)}`,
  };
  const httpsBackend = annotations['nginx.ingress.kubernetes.io/backend-protocol'] === 'HTTPS';
  // Services are spread over namespaces like Ingresses (index ≡ namespace modulo NAMESPACES.length):
  // stepping by whole rounds of namespaces, and wrapping at a multiple of them, stays in the namespace.
  const round = NAMESPACES.length;
  const wrap = Math.floor(scale.services / round) * round;
  const sameNamespaceService = (offset: number): number => (index + offset * round) % wrap;
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
    lines.push('  defaultBackend:');
    backendService(lines, '    ', sameNamespaceService(0), httpsBackend, pick);
  }
  const hostCount = pick.chance(0.7) ? 1 : pick.chance(0.8) ? 2 : 3;
  const hosts: string[] = [];
  lines.push('  rules:');
  for (let h = 0; h < hostCount; h++) {
    const roll = pick.random();
    let host = hostOf(index, h);
    let shared = false;
    if (h === 0 && roll < 0.01 && index >= round) {
      // A second Ingress for the host of another app of the namespace, also claiming `/`.
      host = hostOf(index - round);
      shared = true;
    } else if (h === 0 && roll < 0.015 && index >= 1) host = hostOf(index - 1);
    else if (roll >= 0.015 && roll < 0.02 && !hasTls) host = `*.${host}`;
    hosts.push(host);
    lines.push(`  - host: ${scalar(host)}`, '    http:', '      paths:');
    const pathCount = 1 + pick.int(3);
    for (let p = 0; p < pathCount; p++) {
      let path = '/';
      if (p > 0) {
        path = pick.chance(0.01)
          ? pick.one(SENSITIVE_PATHS)
          : `/${pick.one(PATH_WORDS)}${pick.chance(0.3) ? `/${pick.one(PATH_WORDS)}` : ''}`;
      }
      lines.push('      - backend:');
      backendService(lines, '          ', sameNamespaceService(h + p), httpsBackend, pick);
      lines.push(
        `        path: ${path}`,
        `        pathType: ${shared && p === 0 ? 'Prefix' : pick.one(PATH_TYPES)}`,
      );
    }
  }
  // ~20% of Ingresses have TLS, each with a Secret of its namespace (~1% name one that does not exist).
  if (hasTls) {
    const secretIndex = (index / 5) % scale.secrets;
    const name = pick.chance(0.01) ? `tls-missing-${String(index)}` : secretName(secretIndex);
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

function service(index: number): string {
  const ports = servicePortsOf(index);
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
    '  - name: http',
    '    port: 80',
    '    protocol: TCP',
    `    targetPort: ${ports.targetPort}`,
  );
  if (ports.https)
    lines.push('  - name: https', '    port: 443', '    protocol: TCP', '    targetPort: 8443');
  if (ports.metrics)
    lines.push('  - name: metrics', '    port: 8080', '    protocol: TCP', '    targetPort: 9090');
  lines.push('  selector:', `    app.kubernetes.io/name: ${serviceName(index)}`);
  return lines.join('\n');
}

/** Which certificate Secret `index` holds: mostly its namespace's good one, a few defects. */
function secretPair(index: number, pool: CertificatePool): CertPair {
  const namespace = namespaceOf(index * 5);
  const certs = pool.byNamespace.get(namespace);
  if (!certs) throw new Error(`no certificates for namespace ${namespace}`);
  const slot = index % 200;
  if (slot === 37 || slot === 137) return pool.foreign;
  if (slot === 53 || slot === 153) return certs.expiring;
  if (slot === 71) return certs.expired;
  if (slot === 89) return certs['self-signed'];
  // The key of another namespace's certificate: the Secret was assembled by hand, wrongly.
  if (slot === 113) {
    const other = pool.byNamespace.get(namespaceOf(index * 5 + 1));
    return { crt: certs.good.crt, key: other?.good.key ?? certs.good.key };
  }
  return certs.good;
}

function secret(index: number, pool: CertificatePool): string {
  const pair = secretPair(index, pool);
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
      await write(`# Source: charts/${namespaceOf(i)}/templates/service.yaml\n${service(i)}`);
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
