/**
 * `gatewatch routes`: the whole route table grouped by host (schemas/routes.v1.schema.json), and its
 * text form. The text is printed from the JSON object, so the two never disagree.
 */
import type { Model } from '../../model/model.ts';
import type {
  BackendProblem,
  CanaryInfo,
  Controls,
  DeadReason,
  Frontend,
  HostMatch,
  PathSemantics,
  ResolvedBackend,
  RouteEntry,
  RouteTable,
  ShadowReason,
  SourceRef,
  TlsInfo,
  ValueMatchEntry,
} from '../../routing/index.ts';
import type { InputProblem } from '../../sources/problem.ts';
import { escapeJsonInvisibles } from '../sanitize.ts';
import { painter, plural, qualified, renderLines, safe, type Cell, type Line, type Paint } from './text.ts';

export const ROUTES_SCHEMA_VERSION = 1;

export interface ToolJson {
  readonly name: 'gatewatch';
  readonly version: string;
}

export interface SourceJson {
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly name: string;
  readonly fieldPath: string;
  readonly file: string | null;
  readonly line: number | null;
}

export interface BackendJson {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly port: number | string | null;
  readonly servicePort: number | null;
  readonly exists: boolean | null;
  readonly problem: BackendProblem | null;
  readonly weight: number;
  readonly selector: Readonly<Record<string, string>> | null;
}

export interface RouteTlsJson {
  readonly terminated: boolean;
  readonly secret: string | null;
  readonly coversHost: boolean | null;
  readonly secretExists: boolean | null;
  /** The leaf certificate is valid at `--now`; null when it cannot be told (no Secret, unparsable). */
  readonly certificateValid: boolean | null;
}

export interface GatewayRefJson {
  readonly namespace: string;
  readonly name: string;
  readonly port: number | null;
  readonly listener: string | null;
}

export interface RouteJson {
  readonly entry: number;
  readonly frontend: string;
  readonly controller: string;
  readonly className: string | null;
  readonly gateway: GatewayRefJson | null;
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly semantics: PathSemantics;
  readonly caseInsensitive: boolean;
  readonly regexBecause: string | null;
  readonly method: string | null;
  readonly headers: readonly ValueMatchEntry[];
  readonly queryParams: readonly ValueMatchEntry[];
  readonly backends: readonly BackendJson[];
  readonly canary: CanaryInfo | null;
  readonly tls: RouteTlsJson | null;
  readonly controls: Controls;
  readonly rewriteTarget: string | null;
  readonly priority: number | null;
  readonly status: 'active' | 'dead' | 'shadowed';
  readonly dead: {
    readonly reason: DeadReason;
    readonly detail: string;
    readonly answers: number | null;
  } | null;
  readonly shadowed: {
    readonly reason: ShadowReason;
    readonly by: number;
    readonly detail: string;
    readonly claimants: number | null;
  } | null;
  readonly source: SourceJson;
}

export interface HostJson {
  readonly host: string;
  readonly match: HostMatch['type'];
  readonly routes: readonly RouteJson[];
}

export interface FrontendJson {
  readonly key: string;
  readonly type: 'ingress' | 'gateway';
  readonly controller: string;
  readonly className: string | null;
  readonly gateway: {
    readonly namespace: string;
    readonly name: string;
    readonly port: number | null;
    readonly listeners: readonly {
      readonly name: string;
      readonly hostname: string | null;
      readonly protocol: string;
    }[];
  } | null;
  /** What answers a request none of its routes match. */
  readonly fallback: 'default-backend' | 'controller-404';
  readonly defaultBackend: { readonly backend: BackendJson; readonly source: SourceJson } | null;
}

export interface ProblemJson {
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface RoutesJson {
  readonly schemaVersion: 1;
  readonly tool: ToolJson;
  readonly frontends: readonly FrontendJson[];
  readonly hosts: readonly HostJson[];
  readonly problems: readonly ProblemJson[];
  readonly summary: {
    readonly routes: number;
    readonly hosts: number;
    readonly active: number;
    readonly dead: number;
    readonly shadowed: number;
  };
}

export interface RoutesInput {
  readonly table: RouteTable;
  readonly model: Model;
  readonly now: number;
  readonly tool: ToolJson;
  readonly problems: readonly InputProblem[];
}

export function routesJson(input: RoutesInput): RoutesJson {
  const { table } = input;
  const groups = new Map<string, { match: HostMatch['type']; routes: RouteJson[] }>();
  for (const entry of table.entries) {
    const host = hostLabel(entry.host);
    let group = groups.get(host);
    if (!group) groups.set(host, (group = { match: entry.host.type, routes: [] }));
    group.routes.push(routeJson(entry, input));
  }
  const hosts = [...groups.entries()]
    .map(([host, group]): HostJson => ({ host, match: group.match, routes: group.routes.sort(byRoute) }))
    .sort(byHost);
  const routes = table.entries.length;
  const dead = table.entries.filter((e) => e.dead !== undefined).length;
  const shadowed = table.entries.filter((e) => e.dead === undefined && e.shadowed !== undefined).length;
  return {
    schemaVersion: ROUTES_SCHEMA_VERSION,
    tool: input.tool,
    frontends: table.frontends.map(({ key, frontend }) => frontendJson(key, frontend, table)),
    hosts,
    problems: input.problems.map(problemJson),
    summary: { routes, hosts: hosts.length, active: routes - dead - shadowed, dead, shadowed },
  };
}

export function formatRoutesJson(json: RoutesJson): string {
  return `${escapeJsonInvisibles(JSON.stringify(json, null, 2))}\n`;
}

export function problemJson(problem: InputProblem): ProblemJson {
  return { id: problem.id, file: problem.file, line: problem.line, message: problem.message };
}

/** A request with this Host reaches the group: `*` stands for the rules that name no host. */
function hostLabel(host: HostMatch): string {
  return host.type === 'any' ? '*' : host.value;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Hosts alphabetically; the rules without a host (any host) last. */
function byHost(a: HostJson, b: HostJson): number {
  return Number(a.match === 'any') - Number(b.match === 'any') || compare(a.host, b.host);
}

function byRoute(a: RouteJson, b: RouteJson): number {
  return (
    compare(a.frontend, b.frontend) ||
    compare(a.path, b.path) ||
    compare(a.pathType, b.pathType) ||
    a.entry - b.entry
  );
}

export function controllerLabel(frontend: Frontend): string {
  if (frontend.type === 'ingress') return frontend.controllerId;
  return frontend.controllerName ?? `Gateway ${frontend.namespace}/${frontend.name}`;
}

export function sourceJson(source: SourceRef): SourceJson {
  return {
    kind: source.kind,
    apiVersion: source.apiVersion,
    namespace: source.namespace,
    name: source.name,
    fieldPath: source.fieldPath,
    file: source.file ?? null,
    line: source.line ?? null,
  };
}

export function backendJson(backend: ResolvedBackend): BackendJson {
  return {
    kind: backend.kind,
    namespace: backend.namespace,
    name: backend.name,
    port: backend.port ?? null,
    servicePort: backend.servicePort ?? null,
    exists: backend.exists ?? null,
    problem: backend.problem ?? null,
    weight: backend.weight,
    selector: backend.selector ?? null,
  };
}

/** Whether the certificate of a `namespace/name` Secret is valid at `now` (null: cannot be told). */
export function certificateValidAt(model: Model, secret: string | null, now: number): boolean | null {
  if (secret === null) return null;
  const slash = secret.indexOf('/');
  const leaf = model.secret(secret.slice(0, slash), secret.slice(slash + 1))?.tls?.chain[0];
  if (!leaf) return null;
  return leaf.notBefore <= now && now <= leaf.notAfter;
}

function tlsJson(tls: TlsInfo | null, model: Model, now: number): RouteTlsJson | null {
  if (!tls) return null;
  return {
    terminated: tls.terminated,
    secret: tls.secret,
    coversHost: tls.coversHost,
    secretExists: tls.secretExists,
    certificateValid: certificateValidAt(model, tls.secret, now),
  };
}

function routeJson(entry: RouteEntry, input: RoutesInput): RouteJson {
  const { frontend } = entry;
  return {
    entry: entry.id,
    frontend: entry.frontendKey,
    controller: controllerLabel(frontend),
    className: frontend.className ?? null,
    gateway:
      frontend.type === 'gateway'
        ? {
            namespace: frontend.namespace,
            name: frontend.name,
            port: frontend.port ?? null,
            listener: entry.listener ?? null,
          }
        : null,
    host: hostLabel(entry.host),
    path: entry.path.value,
    pathType: entry.path.type,
    semantics: entry.path.semantics,
    caseInsensitive: entry.path.caseInsensitive,
    regexBecause: entry.path.regexBecause ?? null,
    method: entry.method ?? null,
    headers: entry.headers,
    queryParams: entry.queryParams,
    backends: entry.backends.map(backendJson),
    canary: entry.canary ?? null,
    tls: tlsJson(entry.tls, input.model, input.now),
    controls: entry.controls,
    rewriteTarget: entry.rewriteTarget ?? null,
    priority: entry.priority ?? null,
    status: entry.dead ? 'dead' : entry.shadowed ? 'shadowed' : 'active',
    dead: entry.dead
      ? { reason: entry.dead.reason, detail: entry.dead.detail, answers: entry.dead.answers ?? null }
      : null,
    shadowed: entry.shadowed
      ? {
          reason: entry.shadowed.reason,
          by: entry.shadowed.by,
          detail: entry.shadowed.detail,
          claimants: entry.shadowed.claimants ?? null,
        }
      : null,
    source: sourceJson(entry.source),
  };
}

function frontendJson(key: string, frontend: Frontend, table: RouteTable): FrontendJson {
  const fallback = table.defaultBackends.find((d) => d.frontendKey === key);
  return {
    key,
    type: frontend.type,
    controller: controllerLabel(frontend),
    className: frontend.className ?? null,
    gateway:
      frontend.type === 'gateway'
        ? {
            namespace: frontend.namespace,
            name: frontend.name,
            port: frontend.port ?? null,
            listeners: frontend.listeners.map((l) => ({
              name: l.name,
              hostname: l.hostname ?? null,
              protocol: l.protocol,
            })),
          }
        : null,
    fallback: fallback ? 'default-backend' : 'controller-404',
    defaultBackend: fallback
      ? { backend: backendJson(fallback.backend), source: sourceJson(fallback.source) }
      : null,
  };
}

// --- text ------------------------------------------------------------------------------------------

export function formatRoutesText(json: RoutesJson, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines: Line[] = [];
  for (const host of json.hosts) {
    lines.push({ heading: paint('bold', host.match === 'any' ? '* (any host)' : safe(host.host)) });
    for (const route of host.routes) lines.push({ cells: routeCells(route) });
  }
  const out = renderLines(lines, paint);
  if (json.hosts.length > 0) out.push('');
  out.push(paint('bold', 'Requests no route matches'));
  out.push(
    ...renderLines(
      json.frontends.map((f) => ({ cells: [{ text: frontendLabel(f), style: 'dim' }, fallbackCell(f)] })),
      paint,
    ),
  );
  out.push('');
  out.push(summaryLine(json, paint));
  return `${out.join('\n')}\n`;
}

function summaryLine(json: RoutesJson, paint: Paint): string {
  const { summary } = json;
  const parts = [
    summary.dead > 0 ? paint('red', `${String(summary.dead)} dead`) : '0 dead',
    summary.shadowed > 0 ? paint('yellow', `${String(summary.shadowed)} shadowed`) : '0 shadowed',
  ];
  return `${plural(summary.routes, 'route')} on ${plural(summary.hosts, 'host')}: ${parts.join(', ')}`;
}

function routeCells(route: RouteJson): Cell[] {
  const status: Cell =
    route.dead !== null
      ? { text: `DEAD (${route.dead.reason}): ${safe(route.dead.detail)}`, style: 'red' }
      : route.shadowed !== null
        ? { text: `SHADOWED (${route.shadowed.reason}): ${safe(route.shadowed.detail)}`, style: 'yellow' }
        : { text: '' };
  return [
    { text: pathLabel(route) },
    { text: safe(route.pathType), style: 'dim' },
    {
      text: `→ ${route.backends.length === 0 && route.gateway ? '(no backendRefs: filters answer)' : backendsLabel(route.backends)}`,
    },
    { text: `${safe(route.source.kind)} ${qualified(route.source.namespace, route.source.name)}` },
    { text: viaLabel(route), style: 'dim' },
    ...controlCells(route.tls, route.controls),
    { text: route.canary ? canaryLabel(route.canary) : '', style: 'cyan' },
    status,
  ];
}

/** The path plus the other matches a Gateway API rule adds (method, headers, query). */
function pathLabel(route: RouteJson): string {
  const extra = [
    route.method !== null ? `method=${route.method}` : '',
    ...route.headers.map((h) => `header ${h.name}${h.type === 'Exact' ? '=' : '~'}${h.value}`),
    ...route.queryParams.map((q) => `query ${q.name}${q.type === 'Exact' ? '=' : '~'}${q.value}`),
  ].filter(Boolean);
  return safe(extra.length > 0 ? `${route.path} [${extra.join(', ')}]` : route.path);
}

export function backendLabel(backend: {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly port: number | string | null;
}): string {
  const port = backend.port === null ? '' : `:${String(backend.port)}`;
  const kind = backend.kind === 'Service' ? '' : `${backend.kind} `;
  return safe(`${kind}${backend.namespace}/${backend.name}${port}`);
}

function backendsLabel(backends: readonly BackendJson[]): string {
  if (backends.length === 0) return '(no backend)';
  const total = backends.reduce((sum, b) => sum + b.weight, 0);
  if (backends.length === 1) return backendLabel(backends[0] as BackendJson);
  return backends
    .map((b) => `${backendLabel(b)} (${String(total === 0 ? 0 : Math.round((b.weight / total) * 100))}%)`)
    .join(', ');
}

function viaLabel(route: RouteJson): string {
  if (route.gateway) {
    const port = route.gateway.port === null ? '' : `:${String(route.gateway.port)}`;
    const listener = route.gateway.listener === null ? '' : ` listener ${route.gateway.listener}`;
    return safe(`Gateway ${route.gateway.namespace}/${route.gateway.name}${port}${listener}`);
  }
  return safe(`class ${route.className ?? '(none)'} (${route.controller})`);
}

/** TLS and the controls as short marks; the missing protections painted yellow. */
export function controlCells(tls: RouteTlsJson | null, controls: Controls): Cell[] {
  const marks: Cell[] = [];
  if (tls?.terminated) {
    const issues = [
      tls.coversHost === false ? 'certificate does not cover the host' : '',
      tls.certificateValid === false ? 'certificate not valid now' : '',
      tls.secretExists === false ? 'Secret missing' : '',
    ].filter(Boolean);
    marks.push(
      issues.length > 0
        ? { text: `TLS (${issues.join(', ')})`, style: 'red' }
        : { text: `TLS ${tls.secret === null ? '(default certificate)' : safe(tls.secret)}`, style: 'green' },
    );
  } else marks.push({ text: 'no TLS', style: 'yellow' });
  marks.push(controls.auth ? { text: 'auth', style: 'green' } : { text: 'no auth', style: 'yellow' });
  const extra = [
    controls.allowlist !== null ? `allowlist ${safe(controls.allowlist.join(','))}` : '',
    controls.rateLimit ? 'rate limit' : '',
    controls.waf ? 'WAF' : '',
  ].filter(Boolean);
  marks.push({ text: extra.join(' · ') });
  return marks;
}

function canaryLabel(canary: CanaryInfo): string {
  const by = [
    canary.byHeader !== undefined ? `header ${canary.byHeader}` : '',
    canary.byCookie !== undefined ? `cookie ${canary.byCookie}` : '',
    canary.weight > 0 ? `weight ${String(canary.weight)}/${String(canary.weightTotal)}` : '',
  ].filter(Boolean);
  return safe(`canary${by.length > 0 ? ` by ${by.join(', ')}` : ''}`);
}

function frontendLabel(frontend: FrontendJson): string {
  if (frontend.gateway) {
    const port = frontend.gateway.port === null ? '' : `:${String(frontend.gateway.port)}`;
    return safe(`Gateway ${frontend.gateway.namespace}/${frontend.gateway.name}${port}`);
  }
  return safe(`class ${frontend.className ?? '(none)'} (${frontend.controller})`);
}

function fallbackCell(frontend: FrontendJson): Cell {
  if (frontend.defaultBackend) {
    const { backend, source } = frontend.defaultBackend;
    return {
      text: `default backend → ${backendLabel(backend)}  (${safe(source.kind)} ${qualified(source.namespace, source.name)} spec.defaultBackend)`,
    };
  }
  return { text: "the controller's 404", style: 'dim' };
}
