/**
 * Gateway API objects (GatewayClass, Gateway, HTTPRoute, GRPCRoute, TLSRoute, ReferenceGrant) as typed
 * views, whatever their apiVersion (v1, v1beta1, v1alpha2: the shapes rules read did not change
 * between them). The API's defaults are applied here (parentRef kind Gateway, backendRef kind
 * Service, namespaces default to the object's own, a rule without matches matches every path...), and
 * every piece keeps its field path so findings point at the right line.
 *
 * Views are computed once per model (a WeakMap keyed by the Model, so model.ts stays untouched).
 */
import { at } from './field-path.ts';
import type { Model } from './model.ts';
import { asArray, asObject, asString, stringMap, type JsonObject, type Resource } from './resource.ts';
import { selectorMatches } from './workloads.ts';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export function isRouteKind(kind: string): kind is RouteKind {
  return (ROUTE_KINDS as readonly string[]).includes(kind);
}

/** The apiVersion's version part: `v1`, `v1beta1`, `v1alpha2`. */
export function gatewayApiVersion(resource: Resource): string {
  const slash = resource.apiVersion.lastIndexOf('/');
  return slash === -1 ? resource.apiVersion : resource.apiVersion.slice(slash + 1);
}

// ---------------------------------------------------------------------------------------------------
// GatewayClass and Gateway

export interface GatewayClassView {
  readonly resource: Resource;
  readonly name: string;
  readonly controllerName: string | undefined;
}

export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

export interface CertificateRefView {
  /** '' (core) unless set. */
  readonly group: string;
  /** `Secret` unless set. */
  readonly kind: string;
  readonly name: string;
  /** The Gateway's namespace unless set. */
  readonly namespace: string;
  /** Whether the reference leaves the Gateway's namespace (then it needs a ReferenceGrant). */
  readonly crossNamespace: boolean;
  /** `spec.listeners[i].tls.certificateRefs[j]` */
  readonly fieldPath: string;
}

export interface ListenerTlsView {
  /** `Terminate` unless set. */
  readonly mode: string;
  readonly certificateRefs: readonly CertificateRefView[];
  /** `spec.listeners[i].tls` */
  readonly fieldPath: string;
}

export type NamespacesFrom = 'Same' | 'All' | 'Selector';

export interface AllowedRoutesView {
  /** `Same` unless set (the API default). Unknown values are kept as read. */
  readonly from: NamespacesFrom | (string & {});
  /** The label selector for `from: Selector` (raw: matchLabels/matchExpressions). */
  readonly selector: JsonObject | undefined;
  /** Kinds listed explicitly (group defaults to gateway.networking.k8s.io); empty = by protocol. */
  readonly kinds: readonly GroupKind[];
  /** `spec.listeners[i].allowedRoutes` */
  readonly fieldPath: string;
}

export interface ListenerView {
  readonly name: string;
  /** Absent (or empty) = any hostname. */
  readonly hostname: string | undefined;
  readonly port: number | undefined;
  /** `HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP` or an implementation-specific protocol. */
  readonly protocol: string;
  readonly tls: ListenerTlsView | undefined;
  readonly allowedRoutes: AllowedRoutesView;
  readonly index: number;
  /** `spec.listeners[i]` */
  readonly fieldPath: string;
}

export interface GatewayView {
  readonly resource: Resource;
  readonly className: string | undefined;
  readonly listeners: readonly ListenerView[];
}

function viewGatewayClass(resource: Resource): GatewayClassView {
  return {
    resource,
    name: resource.name,
    controllerName: asString(asObject(resource.body.spec).controllerName) || undefined,
  };
}

function viewGateway(resource: Resource): GatewayView {
  const spec = asObject(resource.body.spec);
  return {
    resource,
    className: asString(spec.gatewayClassName) || undefined,
    listeners: asArray(spec.listeners).map((entry, index) => viewListener(asObject(entry), index, resource)),
  };
}

function viewListener(listener: JsonObject, index: number, gateway: Resource): ListenerView {
  const fieldPath = at('spec', 'listeners', index);
  const tlsObject = listener.tls;
  return {
    name: asString(listener.name) ?? '',
    hostname: asString(listener.hostname) || undefined,
    port: numberOrUndefined(listener.port),
    protocol: asString(listener.protocol) ?? '',
    tls:
      tlsObject === undefined ? undefined : viewListenerTls(asObject(tlsObject), `${fieldPath}.tls`, gateway),
    allowedRoutes: viewAllowedRoutes(asObject(listener.allowedRoutes), `${fieldPath}.allowedRoutes`),
    index,
    fieldPath,
  };
}

function viewListenerTls(tls: JsonObject, fieldPath: string, gateway: Resource): ListenerTlsView {
  return {
    mode: asString(tls.mode) ?? 'Terminate',
    certificateRefs: asArray(tls.certificateRefs).map((entry, index) => {
      const ref = asObject(entry);
      const namespace = asString(ref.namespace) || gateway.namespace;
      return {
        group: asString(ref.group) ?? '',
        kind: asString(ref.kind) ?? 'Secret',
        name: asString(ref.name) ?? '',
        namespace,
        crossNamespace: namespace !== gateway.namespace,
        fieldPath: `${fieldPath}.certificateRefs[${index}]`,
      };
    }),
    fieldPath,
  };
}

function viewAllowedRoutes(allowed: JsonObject, fieldPath: string): AllowedRoutesView {
  const namespaces = asObject(allowed.namespaces);
  const selector = namespaces.selector;
  return {
    from: asString(namespaces.from) ?? 'Same',
    selector: selector === undefined ? undefined : asObject(selector),
    kinds: asArray(allowed.kinds).map((entry) => {
      const kind = asObject(entry);
      return { group: asString(kind.group) ?? GATEWAY_API_GROUP, kind: asString(kind.kind) ?? '' };
    }),
    fieldPath,
  };
}

// ---------------------------------------------------------------------------------------------------
// Routes

export interface ParentRefView {
  /** gateway.networking.k8s.io unless set. */
  readonly group: string;
  /** `Gateway` unless set. */
  readonly kind: string;
  readonly name: string;
  /** The route's namespace unless set. */
  readonly namespace: string;
  readonly sectionName: string | undefined;
  readonly port: number | undefined;
  readonly index: number;
  /** `spec.parentRefs[i]` */
  readonly fieldPath: string;
}

export interface BackendRefView {
  /** '' (core) unless set. */
  readonly group: string;
  /** `Service` unless set. */
  readonly kind: string;
  readonly name: string;
  /** The route's namespace unless set. */
  readonly namespace: string;
  readonly crossNamespace: boolean;
  readonly port: number | undefined;
  /** 1 unless set; 0 sends no traffic. */
  readonly weight: number;
  readonly index: number;
  /** `spec.rules[i].backendRefs[j]` */
  readonly fieldPath: string;
}

export type HttpPathType = 'Exact' | 'PathPrefix' | 'RegularExpression';

export interface HttpPathMatch {
  readonly type: HttpPathType | (string & {});
  readonly value: string;
}

export interface ValueMatch {
  /** `Exact` unless set, or `RegularExpression`. */
  readonly type: string;
  readonly name: string;
  readonly value: string;
}

export interface GrpcMethodMatch {
  /** `Exact` unless set, or `RegularExpression`. */
  readonly type: string;
  readonly service: string | undefined;
  readonly method: string | undefined;
}

export interface RouteMatchView {
  /** HTTPRoute only: PathPrefix `/` unless set. */
  readonly path: HttpPathMatch | undefined;
  readonly headers: readonly ValueMatch[];
  /** HTTPRoute only. */
  readonly queryParams: readonly ValueMatch[];
  /** HTTPRoute only: the HTTP method. */
  readonly method: string | undefined;
  /** GRPCRoute only. */
  readonly grpcMethod: GrpcMethodMatch | undefined;
  /** -1 for the match implied by a rule without `matches` (HTTPRoute: PathPrefix `/`). */
  readonly index: number;
  /** `spec.rules[i].matches[j]`, or the rule's path for the implied match. */
  readonly fieldPath: string;
}

export interface RouteFilterView {
  readonly type: string;
  /** The filter as written (requestRedirect, urlRewrite, extensionRef...). */
  readonly body: JsonObject;
  readonly index: number;
  readonly fieldPath: string;
}

export interface RouteRuleView {
  /** `spec.rules[i].name` (experimental/newer releases). */
  readonly name: string | undefined;
  /**
   * For HTTPRoute never empty: a rule without matches matches every path (PathPrefix `/`). For
   * GRPCRoute empty = every request. TLSRoute rules have no matches.
   */
  readonly matches: readonly RouteMatchView[];
  readonly filters: readonly RouteFilterView[];
  readonly backendRefs: readonly BackendRefView[];
  readonly index: number;
  /** `spec.rules[i]` */
  readonly fieldPath: string;
}

export interface RouteView {
  readonly resource: Resource;
  readonly kind: RouteKind;
  readonly parentRefs: readonly ParentRefView[];
  /** Empty = any hostname (HTTPRoute, GRPCRoute). Path of hostname i: `spec.hostnames[i]`. */
  readonly hostnames: readonly string[];
  readonly rules: readonly RouteRuleView[];
  readonly creationTimestamp: string | undefined;
}

export function hostnameFieldPath(index: number): string {
  return at('spec', 'hostnames', index);
}

function viewRoute(resource: Resource, kind: RouteKind): RouteView {
  const spec = asObject(resource.body.spec);
  const { namespace } = resource;
  return {
    resource,
    kind,
    parentRefs: asArray(spec.parentRefs).map((entry, index) => {
      const ref = asObject(entry);
      return {
        group: asString(ref.group) ?? GATEWAY_API_GROUP,
        kind: asString(ref.kind) ?? 'Gateway',
        name: asString(ref.name) ?? '',
        namespace: asString(ref.namespace) || namespace,
        sectionName: asString(ref.sectionName) || undefined,
        port: numberOrUndefined(ref.port),
        index,
        fieldPath: at('spec', 'parentRefs', index),
      };
    }),
    hostnames: asArray(spec.hostnames).flatMap((h) => (typeof h === 'string' ? [h] : [])),
    rules: asArray(spec.rules).map((entry, index) => viewRouteRule(asObject(entry), index, resource, kind)),
    creationTimestamp: asString(asObject(resource.body.metadata).creationTimestamp),
  };
}

function viewRouteRule(rule: JsonObject, index: number, route: Resource, kind: RouteKind): RouteRuleView {
  const fieldPath = at('spec', 'rules', index);
  const written = asArray(rule.matches).map((entry, matchIndex) =>
    viewMatch(asObject(entry), matchIndex, `${fieldPath}.matches[${matchIndex}]`, kind),
  );
  const matches = kind === 'HTTPRoute' && written.length === 0 ? [impliedHttpMatch(fieldPath)] : written;
  return {
    name: asString(rule.name) || undefined,
    matches,
    filters: asArray(rule.filters).map((entry, filterIndex) => {
      const filter = asObject(entry);
      return {
        type: asString(filter.type) ?? '',
        body: filter,
        index: filterIndex,
        fieldPath: `${fieldPath}.filters[${filterIndex}]`,
      };
    }),
    backendRefs: asArray(rule.backendRefs).map((entry, refIndex) => {
      const ref = asObject(entry);
      const namespace = asString(ref.namespace) || route.namespace;
      return {
        group: asString(ref.group) ?? '',
        kind: asString(ref.kind) ?? 'Service',
        name: asString(ref.name) ?? '',
        namespace,
        crossNamespace: namespace !== route.namespace,
        port: numberOrUndefined(ref.port),
        weight: numberOrUndefined(ref.weight) ?? 1,
        index: refIndex,
        fieldPath: `${fieldPath}.backendRefs[${refIndex}]`,
      };
    }),
    index,
    fieldPath,
  };
}

function impliedHttpMatch(ruleFieldPath: string): RouteMatchView {
  return {
    path: { type: 'PathPrefix', value: '/' },
    headers: [],
    queryParams: [],
    method: undefined,
    grpcMethod: undefined,
    index: -1,
    fieldPath: ruleFieldPath,
  };
}

function viewMatch(match: JsonObject, index: number, fieldPath: string, kind: RouteKind): RouteMatchView {
  const http = kind === 'HTTPRoute';
  const path = asObject(match.path);
  const method = asObject(match.method);
  return {
    path: http
      ? { type: asString(path.type) ?? 'PathPrefix', value: asString(path.value) ?? '/' }
      : undefined,
    headers: valueMatches(match.headers),
    queryParams: http ? valueMatches(match.queryParams) : [],
    method: http ? asString(match.method) : undefined,
    grpcMethod:
      kind === 'GRPCRoute' && match.method !== undefined
        ? {
            type: asString(method.type) ?? 'Exact',
            service: asString(method.service) || undefined,
            method: asString(method.method) || undefined,
          }
        : undefined,
    index,
    fieldPath,
  };
}

function valueMatches(value: unknown): ValueMatch[] {
  return asArray(value).map((entry) => {
    const match = asObject(entry);
    return {
      type: asString(match.type) ?? 'Exact',
      name: asString(match.name) ?? '',
      value: asString(match.value) ?? '',
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// ReferenceGrant

export interface ReferenceGrantFrom {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  /** `spec.from[i]` */
  readonly fieldPath: string;
}

export interface ReferenceGrantTo {
  readonly group: string;
  readonly kind: string;
  /** Absent = every object of that group/kind in the grant's namespace. */
  readonly name: string | undefined;
  /** `spec.to[i]` */
  readonly fieldPath: string;
}

export interface ReferenceGrantView {
  readonly resource: Resource;
  readonly from: readonly ReferenceGrantFrom[];
  readonly to: readonly ReferenceGrantTo[];
}

function viewReferenceGrant(resource: Resource): ReferenceGrantView {
  const spec = asObject(resource.body.spec);
  return {
    resource,
    from: asArray(spec.from).map((entry, index) => {
      const from = asObject(entry);
      return {
        group: asString(from.group) ?? '',
        kind: asString(from.kind) ?? '',
        namespace: asString(from.namespace) ?? '',
        fieldPath: at('spec', 'from', index),
      };
    }),
    to: asArray(spec.to).map((entry, index) => {
      const to = asObject(entry);
      return {
        group: asString(to.group) ?? '',
        kind: asString(to.kind) ?? '',
        name: asString(to.name) || undefined,
        fieldPath: at('spec', 'to', index),
      };
    }),
  };
}

export interface ReferenceSource {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

export interface ReferenceTarget {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * The ReferenceGrant (in the target's namespace) that lets objects of `from` refer to `to`, if any.
 * Entries of `from` and of `to` are each ORed; a `to` without `name` grants every object of that
 * kind. A reference within one namespace needs no grant: use isReferenceGranted for the full answer.
 */
export function findReferenceGrant(
  model: Model,
  from: ReferenceSource,
  to: ReferenceTarget,
): ReferenceGrantView | undefined {
  return referenceGrants(model, to.namespace).find(
    (grant) =>
      grant.from.some(
        (f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace,
      ) &&
      grant.to.some(
        (t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name),
      ),
  );
}

/** Whether `from` may refer to `to`: same namespace, or a ReferenceGrant in `to`'s namespace allows it. */
export function isReferenceGranted(model: Model, from: ReferenceSource, to: ReferenceTarget): boolean {
  return from.namespace === to.namespace || findReferenceGrant(model, from, to) !== undefined;
}

// ---------------------------------------------------------------------------------------------------
// Attachment: which listeners accept a route, and which hostnames they share

/** Route kinds a listener accepts when `allowedRoutes.kinds` is empty, by protocol. */
const KINDS_BY_PROTOCOL: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute', 'TCPRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** Whether a listener admits routes of this kind (explicit `kinds`, else the protocol's defaults). */
export function listenerAllowsKind(listener: ListenerView, kind: string): boolean {
  const explicit = listener.allowedRoutes.kinds;
  if (explicit.length > 0) return explicit.some((k) => k.group === GATEWAY_API_GROUP && k.kind === kind);
  const defaults = KINDS_BY_PROTOCOL[listener.protocol];
  // An implementation-specific protocol: its route kinds are not known, so do not rule any out.
  return defaults === undefined || defaults.includes(kind);
}

/**
 * Whether a listener admits routes from this namespace. For `Selector`, the Namespace's labels plus
 * `kubernetes.io/metadata.name` (set on every namespace) are matched; when the input holds no
 * Namespace object for it and the selector needs other labels, the answer cannot be known and the
 * route is given the benefit of the doubt.
 */
export function listenerAllowsNamespace(
  gateway: GatewayView,
  listener: ListenerView,
  namespace: string,
  model: Model,
): boolean {
  const { from, selector } = listener.allowedRoutes;
  if (from === 'All') return true;
  if (from === 'Same') return namespace === gateway.resource.namespace;
  if (from !== 'Selector') return false;
  const object = model.get('Namespace', '', namespace);
  const labels = {
    ...stringMap(asObject(asObject(object?.body.metadata).labels)),
    'kubernetes.io/metadata.name': namespace,
  };
  if (selectorMatches(selector, labels)) return true;
  return object === undefined && model.whyUnknown('Namespace') !== undefined;
}

/** Whether a parentRef designates this Gateway (group, kind, namespace, name). */
export function parentRefTargets(parentRef: ParentRefView, gateway: GatewayView): boolean {
  return (
    parentRef.group === GATEWAY_API_GROUP &&
    parentRef.kind === 'Gateway' &&
    parentRef.namespace === gateway.resource.namespace &&
    parentRef.name === gateway.resource.name
  );
}

/** Whether a parentRef (already targeting the listener's Gateway) selects this listener by sectionName/port. */
export function parentRefSelectsListener(parentRef: ParentRefView, listener: ListenerView): boolean {
  if (parentRef.sectionName !== undefined && parentRef.sectionName !== listener.name) return false;
  if (parentRef.port !== undefined && parentRef.port !== listener.port) return false;
  return true;
}

/**
 * Whether a listener accepts a route: some parentRef of the route names the Gateway and selects the
 * listener (sectionName, port), and the listener's allowedRoutes admit the route's namespace and kind.
 * Hostnames are not considered: see hostnameIntersection.
 */
export function listenerAcceptsRoute(
  gateway: GatewayView,
  listener: ListenerView,
  route: RouteView,
  model: Model,
): boolean {
  return (
    route.parentRefs.some(
      (ref) => parentRefTargets(ref, gateway) && parentRefSelectsListener(ref, listener),
    ) &&
    listenerAllowsKind(listener, route.kind) &&
    listenerAllowsNamespace(gateway, listener, route.resource.namespace, model)
  );
}

function isWildcard(hostname: string): boolean {
  return hostname.startsWith('*.');
}

/**
 * Gateway API wildcard matching: `*.example.com` matches one OR MORE labels in front of example.com
 * (`a.example.com`, `a.b.example.com`), never `example.com` itself — unlike TLS certificates, where a
 * wildcard covers exactly one label. `*` matches everything.
 */
export function gatewayHostnameMatches(pattern: string, hostname: string): boolean {
  const p = pattern.toLowerCase();
  const h = hostname.toLowerCase();
  if (p === '*' || p === h) return true;
  return isWildcard(p) && h.endsWith(p.slice(1)) && h.length > p.length - 1;
}

function intersectOne(listener: string, route: string): string | undefined {
  if (listener === '*') return route;
  if (route === '*') return listener;
  const l = listener.toLowerCase();
  const r = route.toLowerCase();
  if (l === r) return r;
  // Whichever side matches the other is the more specific: it is the hostname that intersects.
  if (isWildcard(l) && gatewayHostnameMatches(l, r)) return r;
  if (isWildcard(r) && gatewayHostnameMatches(r, l)) return l;
  return undefined;
}

/**
 * The hostnames a route serves through a listener (Gateway API "hostname intersection"), most
 * specific side of each overlapping pair; empty when the route cannot attach for hostnames.
 * No listener hostname = `*`; no route hostnames = `*`. Route hostnames that do not intersect are
 * ignored, as the spec requires.
 */
export function hostnameIntersection(
  listenerHostname: string | undefined,
  routeHostnames: readonly string[],
): string[] {
  const listener = listenerHostname || '*';
  const routes = routeHostnames.length > 0 ? routeHostnames : ['*'];
  const out: string[] = [];
  for (const route of routes) {
    const hostname = intersectOne(listener, route);
    if (hostname !== undefined && !out.includes(hostname)) out.push(hostname);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Cached accessors

interface GatewayApiIndex {
  readonly classes: ReadonlyMap<string, GatewayClassView>;
  readonly gateways: readonly GatewayView[];
  readonly gatewaysByResource: ReadonlyMap<Resource, GatewayView>;
  readonly routes: readonly RouteView[];
  readonly routesByResource: ReadonlyMap<Resource, RouteView>;
  readonly grants: readonly ReferenceGrantView[];
}

/** What buildIndex reads. */
const INDEX_KINDS = ['GatewayClass', 'Gateway', ...ROUTE_KINDS, 'ReferenceGrant'];

function indexOf(model: Model): GatewayApiIndex {
  return model.derived(buildIndex, INDEX_KINDS);
}

function buildIndex(model: Model): GatewayApiIndex {
  const gateways = model.list('Gateway').map(viewGateway);
  const routes = ROUTE_KINDS.flatMap((kind) => model.list(kind).map((resource) => viewRoute(resource, kind)));
  return {
    classes: new Map(model.list('GatewayClass').map((r) => [r.name, viewGatewayClass(r)])),
    gateways,
    gatewaysByResource: new Map(gateways.map((g) => [g.resource, g])),
    routes,
    routesByResource: new Map(routes.map((r) => [r.resource, r])),
    grants: model.list('ReferenceGrant').map(viewReferenceGrant),
  };
}

export function gatewayClasses(model: Model): ReadonlyMap<string, GatewayClassView> {
  return indexOf(model).classes;
}

export function gateways(model: Model): readonly GatewayView[] {
  return indexOf(model).gateways;
}

/** The view of a Gateway resource of this model (for visitors, which get the Resource). */
export function gatewayView(model: Model, resource: Resource): GatewayView {
  return indexOf(model).gatewaysByResource.get(resource) ?? viewGateway(resource);
}

export function findGateway(model: Model, namespace: string, name: string): GatewayView | undefined {
  return indexOf(model).gateways.find((g) => g.resource.namespace === namespace && g.resource.name === name);
}

/** Every HTTPRoute, GRPCRoute and TLSRoute, in that order. */
export function routes(model: Model): readonly RouteView[] {
  return indexOf(model).routes;
}

/**
 * The view of a route resource of this model (for visitors, which get the Resource). A resource of
 * another kind is read as an HTTPRoute.
 */
export function routeView(model: Model, resource: Resource): RouteView {
  return (
    indexOf(model).routesByResource.get(resource) ??
    viewRoute(resource, isRouteKind(resource.kind) ? resource.kind : 'HTTPRoute')
  );
}

/** ReferenceGrants, all or of one namespace. */
export function referenceGrants(model: Model, namespace?: string): readonly ReferenceGrantView[] {
  const all = indexOf(model).grants;
  return namespace === undefined ? all : all.filter((g) => g.resource.namespace === namespace);
}

export function referenceGrantView(model: Model, resource: Resource): ReferenceGrantView {
  return indexOf(model).grants.find((g) => g.resource === resource) ?? viewReferenceGrant(resource);
}

// ---------------------------------------------------------------------------------------------------

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
