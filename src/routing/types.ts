/**
 * The route table's data: plain, JSON-serialisable objects (the CLI prints them as they are), except
 * for the compiled matchers kept in a side table by the builder.
 */
import type { ControllerType } from '../model/controllers.ts';

/** Where requests enter: an ingress controller's class, or one port of a Gateway. */
export type Frontend = IngressFrontend | GatewayFrontend;

export interface IngressFrontend {
  readonly type: 'ingress';
  /** Which controller reads the class; `unknown` when gatewatch cannot tell (Ingress spec semantics apply). */
  readonly controller: ControllerType | 'unknown';
  /** The IngressClass `spec.controller` value (`k8s.io/ingress-nginx`), or the controller type. */
  readonly controllerId: string;
  /** The class name; undefined for Ingresses without any class. */
  readonly className: string | undefined;
}

export interface GatewayFrontend {
  readonly type: 'gateway';
  readonly namespace: string;
  readonly name: string;
  readonly className: string | undefined;
  /** GatewayClass `spec.controllerName`, when the GatewayClass is in the input. */
  readonly controllerName: string | undefined;
  /** Listeners sharing one port share one address: each port is its own frontend. */
  readonly port: number | undefined;
  /** The listeners on that port, in Gateway order. */
  readonly listeners: readonly ListenerSummary[];
}

export interface ListenerSummary {
  readonly name: string;
  /** undefined: any hostname. */
  readonly hostname: string | undefined;
  /** `HTTP`, `HTTPS`, `TLS`… */
  readonly protocol: string;
}

/** The host part of an entry: exact (`shop.example.com`), wildcard (`*.example.com`) or any host. */
export type HostMatch =
  | { readonly type: 'exact'; readonly value: string }
  /**
   * `*.example.com`. Ingress: exactly one label; Gateway API: one or more labels (`labels: 'one-or-more'`).
   */
  | { readonly type: 'wildcard'; readonly value: string; readonly labels: 'one' | 'one-or-more' }
  | { readonly type: 'any' };

/**
 * How a controller reads a path:
 * - `exact`: the whole path, case-sensitive;
 * - `element-prefix`: the Ingress spec's Prefix, by `/`-separated element (`/foo` matches `/foo/bar`,
 *   not `/foobar`; a trailing `/` changes nothing);
 * - `string-prefix`: a plain character prefix (nginx locations, Traefik PathPrefix);
 * - `regex`: anchored at the start only (ingress-nginx `~* "^<path>"`, Gateway API RegularExpression).
 */
export type PathSemantics = 'exact' | 'element-prefix' | 'string-prefix' | 'regex';

export interface PathMatch {
  /** As written: `Exact`, `Prefix`, `ImplementationSpecific` (Ingress); `Exact`, `PathPrefix`, `RegularExpression` (Gateway API). */
  readonly type: string;
  /** Normalised value: `/` for a missing path, no trailing `/` on an element prefix; a regex as written. */
  readonly value: string;
  /** The path exactly as written (undefined when left out). */
  readonly written: string | undefined;
  readonly semantics: PathSemantics;
  readonly caseInsensitive: boolean;
  /** Where a regex path comes from: `use-regex`/`rewrite-target` on an Ingress of the same host. */
  readonly regexBecause?: string;
}

export interface ValueMatchEntry {
  readonly name: string;
  readonly type: 'Exact' | 'RegularExpression';
  readonly value: string;
}

/** ingress-nginx canary split, from the canary Ingress's annotations. */
export interface CanaryInfo {
  readonly byHeader: string | undefined;
  readonly headerValue: string | undefined;
  readonly headerPattern: string | undefined;
  readonly byCookie: string | undefined;
  /** Weight out of `weightTotal` sent to the canary (0 when unset). */
  readonly weight: number;
  readonly weightTotal: number;
}

export type BackendProblem =
  'service-missing' | 'port-missing' | 'not-permitted' | 'unsupported-kind' | 'no-backend' | 'unknown';

export interface ResolvedBackend {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The port as written: a number, or a port name (Ingress). */
  readonly port: number | string | undefined;
  /** The Service port it designates, when the Service is in the input and has it. */
  readonly servicePort: number | undefined;
  /** undefined when the Service kind was not in the input at all (existence cannot be told). */
  readonly exists: boolean | undefined;
  readonly problem: BackendProblem | undefined;
  readonly weight: number;
  /** The Service's `spec.selector`: which pods answer (undefined when the Service is not in the input). */
  readonly selector: Readonly<Record<string, string>> | undefined;
  /** Field path of the reference in the source object. */
  readonly fieldPath: string;
}

export interface TlsInfo {
  readonly terminated: boolean;
  /** `namespace/name` of the certificate Secret; null for the controller's default certificate. */
  readonly secret: string | null;
  /** Whether the certificate names the host; null when it cannot be told (no Secret, unparsable). */
  readonly coversHost: boolean | null;
  readonly secretExists: boolean | null;
}

export interface Controls {
  readonly auth: boolean;
  /** Client address ranges allowed, null when nothing restricts them. */
  readonly allowlist: readonly string[] | null;
  readonly rateLimit: boolean;
  readonly waf: boolean;
}

export interface SourceRef {
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly name: string;
  /** Field path of the path entry (Ingress) or the match (Gateway API). */
  readonly fieldPath: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
}

/**
 * Why a controller does not serve an entry. `answers` is set when the controller still takes the
 * matching requests and answers them with that error status (an unresolvable backend): such entries
 * still win matches.
 */
export type DeadReason =
  | 'invalid-path'
  | 'invalid-regex'
  | 'backend-unresolvable'
  | 'backend-not-permitted'
  | 'canary-without-main'
  | 'no-listener-hostname'
  | 'parent-missing'
  | 'listener-missing'
  | 'not-allowed-by-listener';

export interface Dead {
  readonly reason: DeadReason;
  readonly detail: string;
  readonly answers?: number;
}

export type ShadowReason = 'duplicate' | 'collision' | 'regex-covers';

export interface Shadow {
  readonly reason: ShadowReason;
  /** Id of the entry that takes every request this one would match. */
  readonly by: number;
  readonly detail: string;
  /** collision: how many objects claim the same host + path. */
  readonly claimants?: number;
}

export interface RouteEntry {
  /** Index in `table.entries`. */
  readonly id: number;
  readonly frontend: Frontend;
  /** Entries with the same key compete for the same requests (one nginx class, one Gateway port). */
  readonly frontendKey: string;
  readonly host: HostMatch;
  readonly path: PathMatch;
  readonly method: string | undefined;
  readonly headers: readonly ValueMatchEntry[];
  readonly queryParams: readonly ValueMatchEntry[];
  readonly canary: CanaryInfo | undefined;
  readonly backends: readonly ResolvedBackend[];
  readonly tls: TlsInfo | null;
  readonly controls: Controls;
  readonly source: SourceRef;
  /** Where the path value is written (the path entry itself when the value is left out). */
  readonly pathFieldPath: string;
  /** Gateway API: the listener the route is attached through. */
  readonly listener: string | undefined;
  /** ingress-nginx `rewrite-target`, when set. */
  readonly rewriteTarget: string | undefined;
  /** Traefik router priority (rule length unless `router.priority`). */
  readonly priority: number | undefined;
  /** creationTimestamp in ms; undefined when absent (not created yet: younger than everything). */
  readonly created: number | undefined;
  /** Position of the source object in the input (apply order of objects not created yet). */
  readonly order: number;
  /** Position of the path/match inside its object. */
  readonly position: number;
  readonly dead: Dead | undefined;
  readonly shadowed: Shadow | undefined;
}

/** spec.defaultBackend of an Ingress: what answers unknown hosts/paths of its frontend. */
export interface DefaultBackendEntry {
  readonly frontendKey: string;
  readonly frontend: Frontend;
  readonly backend: ResolvedBackend;
  readonly source: SourceRef;
  readonly created: number | undefined;
  readonly order: number;
}

export interface RouteTable {
  readonly entries: readonly RouteEntry[];
  readonly frontends: readonly { readonly key: string; readonly frontend: Frontend }[];
  /** One per frontend at most: the oldest Ingress's spec.defaultBackend wins. */
  readonly defaultBackends: readonly DefaultBackendEntry[];
}
