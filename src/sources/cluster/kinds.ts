/**
 * Where on a cluster each kind gatewatch reviews is served: its API groups, most current first. Typed
 * against KNOWN_KINDS so a new kind cannot be added without saying where the cluster source finds it.
 */
import type { KnownKind } from '../../model/kinds.ts';
import type { WantedKind } from './port.ts';

const CORE = [''];
const APPS = ['apps'];
const NETWORKING = ['networking.k8s.io'];
const RBAC = ['rbac.authorization.k8s.io'];
const ADMISSION = ['admissionregistration.k8s.io'];
const GATEWAY_API = ['gateway.networking.k8s.io'];
/** traefik.containo.us is the group of Traefik v2 CRDs, still served by many clusters. */
const TRAEFIK = ['traefik.io', 'traefik.containo.us'];

export const CLUSTER_GROUPS = {
  Ingress: NETWORKING,
  IngressClass: NETWORKING,
  Service: CORE,
  Secret: CORE,
  ConfigMap: CORE,
  Deployment: APPS,
  DaemonSet: APPS,
  StatefulSet: APPS,
  Pod: CORE,
  NetworkPolicy: NETWORKING,
  Namespace: CORE,
  ServiceAccount: CORE,
  Role: RBAC,
  ClusterRole: RBAC,
  RoleBinding: RBAC,
  ClusterRoleBinding: RBAC,
  GatewayClass: GATEWAY_API,
  Gateway: GATEWAY_API,
  HTTPRoute: GATEWAY_API,
  GRPCRoute: GATEWAY_API,
  TLSRoute: GATEWAY_API,
  ReferenceGrant: GATEWAY_API,
  Middleware: TRAEFIK,
  ValidatingAdmissionPolicy: ADMISSION,
  ValidatingAdmissionPolicyBinding: ADMISSION,
  ValidatingWebhookConfiguration: ADMISSION,
} as const satisfies Record<KnownKind, readonly string[]>;

export const WANTED_KINDS: readonly WantedKind[] = Object.entries(CLUSTER_GROUPS).map(([kind, groups]) => ({
  kind,
  groups,
}));

/**
 * Secrets are listed only of this type, by the server (a field selector): gatewatch's checks are about
 * TLS certificates, and other Secrets never leave the API server.
 */
export const SECRET_FIELD_SELECTOR = 'type=kubernetes.io/tls';
