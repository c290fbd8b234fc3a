/**
 * `exposure(table, model)`: the route table inverted — per Service, every external URL that reaches it
 * and what stands in front (TLS, authentication, allowlist, rate limit, WAF). Services reachable without
 * TLS or without authentication come first: that is the threat surface.
 */
import type { Model } from '../model/model.ts';
import { displayHostMatch } from './primitives.ts';
import type { Controls, Frontend, RouteEntry, RouteTable, SourceRef } from './types.ts';

export interface ExposedUrl {
  /** `https://shop.example.com/api` (`*` for any host; a Prefix path ends with `*`, a regex is shown as is). */
  readonly url: string;
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  /** `route` (an entry), `canary` (a canary split of an entry), `default-backend` (unknown hosts/paths). */
  readonly via: 'route' | 'canary' | 'default-backend';
  readonly frontend: string;
  readonly controller: string;
  readonly source: SourceRef;
  readonly tls: boolean;
  readonly auth: boolean;
  readonly allowlist: readonly string[] | null;
  readonly rateLimit: boolean;
  readonly waf: boolean;
  /** Service port as written. */
  readonly port: number | string | undefined;
}

export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface ServiceExposure {
  readonly service: {
    readonly namespace: string;
    readonly name: string;
    readonly exists: boolean | undefined;
  };
  readonly workloads: readonly WorkloadRef[];
  readonly urls: readonly ExposedUrl[];
  /** Some URL reaches it without TLS. */
  readonly withoutTls: boolean;
  /** Some URL reaches it without authentication. */
  readonly withoutAuth: boolean;
}

function controllerOf(frontend: Frontend): string {
  if (frontend.type === 'ingress') return frontend.controllerId;
  return frontend.controllerName ?? `Gateway ${frontend.namespace}/${frontend.name}`;
}

function displayPath(entry: RouteEntry): string {
  const { semantics, value } = entry.path;
  if (semantics === 'exact' || semantics === 'regex') return value;
  return value.endsWith('/') ? `${value}*` : `${value}/*`;
}

function urlOf(tls: boolean, host: string, path: string): string {
  return `${tls ? 'https' : 'http'}://${host}${path}`;
}

function controlsOf(controls: Controls): Pick<ExposedUrl, 'auth' | 'allowlist' | 'rateLimit' | 'waf'> {
  return {
    auth: controls.auth,
    allowlist: controls.allowlist,
    rateLimit: controls.rateLimit,
    waf: controls.waf,
  };
}

/** Entries that can take traffic to their backends (not dead, not shadowed, backend able to answer). */
function reaches(entry: RouteEntry): boolean {
  return entry.dead === undefined && entry.shadowed === undefined;
}

function score(exposure: ServiceExposure): number {
  return (exposure.withoutTls ? 2 : 0) + (exposure.withoutAuth ? 1 : 0);
}

export function exposure(table: RouteTable, model: Model): ServiceExposure[] {
  const byService = new Map<string, { namespace: string; name: string; urls: ExposedUrl[] }>();
  const add = (namespace: string, name: string, url: ExposedUrl): void => {
    const key = `${namespace}/${name}`;
    let item = byService.get(key);
    if (!item) byService.set(key, (item = { namespace, name, urls: [] }));
    if (!item.urls.some((u) => u.url === url.url && u.source.name === url.source.name && u.via === url.via))
      item.urls.push(url);
  };
  for (const entry of table.entries) {
    if (!reaches(entry)) continue;
    const tls = entry.tls?.terminated === true;
    const host = displayHostMatch(entry.host);
    const path = displayPath(entry);
    for (const backend of entry.backends) {
      if (backend.kind !== 'Service' || backend.name === '' || backend.weight === 0) continue;
      add(backend.namespace, backend.name, {
        url: urlOf(tls, host, path),
        host,
        path,
        pathType: entry.path.type,
        via: entry.canary ? 'canary' : 'route',
        frontend: entry.frontendKey,
        controller: controllerOf(entry.frontend),
        source: entry.source,
        tls,
        ...controlsOf(entry.controls),
        port: backend.port,
      });
    }
  }
  for (const fallback of table.defaultBackends) {
    const { backend } = fallback;
    if (backend.kind !== 'Service' || backend.name === '') continue;
    add(backend.namespace, backend.name, {
      url: urlOf(false, '*', '/*'),
      host: '*',
      path: '/*',
      pathType: 'default-backend',
      via: 'default-backend',
      frontend: fallback.frontendKey,
      controller: controllerOf(fallback.frontend),
      source: fallback.source,
      tls: false,
      auth: false,
      allowlist: null,
      rateLimit: false,
      waf: false,
      port: backend.port,
    });
  }
  const out = [...byService.values()].map(({ namespace, name, urls }): ServiceExposure => {
    const service = model.get('Service', namespace, name);
    const known = model.whyUnknown('Service') === undefined;
    const sorted = [...urls].sort(
      (a, b) =>
        Number(a.tls) - Number(b.tls) ||
        Number(a.auth) - Number(b.auth) ||
        (a.url < b.url ? -1 : a.url > b.url ? 1 : 0),
    );
    return {
      service: { namespace, name, exists: service ? true : known ? false : undefined },
      workloads: service
        ? model.workloadsOfService(service).map((w) => ({
            kind: w.resource.kind,
            namespace: w.resource.namespace,
            name: w.resource.name,
          }))
        : [],
      urls: sorted,
      withoutTls: urls.some((u) => !u.tls),
      withoutAuth: urls.some((u) => !u.auth),
    };
  });
  return out.sort(
    (a, b) =>
      score(b) - score(a) ||
      (a.service.namespace < b.service.namespace ? -1 : a.service.namespace > b.service.namespace ? 1 : 0) ||
      (a.service.name < b.service.name ? -1 : a.service.name > b.service.name ? 1 : 0),
  );
}
