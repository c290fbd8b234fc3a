/**
 * Routing: what a request reaches, from the configuration alone (spec/routing.md). Pure and
 * synchronous: no files, network, console or clock.
 *
 * - `routeTableOf(model)` / `buildRouteTable(model)`: every route entry of every Ingress (all
 *   apiVersions) and Gateway API route, with its frontend (controller class, or Gateway + listener),
 *   host and path match as the controller reads it, Gateway API header/query/method matches, canary
 *   split, backends resolved against the Services, TLS certificate and whether it covers the host,
 *   controls (auth, allowlist, rate limit, WAF) and source object with field path and file:line.
 *   Entries a controller would not serve keep a `dead` reason; entries that can never win keep a
 *   `shadowed` reason (duplicate, host + path collision lost to an older Ingress, Prefix behind a regex).
 *   `routeTableOf` caches one table per model: rules and commands share it.
 * - `route(table, request)`: the decision for one request in the JSON contract of `gatewatch route`:
 *   winner, backend(s) with shares, fallback (`default-backend` or `controller-404`), TLS, controls and
 *   every other candidate with `lostBecause` (worked out when `candidates` is first read). Looks hosts
 *   up through an index (no full scan).
 * - `exposure(table, model)`: per Service, every external URL reaching it and its controls, the
 *   Services reachable without TLS or without authentication first.
 *
 * The commands print these objects; anything they need to know about matching is in here.
 */
export { buildRouteTable, routeTableOf, type BuildOptions } from './table.ts';
export {
  route,
  type Candidate,
  type DecisionBackend,
  type DecisionMatch,
  type RouteDecision,
  type RouteOptions,
  type RouteRequest,
} from './matcher.ts';
export { exposure, type ExposedUrl, type ServiceExposure, type WorkloadRef } from './exposure.ts';
export type {
  BackendProblem,
  CanaryInfo,
  Controls,
  Dead,
  DeadReason,
  DefaultBackendEntry,
  Frontend,
  GatewayFrontend,
  HostMatch,
  IngressFrontend,
  ListenerSummary,
  PathMatch,
  PathSemantics,
  ResolvedBackend,
  RouteEntry,
  RouteTable,
  Shadow,
  ShadowReason,
  SourceRef,
  TlsInfo,
  ValueMatchEntry,
} from './types.ts';
