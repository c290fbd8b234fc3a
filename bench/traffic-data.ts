/**
 * Benchmark data for `gatewatch traffic` (issue 6 "Performance"): an access log in ingress-nginx's
 * default `upstreaminfo` format and the manifests whose route table it joins to. Deterministic for a
 * seed; cached in .bench-data/.
 *
 * The platform: 6 namespaces, 9 Ingress rules on 5 hosts, plus one Ingress nobody visits
 * (traffic-route-unused). About 20,000 client IPs with a skewed (Zipf-like) share of the traffic, real
 * browser user agents, ~24 hours of time at ~12 requests per second. Attacks are a small share (~1.5%):
 * brute-force bursts on `/login`, 404 scanners (some with known scanner user agents), SQL injection,
 * XSS and path-traversal probes, sensitive-file probes, requests for unknown hosts (the default
 * backend), an upstream that no longer exists in the configuration, and one 10-minute 5xx episode.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, seededRandom } from './generate.ts';

const GENERATOR_VERSION = '1';
const START = Date.UTC(2026, 4, 1);
const DAY_MS = 86_400_000;

interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
  readonly host: string;
  readonly path: string;
  readonly pathType: 'Prefix' | 'Exact';
  /** Request paths this rule receives, `{n}` replaced by a number. */
  readonly requests: readonly string[];
  readonly weight: number;
}

const SERVICES: readonly Service[] = [
  svc('shop', 'web', 80, 'shop.example.com', '/', ['/', '/products/{n}', '/cart', '/static/app.{n}.js'], 40),
  svc('shop', 'api', 8080, 'shop.example.com', '/api', ['/api/v1/products', '/api/v1/cart/{n}'], 25),
  svc('accounts', 'auth', 80, 'shop.example.com', '/login', ['/login'], 4, 'Exact'),
  svc('accounts', 'profile', 80, 'accounts.example.com', '/', ['/me', '/settings', '/orders/{n}'], 8),
  svc('search', 'search', 9200, 'search.example.com', '/', ['/search', '/suggest'], 10),
  svc('media', 'images', 80, 'img.example.com', '/', ['/i/{n}.jpg', '/i/{n}.webp'], 10),
  svc('blog', 'wordpress', 80, 'blog.example.com', '/', ['/', '/2026/05/post-{n}/', '/feed/'], 3),
];

/** Visited by nobody: traffic-route-unused. */
const UNUSED: Service = svc('legacy', 'admin', 80, 'legacy.example.com', '/', [], 0);

function svc(
  namespace: string,
  name: string,
  port: number,
  host: string,
  path: string,
  requests: readonly string[],
  weight: number,
  pathType: 'Prefix' | 'Exact' = 'Prefix',
): Service {
  return { namespace, name, port, host, path, pathType, requests, weight };
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:137.0) Gecko/20100101 Firefox/137.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Mobile Safari/537.36',
];
const SCANNER_AGENTS = ['sqlmap/1.8.4#stable (https://sqlmap.org)', 'Nikto/2.5.0', BROWSERS[0] ?? ''];
const PROBES = {
  sqli: [
    "/api/v1/products?id=1' OR '1'='1",
    '/search?q=1%20UNION%20SELECT%20username,password%20FROM%20users--',
  ],
  xss: [
    '/search?q=%3Cscript%3Ealert(1)%3C/script%3E',
    '/search?q=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E',
  ],
  traversal: ['/static/..%2f..%2f..%2fetc%2fpasswd', '/i/../../../../etc/shadow'],
  sensitive: ['/.env', '/.git/config', '/wp-admin/install.php', '/actuator/env', '/server-status'],
} as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${String(n)}` : String(n);
}

/** nginx `$time_local` in UTC: `01/May/2026:00:00:00 +0000`. */
export function timeLocal(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] ?? ''}/${String(d.getUTCFullYear())}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

export interface UpstreamInfoLine {
  readonly ip: string;
  readonly time: number;
  readonly method: string;
  readonly target: string;
  readonly status: number;
  readonly bytes: number;
  readonly userAgent: string;
  readonly requestTime: number;
  /** `-` when nginx answered itself. */
  readonly upstream: string;
  readonly upstreamAddr: string;
  readonly requestId: string;
}

/** One line of ingress-nginx's `upstreaminfo` log_format. */
export function upstreamInfoLine(l: UpstreamInfoLine): string {
  const proxied = l.upstream !== '-' && l.upstreamAddr !== '-';
  const upstreamTime = proxied ? Math.max(0, l.requestTime - 0.001).toFixed(3) : '-';
  return `${l.ip} - - [${timeLocal(l.time)}] "${l.method} ${l.target} HTTP/1.1" ${String(l.status)} ${String(l.bytes)} "-" "${l.userAgent}" ${String(200 + (l.bytes % 300))} ${l.requestTime.toFixed(3)} [${l.upstream}] [] ${l.upstreamAddr} ${proxied ? String(l.bytes) : '-'} ${upstreamTime} ${proxied ? String(l.status) : '-'} ${l.requestId}`;
}

export function upstreamName(service: Service): string {
  return `${service.namespace}-${service.name}-${String(service.port)}`;
}

/** The manifests of the platform the log comes from (the route table's input). */
export function trafficManifests(): string {
  const docs: string[] = [];
  for (const service of [...SERVICES, UNUSED]) {
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${service.name}
  namespace: ${service.namespace}
spec:
  selector:
    app: ${service.name}
  ports:
    - port: ${String(service.port)}
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${service.name}
  namespace: ${service.namespace}
  creationTimestamp: "2026-04-01T00:00:00Z"
spec:
  ingressClassName: nginx
  rules:
    - host: ${service.host}
      http:
        paths:
          - path: ${service.path}
            pathType: ${service.pathType}
            backend:
              service:
                name: ${service.name}
                port:
                  number: ${String(service.port)}`);
  }
  return `${docs.join('\n---\n')}\n`;
}

class LogWriter {
  readonly #random: () => number;
  readonly #ips: string[] = [];
  readonly #totalWeight = SERVICES.reduce((sum, s) => sum + s.weight, 0);
  readonly #lines: number;
  #index = 0;
  #requestId = 0;

  constructor(seed: number, lines: number, clients: number) {
    this.#random = seededRandom(seed);
    this.#lines = lines;
    for (let i = 0; i < clients; i++)
      this.#ips.push(
        `${String(1 + (i % 223))}.${String((i >> 8) & 255)}.${String((i * 7) & 255)}.${String(1 + (i % 250))}`,
      );
  }

  isDone(): boolean {
    return this.#index >= this.#lines;
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)] as T;
  }

  #time(): number {
    return START + Math.floor((this.#index * DAY_MS) / this.#lines);
  }

  #line(
    fields: Omit<UpstreamInfoLine, 'time' | 'requestId' | 'upstreamAddr'> & { upstreamAddr?: string },
  ): string {
    this.#requestId++;
    const line = upstreamInfoLine({
      ...fields,
      time: this.#time(),
      upstreamAddr: fields.upstreamAddr ?? (fields.upstream === '-' ? '-' : '10.244.1.17:8080'),
      requestId: this.#requestId.toString(16).padStart(32, '0'),
    });
    this.#index++;
    return line;
  }

  /** The next block of lines: mostly one normal request, sometimes an attack burst. */
  next(): string[] {
    const roll = this.#random();
    if (roll < 0.0004) return this.#bruteForce();
    if (roll < 0.0006) return this.#scanner();
    if (roll < 0.004) return [this.#probe()];
    if (roll < 0.007) return [this.#unknownHost()];
    if (roll < 0.0075) return [this.#unroutedUpstream()];
    return [this.#normal()];
  }

  #client(): string {
    // Zipf-like: a few IPs send much of the traffic, most send little.
    const r = this.#random();
    return this.#ips[Math.floor(r * r * r * this.#ips.length)] ?? '10.0.0.1';
  }

  #normal(): string {
    let pick = this.#random() * this.#totalWeight;
    let service = SERVICES[0] as Service;
    for (const s of SERVICES) {
      pick -= s.weight;
      if (pick <= 0) {
        service = s;
        break;
      }
    }
    const n = Math.floor(this.#random() * 5000);
    const target = this.#pick(service.requests).replace('{n}', String(n));
    const minute = Math.floor((this.#time() - START) / 60_000);
    // One 10-minute outage of the API around 14:00: a 5xx spike.
    const outage = service.name === 'api' && minute >= 840 && minute < 850;
    const r = this.#random();
    const status =
      outage && r < 0.4 ? 503 : r < 0.85 ? 200 : r < 0.95 ? 304 : r < 0.99 ? 404 : r < 0.998 ? 302 : 500;
    const method = service.name === 'auth' ? 'POST' : 'GET';
    return this.#line({
      ip: this.#client(),
      method,
      target: service.name === 'search' ? `${target}?q=term${String(n % 100)}` : target,
      status,
      bytes: status === 304 ? 0 : 200 + Math.floor(this.#random() * 20_000),
      userAgent: this.#pick(BROWSERS),
      requestTime: -Math.log(1 - this.#random()) * 0.04,
      upstream: upstreamName(service),
    });
  }

  #bruteForce(): string[] {
    const ip = `198.51.100.${String(1 + Math.floor(this.#random() * 20))}`;
    const auth = SERVICES[2] as Service;
    const lines: string[] = [];
    for (let i = 0; i < 30 && !this.isDone(); i++)
      lines.push(
        this.#line({
          ip,
          method: 'POST',
          target: '/login',
          status: 401,
          bytes: 120,
          userAgent: 'python-requests/2.32.3',
          requestTime: 0.03,
          upstream: upstreamName(auth),
        }),
      );
    return lines;
  }

  #scanner(): string[] {
    const ip = `203.0.113.${String(1 + Math.floor(this.#random() * 30))}`;
    const userAgent = this.#pick(SCANNER_AGENTS);
    const web = SERVICES[0] as Service;
    const lines: string[] = [];
    for (let i = 0; i < 60 && !this.isDone(); i++)
      lines.push(
        this.#line({
          ip,
          method: 'GET',
          target: `/${['old', 'backup', 'test', 'dev', 'tmp'][i % 5] ?? ''}/${String(i)}.php`,
          status: 404,
          bytes: 150,
          userAgent,
          requestTime: 0.002,
          upstream: upstreamName(web),
        }),
      );
    return lines;
  }

  #probe(): string {
    const kind = this.#pick(['sqli', 'xss', 'traversal', 'sensitive'] as const);
    return this.#line({
      ip: `192.0.2.${String(1 + Math.floor(this.#random() * 200))}`,
      method: 'GET',
      target: this.#pick(PROBES[kind]).replace(/ /g, '%20'),
      status: kind === 'sqli' ? 500 : 404,
      bytes: 150,
      userAgent: this.#pick(BROWSERS),
      requestTime: 0.004,
      upstream: upstreamName(SERVICES[0] as Service),
    });
  }

  #unknownHost(): string {
    return this.#line({
      ip: this.#client(),
      method: 'GET',
      target: '/',
      status: 404,
      bytes: 548,
      userAgent: this.#pick(BROWSERS),
      requestTime: 0.001,
      upstream: 'upstream-default-backend',
      upstreamAddr: '127.0.0.1:8181',
    });
  }

  #unroutedUpstream(): string {
    return this.#line({
      ip: this.#client(),
      method: 'GET',
      target: '/v1/status',
      status: 200,
      bytes: 80,
      userAgent: 'curl/8.5.0',
      requestTime: 0.01,
      upstream: 'staging-old-api-80',
    });
  }
}

export interface TrafficBenchData {
  readonly log: string;
  readonly manifests: string;
  readonly lines: number;
}

/** Writes (once, cached) the log and the manifests; returns their paths. */
export async function ensureTrafficData(
  lines = 1_000_000,
  clients = 20_000,
  seed = 6,
): Promise<TrafficBenchData> {
  mkdirSync(DATA_DIR, { recursive: true });
  const log = join(DATA_DIR, `traffic-${String(lines)}.log`);
  const manifests = join(DATA_DIR, 'traffic-manifests.yaml');
  const marker = `${log}.version`;
  const version = `${GENERATOR_VERSION}:${String(seed)}:${String(clients)}`;
  writeFileSync(manifests, trafficManifests());
  if (existsSync(log) && existsSync(marker) && readFileSync(marker, 'utf8') === version)
    return { log, manifests, lines };
  const writer = new LogWriter(seed, lines, clients);
  const out = createWriteStream(log);
  while (!writer.isDone()) {
    const block: string[] = [];
    while (block.length < 2000 && !writer.isDone()) block.push(...writer.next());
    if (!out.write(`${block.join('\n')}\n`))
      await new Promise<void>((resolve) => {
        out.once('drain', () => {
          resolve();
        });
      });
  }
  await new Promise<void>((resolve, reject) => {
    out.end((error?: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });
  writeFileSync(marker, version);
  return { log, manifests, lines };
}
