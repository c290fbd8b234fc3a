/**
 * Route entries from Ingresses (every apiVersion, through model.ingresses()), read the way their
 * controller reads them:
 * - ingress-nginx: Exact is `location = <path>`, Prefix is element-wise (the controller adds an exact
 *   location beside `<path>/`), ImplementationSpecific is a plain nginx prefix location; with
 *   `use-regex` or `rewrite-target` on any Ingress of a host, every path of that host is a
 *   case-insensitive regex `~* "^<path>"` (decided when the table is assembled, see table.ts); strict
 *   path validation rejects Exact/Prefix paths outside `[A-Za-z0-9._~/-]`; canary Ingresses split the
 *   traffic of the main Ingress's location.
 * - Traefik: Exact is `Path`, Prefix and ImplementationSpecific are `PathPrefix` (a character prefix)
 *   unless `router.pathmatcher` says otherwise; priority is the rule's length unless `router.priority`.
 * - HAProxy and unknown controllers: the Ingress spec (ImplementationSpecific read as Prefix).
 */
import type { ClassResolution } from '../model/controllers.ts';
import type { IngressPathView, IngressView } from '../model/ingress.ts';
import type { Model } from '../model/model.ts';
import { isCanary, nginxAnnotation, nginxBool } from '../model/nginx-annotations.ts';
import { normaliseHost, normalisePath, routeKey } from '../model/paths.ts';
import { objectKeyOf, sourceRef, type Draft } from './draft.ts';
import { hostMatchOf, parseTimestamp } from './primitives.ts';
import { ingressControls, isBroken, resolveIngressBackend, tlsFromSecret } from './resolve.ts';
import type {
  CanaryInfo,
  Dead,
  DefaultBackendEntry,
  HostMatch,
  IngressFrontend,
  PathMatch,
  PathSemantics,
  ResolvedBackend,
  TlsInfo,
} from './types.ts';

const CONTROLLER_IDS = {
  nginx: 'k8s.io/ingress-nginx',
  traefik: 'traefik.io/ingress-controller',
  haproxy: 'haproxy.org/ingress-controller/haproxy',
  unknown: 'unknown',
} as const;

/** What ingress-nginx's strict path validation accepts for Exact and Prefix paths. */
const STRICT_PATH = /^[A-Za-z0-9._~/-]*$/;

const TRAEFIK_PREFIX = 'traefik.ingress.kubernetes.io/';

export function ingressFrontend(resolution: ClassResolution): IngressFrontend {
  const controller = resolution.controller ?? 'unknown';
  return {
    type: 'ingress',
    controller,
    controllerId: resolution.ingressClass?.controllerId ?? CONTROLLER_IDS[controller],
    className: resolution.className,
  };
}

/** Ingresses of one class compete for the same requests, whatever their namespaces. */
export function ingressFrontendKey(resolution: ClassResolution): string {
  return `ingress/${resolution.className ?? ''}`;
}

export interface IngressEntries {
  readonly drafts: Draft[];
  readonly defaultBackend: DefaultBackendEntry | undefined;
}

/** Entries of one Ingress; ids are assigned by the caller from `firstId`. */
export function ingressEntries(
  model: Model,
  ingress: IngressView,
  order: number,
  firstId: number,
  strictPaths = true,
): IngressEntries {
  const resolution = model.classOf(ingress);
  const frontend = ingressFrontend(resolution);
  const frontendKey = ingressFrontendKey(resolution);
  const controller = resolution.controller;
  const created = parseTimestamp(ingress.creationTimestamp);
  const { resource } = ingress;
  const canary = controller === 'nginx' && isCanary(ingress) ? canaryInfo(ingress) : undefined;
  const controls = ingressControls(model, ingress, controller);
  const rewriteTarget = controller === 'nginx' ? nginxAnnotation(ingress, 'rewrite-target') : undefined;
  const regexTrigger =
    controller === 'nginx' &&
    !canary &&
    (nginxBool(ingress, 'use-regex') === true || rewriteTarget !== undefined)
      ? `${nginxBool(ingress, 'use-regex') === true ? 'use-regex' : 'rewrite-target'} on Ingress ${resource.namespace}/${resource.name}`
      : undefined;
  const drafts = ingress.paths.map((view, position): Draft => {
    const host = hostMatchOf(view.host, 'one');
    const normalised = normalisePath(view.path, view.pathType);
    const path = pathMatchOf(controller, ingress, view, normalised.path, normalised.pathType);
    const backend = resolveIngressBackend(model, resource.namespace, view.backend);
    const fieldPath = view.fieldPath;
    return {
      id: firstId + position,
      frontend,
      frontendKey,
      host,
      path,
      method: undefined,
      headers: [],
      queryParams: [],
      canary,
      backends: [backend],
      tls: ingressTls(model, ingress, host),
      controls,
      source: sourceRef(resource, fieldPath),
      pathFieldPath: view.path === undefined ? fieldPath : `${fieldPath}.path`,
      listener: undefined,
      rewriteTarget,
      priority: controller === 'traefik' ? traefikPriority(ingress, host, path) : undefined,
      created,
      order,
      position,
      dead: deadReason(controller, view, normalised.pathType, backend, strictPaths),
      shadowed: undefined,
      rawPath: view.path === undefined || view.path === '' ? '/' : view.path,
      claimKey: routeKey({ host: normaliseHost(view.host), ...normalised }),
      hostKey: normaliseHost(view.host),
      objectKey: objectKeyOf(resource),
      anchor: 'start',
      regexTrigger,
    };
  });
  return {
    drafts,
    defaultBackend: ingress.defaultBackend && {
      frontendKey,
      frontend,
      backend: resolveIngressBackend(model, resource.namespace, ingress.defaultBackend),
      source: sourceRef(resource, ingress.defaultBackend.path),
      created,
      order,
    },
  };
}

function pathMatchOf(
  controller: ClassResolution['controller'],
  ingress: IngressView,
  view: IngressPathView,
  value: string,
  pathType: string,
): PathMatch {
  const semantics = pathSemantics(controller, ingress, pathType);
  return {
    type: pathType,
    value: semantics === 'regex' ? (view.path ?? '/') : value,
    written: view.path,
    semantics,
    caseInsensitive: false,
  };
}

function pathSemantics(
  controller: ClassResolution['controller'],
  ingress: IngressView,
  pathType: string,
): PathSemantics {
  if (pathType === 'Exact') return 'exact';
  switch (controller) {
    case 'nginx':
      return pathType === 'Prefix' ? 'element-prefix' : 'string-prefix';
    case 'traefik': {
      const matcher = ingress.annotations[`${TRAEFIK_PREFIX}router.pathmatcher`]?.trim();
      if (matcher === 'Path') return 'exact';
      if (matcher === 'PathRegexp') return 'regex';
      return 'string-prefix';
    }
    case 'haproxy':
    case undefined:
      return 'element-prefix';
  }
}

function deadReason(
  controller: ClassResolution['controller'],
  view: IngressPathView,
  pathType: string,
  backend: ResolvedBackend,
  strictPaths: boolean,
): Dead | undefined {
  const path = view.path;
  if (path !== undefined && path !== '' && !path.startsWith('/'))
    return { reason: 'invalid-path', detail: `path "${path}" does not start with "/"` };
  if (controller === 'nginx' && strictPaths && (pathType === 'Exact' || pathType === 'Prefix')) {
    if (path === undefined || path === '')
      return { reason: 'invalid-path', detail: `a ${pathType} path needs a value` };
    if (!STRICT_PATH.test(path))
      return { reason: 'invalid-path', detail: `${pathType} path "${path}" fails strict path validation` };
  }
  if (isBroken(backend)) {
    const detail =
      backend.problem === 'port-missing'
        ? `Service ${backend.namespace}/${backend.name} has no port ${String(backend.port)}`
        : backend.problem === 'no-backend'
          ? 'the path names no backend'
          : `Service ${backend.namespace}/${backend.name} does not exist`;
    return { reason: 'backend-unresolvable', detail, answers: 503 };
  }
  return undefined;
}

function canaryInfo(ingress: IngressView): CanaryInfo {
  const weight = Number(nginxAnnotation(ingress, 'canary-weight') ?? '0');
  const total = Number(nginxAnnotation(ingress, 'canary-weight-total') ?? '100');
  return {
    byHeader: nginxAnnotation(ingress, 'canary-by-header'),
    headerValue: nginxAnnotation(ingress, 'canary-by-header-value'),
    headerPattern: nginxAnnotation(ingress, 'canary-by-header-pattern'),
    byCookie: nginxAnnotation(ingress, 'canary-by-cookie'),
    weight: Number.isFinite(weight) && weight > 0 ? weight : 0,
    weightTotal: Number.isFinite(total) && total > 0 ? total : 100,
  };
}

/**
 * The certificate an Ingress serves for a host: the first spec.tls entry listing it (a wildcard TLS
 * host covers one label). Hostless rules use an entry without hosts. Entries from other Ingresses of
 * the same host are merged in by the table (ingress-nginx builds one server per host).
 */
function ingressTls(model: Model, ingress: IngressView, host: HostMatch): TlsInfo | null {
  const entry = ingressTlsEntry(ingress, host);
  if (!entry) return null;
  return tlsFromSecret(
    model,
    ingress.resource.namespace,
    entry.secretName,
    host.type === 'any' ? undefined : host.value,
  );
}

export function ingressTlsEntry(
  ingress: IngressView,
  host: HostMatch,
): IngressView['tls'][number] | undefined {
  if (host.type === 'any') return ingress.tls.find((entry) => entry.hosts.length === 0);
  return ingress.tls.find((entry) =>
    entry.hosts.some((tlsHost) => {
      const pattern = tlsHost.toLowerCase();
      if (pattern === host.value) return true;
      if (!pattern.startsWith('*.') || host.type !== 'exact') return false;
      const label = host.value.slice(0, host.value.length - pattern.length + 1);
      return host.value.endsWith(pattern.slice(1)) && label.length > 0 && !label.includes('.');
    }),
  );
}

/**
 * Traefik's default priority is the length of the router rule it generates, e.g.
 * ``Host(`a.example.com`) && PathPrefix(`/api`)``; wildcard hosts become a HostRegexp.
 */
function traefikPriority(ingress: IngressView, host: HostMatch, path: PathMatch): number {
  const explicit = Number(ingress.annotations[`${TRAEFIK_PREFIX}router.priority`]);
  if (Number.isInteger(explicit) && explicit !== 0) return explicit;
  const matcher =
    path.semantics === 'exact' ? 'Path' : path.semantics === 'regex' ? 'PathRegexp' : 'PathPrefix';
  const pathRule = `${matcher}(\`${path.value}\`)`;
  if (host.type === 'any') return pathRule.length;
  const hostRule =
    host.type === 'exact'
      ? `Host(\`${host.value}\`)`
      : `HostRegexp(\`^[a-z0-9-]+${host.value.slice(1).replace(/\./g, '\\.')}$\`)`;
  return `${hostRule} && ${pathRule}`.length;
}
