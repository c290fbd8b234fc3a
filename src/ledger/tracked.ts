/**
 * What the ledger tracks (spec/accountability.md "What is tracked"): Ingress, IngressClass, the
 * Gateway API kinds, NetworkPolicies, RBAC writes, the ingress controller's ConfigMap, and reads and
 * writes of the Secrets that ingresses and Gateways use for TLS. One policy answers both questions
 * the ingest asks: "is this line worth parsing?" (from the bytes, LineFilter) and "is this event a
 * change of the ledger?" (from the parsed event). Both answers agree: the line test only ever lets
 * through more than the event test.
 */
import type { LineFacts, LineFilter } from '../sources/audit/lines.ts';
import { WRITE_VERBS, type ObjectKey } from './types.ts';

interface KindInfo {
  readonly kind: string;
  readonly groups: readonly string[];
  /** Reads of this resource are not changes (only Secrets' reads are tracked, and only some). */
  readonly writesOnly: boolean;
}

const NETWORKING = ['networking.k8s.io', 'extensions'];
const GATEWAY = ['gateway.networking.k8s.io'];
const RBAC = ['rbac.authorization.k8s.io'];

/** Resources tracked whatever their name. */
export const TRACKED_RESOURCES: Readonly<Record<string, KindInfo>> = {
  ingresses: { kind: 'Ingress', groups: NETWORKING, writesOnly: true },
  ingressclasses: { kind: 'IngressClass', groups: NETWORKING, writesOnly: true },
  networkpolicies: { kind: 'NetworkPolicy', groups: NETWORKING, writesOnly: true },
  gatewayclasses: { kind: 'GatewayClass', groups: GATEWAY, writesOnly: true },
  gateways: { kind: 'Gateway', groups: GATEWAY, writesOnly: true },
  httproutes: { kind: 'HTTPRoute', groups: GATEWAY, writesOnly: true },
  grpcroutes: { kind: 'GRPCRoute', groups: GATEWAY, writesOnly: true },
  tlsroutes: { kind: 'TLSRoute', groups: GATEWAY, writesOnly: true },
  tcproutes: { kind: 'TCPRoute', groups: GATEWAY, writesOnly: true },
  udproutes: { kind: 'UDPRoute', groups: GATEWAY, writesOnly: true },
  referencegrants: { kind: 'ReferenceGrant', groups: GATEWAY, writesOnly: true },
  roles: { kind: 'Role', groups: RBAC, writesOnly: true },
  clusterroles: { kind: 'ClusterRole', groups: RBAC, writesOnly: true },
  rolebindings: { kind: 'RoleBinding', groups: RBAC, writesOnly: true },
  clusterrolebindings: { kind: 'ClusterRoleBinding', groups: RBAC, writesOnly: true },
};

/** Tracked by name only: the TLS Secrets and the controller ConfigMaps. */
const CONDITIONAL: Readonly<Record<string, string>> = { secrets: 'Secret', configmaps: 'ConfigMap' };

const INSPECTED: ReadonlySet<string> = new Set([
  ...Object.keys(TRACKED_RESOURCES),
  ...Object.keys(CONDITIONAL),
]);

/** ConfigMap names ingress controllers read (ingress-nginx, its chart, Traefik, HAProxy, Kong). */
const CONTROLLER_CONFIGMAP =
  /(^|-)(ingress-nginx-controller|nginx-configuration|nginx-ingress-controller|haproxy-kubernetes-ingress|haproxy-ingress|traefik|kong)$/;

export function kindOfResource(resource: string): string | undefined {
  return TRACKED_RESOURCES[resource]?.kind ?? CONDITIONAL[resource];
}

export interface TrackOptions {
  /** `namespace/name` of ConfigMaps that belong to a controller, beyond the well-known names. */
  readonly controllerConfigMaps?: readonly string[];
}

/** What the tracking decision needs from an event: its resource, verb and object. */
export interface TrackQuestion {
  readonly verb: string;
  readonly resource: string;
  readonly apiGroup: string;
  readonly namespace: string;
  readonly name: string;
}

export class TrackPolicy implements LineFilter {
  readonly resources: readonly string[] = [...INSPECTED];
  /** Names of the Secrets referenced for TLS by tracked objects, by namespace; grows during an ingest. */
  private readonly tlsSecrets = new Map<string, Set<string>>();
  private readonly controllerConfigMaps: ReadonlySet<string>;

  constructor(options: TrackOptions = {}) {
    this.controllerConfigMaps = new Set(options.controllerConfigMaps ?? []);
  }

  addTlsSecret(namespace: string, name: string): void {
    const names = this.tlsSecrets.get(namespace);
    if (names === undefined) this.tlsSecrets.set(namespace, new Set([name]));
    else names.add(name);
  }

  isTlsSecret(namespace: string, name: string): boolean {
    return this.tlsSecrets.get(namespace)?.has(name) === true;
  }

  byResource(resource: string): 'skip' | 'parse' | 'inspect' {
    return INSPECTED.has(resource) ? 'inspect' : 'skip';
  }

  /** Only Secrets are ever tracked when read (TLS Secrets, see tracks); anything else only when written. */
  byVerb(resource: string, verb: string): 'skip' | 'inspect' {
    return resource === 'secrets' || WRITE_VERBS.has(verb) ? 'inspect' : 'skip';
  }

  inspect(facts: LineFacts): 'parse' | 'skip' | 'defer' {
    // Whether a Secret read reads a TLS Secret can depend on an Ingress earlier in the same chunk,
    // not handled yet: decided when the ingest reaches the line (tracksLine).
    if (facts.resource === 'secrets' && facts.apiGroup === '' && !WRITE_VERBS.has(facts.verb)) return 'defer';
    return this.tracks(facts, { typeIsTls: true }) ? 'parse' : 'skip';
  }

  /** The decision for a deferred line (a Secret read), now that every event before it was handled. */
  tracksLine(facts: LineFacts): boolean {
    // Outside the namespaces of known TLS Secrets, a read concerns none of them (a shortcut).
    if (facts.namespace !== '' && !this.tlsSecrets.has(facts.namespace)) return false;
    return this.tracks(facts, { typeIsTls: true });
  }

  /**
   * Is this event a change of the ledger? `typeIsTls`: the Secret's body says `kubernetes.io/tls`
   * (true when unknown at the line stage: the line test must not be stricter than this one).
   */
  tracks(question: TrackQuestion, secret: { typeIsTls: boolean }): boolean {
    const write = WRITE_VERBS.has(question.verb);
    const info = TRACKED_RESOURCES[question.resource];
    if (info !== undefined) return write && info.groups.includes(question.apiGroup);
    if (question.apiGroup !== '') return false;
    if (question.resource === 'configmaps') return write && this.isControllerConfigMap(question);
    if (question.resource === 'secrets') {
      if (!write && question.name === '') return this.readsTlsNamespace(question.namespace);
      return this.isTlsSecret(question.namespace, question.name) || (write && secret.typeIsTls);
    }
    return false;
  }

  private isControllerConfigMap(question: TrackQuestion): boolean {
    return (
      this.controllerConfigMaps.has(`${question.namespace}/${question.name}`) ||
      CONTROLLER_CONFIGMAP.test(question.name)
    );
  }

  /** A collection read (list/watch without name) of a namespace with TLS Secrets, or cluster-wide. */
  private readsTlsNamespace(namespace: string): boolean {
    if (namespace === '') return this.tlsSecrets.size > 0;
    return this.tlsSecrets.has(namespace);
  }
}

/** Secrets a tracked object points at for TLS: Ingress `spec.tls[].secretName`, Gateway listeners. */
export function referencedTlsSecrets(key: ObjectKey, state: unknown): { namespace: string; name: string }[] {
  const spec = (state as { spec?: unknown } | null)?.spec;
  if (typeof spec !== 'object' || spec === null) return [];
  const namespace = key.namespace ?? '';
  const out: { namespace: string; name: string }[] = [];
  if (key.resource === 'ingresses') {
    for (const tls of arrayOf((spec as { tls?: unknown }).tls)) {
      const name = (tls as { secretName?: unknown } | null)?.secretName;
      if (typeof name === 'string' && name !== '') out.push({ namespace, name });
    }
  }
  if (key.resource === 'gateways') {
    for (const listener of arrayOf((spec as { listeners?: unknown }).listeners)) {
      const tls = (listener as { tls?: { certificateRefs?: unknown } } | null)?.tls;
      for (const ref of arrayOf(tls?.certificateRefs)) {
        const r = ref as { name?: unknown; namespace?: unknown; kind?: unknown } | null;
        if (typeof r?.name !== 'string' || (r.kind !== undefined && r.kind !== 'Secret')) continue;
        out.push({ namespace: typeof r.namespace === 'string' ? r.namespace : namespace, name: r.name });
      }
    }
  }
  return out;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}
