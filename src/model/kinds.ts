/**
 * The kinds gatewatch reads. Anything else in the input is counted and skipped
 * (`input-unknown-kind`). Cluster-scoped kinds have no namespace.
 */
export const KNOWN_KINDS = {
  Ingress: { namespaced: true },
  IngressClass: { namespaced: false },
  Service: { namespaced: true },
  Secret: { namespaced: true },
  ConfigMap: { namespaced: true },
  Deployment: { namespaced: true },
  DaemonSet: { namespaced: true },
  StatefulSet: { namespaced: true },
  Pod: { namespaced: true },
  NetworkPolicy: { namespaced: true },
  Namespace: { namespaced: false },
  ServiceAccount: { namespaced: true },
  Role: { namespaced: true },
  ClusterRole: { namespaced: false },
  RoleBinding: { namespaced: true },
  ClusterRoleBinding: { namespaced: false },
  GatewayClass: { namespaced: false },
  Gateway: { namespaced: true },
  HTTPRoute: { namespaced: true },
  GRPCRoute: { namespaced: true },
  TLSRoute: { namespaced: true },
  ReferenceGrant: { namespaced: true },
  Middleware: { namespaced: true },
  ValidatingAdmissionPolicy: { namespaced: false },
  ValidatingAdmissionPolicyBinding: { namespaced: false },
  ValidatingWebhookConfiguration: { namespaced: false },
} as const satisfies Record<string, { namespaced: boolean }>;

export type KnownKind = keyof typeof KNOWN_KINDS;

export function isKnownKind(kind: string): kind is KnownKind {
  return Object.hasOwn(KNOWN_KINDS, kind);
}

export function isNamespaced(kind: string): boolean {
  return isKnownKind(kind) ? KNOWN_KINDS[kind].namespaced : true;
}
