/**
 * Route entries from Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute by SNI), through the views of
 * model/gateway-api.ts: one entry per (parentRef → listener, intersected hostname, rule, match).
 * A route the Gateway would not accept is kept as dead entries with the reason: its parent is missing,
 * its sectionName names no listener, allowedRoutes refuse its namespace or kind, or no hostname
 * intersects. A rule whose backends all fail (missing Service, cross-namespace without ReferenceGrant)
 * still takes its requests and answers 500, as the spec requires.
 */
import {
  GATEWAY_API_GROUP,
  findGateway,
  gatewayClasses,
  hostnameIntersection,
  isReferenceGranted,
  listenerAllowsKind,
  listenerAllowsNamespace,
  parentRefSelectsListener,
  routes,
  type BackendRefView,
  type GatewayView,
  type ListenerView,
  type RouteMatchView,
  type RouteView,
} from '../model/gateway-api.ts';
import type { Model } from '../model/model.ts';
import { objectKeyOf, sourceRef, type Draft } from './draft.ts';
import { hostMatchOf, parseTimestamp } from './primitives.ts';
import { isBroken, lookupService, routeFilterControls, tlsFromSecret } from './resolve.ts';
import type {
  Dead,
  GatewayFrontend,
  HostMatch,
  PathMatch,
  ResolvedBackend,
  TlsInfo,
  ValueMatchEntry,
} from './types.ts';

export function gatewayFrontendKey(namespace: string, name: string, port: number | undefined): string {
  return `gateway/${namespace}/${name}:${port === undefined ? '' : String(port)}`;
}

function gatewayFrontend(model: Model, gateway: GatewayView, port: number | undefined): GatewayFrontend {
  const className = gateway.className;
  return {
    type: 'gateway',
    namespace: gateway.resource.namespace,
    name: gateway.resource.name,
    className,
    controllerName:
      className === undefined ? undefined : gatewayClasses(model).get(className)?.controllerName,
    port,
    listeners: gateway.listeners
      .filter((l) => l.port === port)
      .map((l) => ({ name: l.name, hostname: l.hostname, protocol: l.protocol })),
  };
}

/** A frontend for a parent that is not in the input, so its dead entries still say where they point. */
function missingFrontend(namespace: string, name: string): GatewayFrontend {
  return {
    type: 'gateway',
    namespace,
    name,
    className: undefined,
    controllerName: undefined,
    port: undefined,
    listeners: [],
  };
}

interface Attachment {
  readonly frontend: GatewayFrontend;
  readonly listener: ListenerView | undefined;
  readonly hostnames: readonly string[];
  readonly dead: Dead | undefined;
}

function attachments(model: Model, route: RouteView): Attachment[] {
  const out: Attachment[] = [];
  for (const parentRef of route.parentRefs) {
    if (parentRef.group !== GATEWAY_API_GROUP || parentRef.kind !== 'Gateway') continue;
    const gateway = findGateway(model, parentRef.namespace, parentRef.name);
    if (!gateway) {
      out.push({
        frontend: missingFrontend(parentRef.namespace, parentRef.name),
        listener: undefined,
        hostnames: route.hostnames,
        dead: {
          reason: 'parent-missing',
          detail: `Gateway ${parentRef.namespace}/${parentRef.name} is not in the input`,
        },
      });
      continue;
    }
    const listeners = gateway.listeners.filter((l) => parentRefSelectsListener(parentRef, l));
    if (listeners.length === 0) {
      out.push({
        frontend: gatewayFrontend(model, gateway, parentRef.port),
        listener: undefined,
        hostnames: route.hostnames,
        dead: {
          reason: 'listener-missing',
          detail: `Gateway ${parentRef.namespace}/${parentRef.name} has no listener ${parentRef.sectionName ?? `on port ${String(parentRef.port)}`}`,
        },
      });
      continue;
    }
    for (const listener of listeners) {
      const frontend = gatewayFrontend(model, gateway, listener.port);
      if (
        !listenerAllowsKind(listener, route.kind) ||
        !listenerAllowsNamespace(gateway, listener, route.resource.namespace, model)
      ) {
        out.push({
          frontend,
          listener,
          hostnames: route.hostnames,
          dead: {
            reason: 'not-allowed-by-listener',
            detail: `listener ${listener.name} does not allow ${route.kind}s from namespace ${route.resource.namespace}`,
          },
        });
        continue;
      }
      const hostnames = hostnameIntersection(listener.hostname, route.hostnames);
      if (hostnames.length === 0) {
        out.push({
          frontend,
          listener,
          hostnames: route.hostnames,
          dead: {
            reason: 'no-listener-hostname',
            detail: `no hostname of the route intersects listener ${listener.name} (${listener.hostname ?? '*'})`,
          },
        });
        continue;
      }
      out.push({ frontend, listener, hostnames, dead: undefined });
    }
  }
  return out;
}

function resolveBackendRef(model: Model, route: RouteView, ref: BackendRefView): ResolvedBackend {
  const base = {
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
    port: ref.port,
    weight: ref.weight,
    fieldPath: ref.fieldPath,
  };
  if (ref.group !== '' || ref.kind !== 'Service')
    return {
      ...base,
      servicePort: undefined,
      exists: undefined,
      problem: 'unsupported-kind',
      selector: undefined,
    };
  const granted =
    !ref.crossNamespace ||
    isReferenceGranted(
      model,
      { group: GATEWAY_API_GROUP, kind: route.kind, namespace: route.resource.namespace },
      { group: '', kind: 'Service', namespace: ref.namespace, name: ref.name },
    );
  const lookup = lookupService(
    model,
    ref.namespace,
    ref.name,
    ref.port === undefined ? {} : { number: ref.port },
  );
  return {
    ...base,
    servicePort: lookup.servicePort,
    exists: lookup.exists,
    problem: granted ? lookup.problem : 'not-permitted',
    selector: lookup.selector,
  };
}

function backendsDead(backends: readonly ResolvedBackend[]): Dead | undefined {
  const live = backends.filter((b) => b.weight > 0);
  if (live.length > 0 && !live.every(isBroken)) return undefined;
  if (backends.some((b) => b.problem === 'not-permitted'))
    return {
      reason: 'backend-not-permitted',
      detail: 'a cross-namespace backendRef has no ReferenceGrant',
      answers: 500,
    };
  return {
    reason: 'backend-unresolvable',
    detail:
      backends.length === 0 ? 'the rule has no backendRefs' : 'no backendRef resolves to a Service port',
    answers: 500,
  };
}

function pathMatch(
  type: string,
  value: string,
  semantics: PathMatch['semantics'],
  written?: string,
): PathMatch {
  return { type, value, written: written ?? value, semantics, caseInsensitive: false };
}

function pathOf(route: RouteView, match: RouteMatchView): PathMatch {
  if (route.kind === 'TLSRoute') return pathMatch('SNI', '/', 'string-prefix');
  if (route.kind === 'GRPCRoute') {
    const grpc = match.grpcMethod;
    const service = grpc?.service;
    const method = grpc?.method;
    if (grpc?.type === 'RegularExpression')
      return pathMatch('RegularExpression', `/${service ?? '.*'}/${method ?? '.*'}`, 'regex');
    if (service !== undefined && method !== undefined)
      return pathMatch('Exact', `/${service}/${method}`, 'exact');
    if (service !== undefined) return pathMatch('PathPrefix', `/${service}`, 'element-prefix');
    return pathMatch('PathPrefix', '/', 'element-prefix');
  }
  const path = match.path ?? { type: 'PathPrefix', value: '/' };
  if (path.type === 'Exact') return pathMatch('Exact', path.value, 'exact');
  if (path.type === 'RegularExpression') return pathMatch('RegularExpression', path.value, 'regex');
  // PathPrefix is element-wise; a trailing slash is ignored.
  const value = path.value.length > 1 ? path.value.replace(/\/+$/, '') || '/' : path.value;
  return pathMatch('PathPrefix', value, 'element-prefix', path.value);
}

function valueMatches(matches: RouteMatchView['headers']): ValueMatchEntry[] {
  return matches.map((m) => ({
    name: m.name,
    type: m.type === 'RegularExpression' ? 'RegularExpression' : 'Exact',
    value: m.value,
  }));
}

function listenerTls(model: Model, listener: ListenerView | undefined, host: HostMatch): TlsInfo | null {
  const tls = listener?.tls;
  if (!tls || listener.protocol !== 'HTTPS' || tls.mode !== 'Terminate') return null;
  const ref = tls.certificateRefs[0];
  if (!ref) return { terminated: true, secret: null, coversHost: null, secretExists: null };
  return tlsFromSecret(model, ref.namespace, ref.name, host.type === 'any' ? undefined : host.value);
}

/** Entries of every Gateway API route of the model; ids are assigned from `firstId`. */
export function gatewayEntries(model: Model, firstId: number): Draft[] {
  const drafts: Draft[] = [];
  routes(model).forEach((route, order) => {
    const { resource } = route;
    const created = parseTimestamp(route.creationTimestamp);
    const objectKey = objectKeyOf(resource);
    for (const attachment of attachments(model, route)) {
      const { frontend, listener } = attachment;
      const frontendKey = gatewayFrontendKey(frontend.namespace, frontend.name, frontend.port);
      const hostnames = attachment.hostnames.length > 0 ? attachment.hostnames : ['*'];
      for (const hostname of hostnames) {
        const host = hostMatchOf(hostname, 'one-or-more');
        for (const rule of route.rules) {
          const backends = rule.backendRefs.map((ref) => resolveBackendRef(model, route, ref));
          const controls = routeFilterControls(rule.filters.map((f) => f.type));
          const hasResponseFilter = rule.filters.some((f) => f.type === 'RequestRedirect');
          const dead = attachment.dead ?? (hasResponseFilter ? undefined : backendsDead(backends));
          // TLSRoute and GRPCRoute rules without matches match every request.
          const matches: readonly (RouteMatchView | undefined)[] =
            rule.matches.length > 0 ? rule.matches : [undefined];
          matches.forEach((match, matchIndex) => {
            const view: RouteMatchView = match ?? {
              path: undefined,
              headers: [],
              queryParams: [],
              method: undefined,
              grpcMethod: undefined,
              index: -1,
              fieldPath: rule.fieldPath,
            };
            const path = pathOf(route, view);
            drafts.push({
              id: firstId + drafts.length,
              frontend,
              frontendKey,
              host,
              path,
              method: route.kind === 'GRPCRoute' ? 'POST' : view.method?.toUpperCase(),
              headers: valueMatches(view.headers),
              queryParams: valueMatches(view.queryParams),
              canary: undefined,
              backends,
              tls: listenerTls(model, listener, host),
              controls,
              source: sourceRef(resource, view.fieldPath),
              pathFieldPath: view.index >= 0 && view.path ? `${view.fieldPath}.path` : view.fieldPath,
              listener: listener?.name,
              rewriteTarget: undefined,
              priority: undefined,
              created,
              order,
              position: rule.index * 1000 + Math.max(matchIndex, 0),
              dead,
              shadowed: undefined,
              rawPath: path.value,
              claimKey: `${hostname}\u0000${path.type}\u0000${path.value}`,
              hostKey: host.type === 'any' ? '' : host.value,
              objectKey,
              anchor: 'full',
              regexTrigger: undefined,
            });
          });
        }
      }
    }
  });
  return drafts;
}
