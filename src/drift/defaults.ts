/**
 * What `gatewatch drift` does not count as drift, as data: fields the API server or a controller
 * writes (SERVER_SET), defaults the API server fills in when a manifest leaves a field out
 * (API_DEFAULTS), values the server assigns that a manifest normally leaves out (ASSIGNED_FIELDS), and
 * fields holding resource quantities (QUANTITY_FIELDS). normalize.ts applies them; docs/drift.md lists
 * them for users.
 *
 * Paths are field names from the object's root; `*` is every element of an array (or every key of a
 * map). Each entry cites where Kubernetes sets it: the defaulting functions of kubernetes/kubernetes
 * (`pkg/apis/<group>/<version>/defaults.go`, `SetDefaults_<Type>`), documented as "Defaults to …" in the
 * API reference (https://kubernetes.io/docs/reference/kubernetes-api/), and for the Gateway API the
 * `default:` of its CRD schemas (kubernetes-sigs/gateway-api `config/crd/standard`).
 */
import type { Json, JsonObject } from '../model/resource.ts';

export type PathPattern = readonly string[];

/** Every kind, for entries that hold for any object. */
export const ANY_KIND = '*';

export interface ServerSetField {
  readonly kinds: readonly string[];
  readonly path: PathPattern;
  /** Who writes it. */
  readonly source: string;
}

/** Removed from both sides before comparing. */
export const SERVER_SET: readonly ServerSetField[] = [
  { kinds: [ANY_KIND], path: ['status'], source: 'the status subresource: written by controllers' },
  {
    kinds: [ANY_KIND],
    path: ['apiVersion'],
    source: 'objects are matched by kind, namespace and name; versions of one group are conversions',
  },
  { kinds: [ANY_KIND], path: ['kind'], source: 'objects are matched by kind' },
  ...[
    'managedFields',
    'resourceVersion',
    'uid',
    'generation',
    'creationTimestamp',
    'selfLink',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
  ].map((field) => ({
    kinds: [ANY_KIND],
    path: ['metadata', field],
    source: 'ObjectMeta: "populated by the system, read-only" (k8s.io/apimachinery meta/v1 types.go)',
  })),
  {
    kinds: [ANY_KIND],
    path: ['metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'],
    source: 'kubectl apply (client-side): a copy of the applied manifest',
  },
  {
    kinds: ['Deployment'],
    path: ['metadata', 'annotations', 'deployment.kubernetes.io/revision'],
    source: 'the deployment controller (pkg/controller/deployment/util: RevisionAnnotation)',
  },
  {
    kinds: ['DaemonSet'],
    path: ['metadata', 'annotations', 'deprecated.daemonset.template.generation'],
    source: 'the DaemonSet registry strategy (pkg/registry/apps/daemonset/strategy.go)',
  },
  {
    kinds: ['Deployment', 'DaemonSet', 'StatefulSet'],
    path: ['spec', 'template', 'metadata', 'creationTimestamp'],
    source: 'serialised as null in every pod template (ObjectMeta.CreationTimestamp is not a pointer)',
  },
  {
    kinds: ['StatefulSet'],
    path: ['spec', 'volumeClaimTemplates', '*', 'status'],
    source: 'PersistentVolumeClaim status, stored with each template',
  },
];

/** Value of a default, from the object holding the field (and the object's root). */
export type DefaultValue = Json | ((holder: JsonObject, root: JsonObject) => Json | undefined);

export interface FieldDefault {
  readonly kinds: readonly string[];
  /** The defaulted field. Applied only where the object holding it exists; entries apply in order. */
  readonly path: PathPattern;
  /** undefined from a function: no default in this case. */
  readonly value: DefaultValue;
  readonly source: string;
}

const CORE = 'kubernetes/kubernetes pkg/apis/core/v1/defaults.go';
const APPS = 'kubernetes/kubernetes pkg/apis/apps/v1/defaults.go';
const NETWORKING = 'kubernetes/kubernetes pkg/apis/networking/v1/defaults.go';
const NETWORKING_BETA = 'kubernetes/kubernetes pkg/apis/networking/v1beta1/defaults.go';
const RBAC = 'kubernetes/kubernetes pkg/apis/rbac/v1/defaults.go';
const ADMISSION = 'kubernetes/kubernetes pkg/apis/admissionregistration/v1/defaults.go';
const GATEWAY_CRD = 'kubernetes-sigs/gateway-api config/crd/standard (CRD schema default)';
const WORKLOADS = ['Deployment', 'DaemonSet', 'StatefulSet'];
const RBAC_GROUP = 'rbac.authorization.k8s.io';

function entry(
  kinds: readonly string[],
  path: PathPattern,
  value: DefaultValue,
  source: string,
): FieldDefault {
  return { kinds, path, value, source };
}

/** An image without a tag, or tagged `latest`, and without a digest (SetDefaults_Container). */
function defaultPullPolicy(holder: JsonObject): Json | undefined {
  const image = holder.image;
  if (typeof image !== 'string') return undefined;
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function podSpecDefaults(kinds: readonly string[], spec: PathPattern): FieldDefault[] {
  const out: FieldDefault[] = [
    entry(kinds, [...spec, 'dnsPolicy'], 'ClusterFirst', `${CORE} SetDefaults_PodSpec`),
    entry(kinds, [...spec, 'restartPolicy'], 'Always', `${CORE} SetDefaults_PodSpec`),
    entry(kinds, [...spec, 'terminationGracePeriodSeconds'], 30, `${CORE} SetDefaults_PodSpec`),
    entry(kinds, [...spec, 'securityContext'], {}, `${CORE} SetDefaults_PodSpec`),
    entry(kinds, [...spec, 'schedulerName'], 'default-scheduler', `${CORE} SetDefaults_PodSpec`),
    entry(
      kinds,
      [...spec, 'serviceAccount'],
      (holder) => holder.serviceAccountName,
      'kubernetes/kubernetes pkg/apis/core/v1/conversion.go: the deprecated serviceAccount mirrors serviceAccountName',
    ),
  ];
  for (const list of ['containers', 'initContainers']) {
    const container = [...spec, list, '*'];
    out.push(
      entry(
        kinds,
        [...container, 'terminationMessagePath'],
        '/dev/termination-log',
        `${CORE} SetDefaults_Container`,
      ),
      entry(kinds, [...container, 'terminationMessagePolicy'], 'File', `${CORE} SetDefaults_Container`),
      entry(
        kinds,
        [...container, 'imagePullPolicy'],
        defaultPullPolicy,
        `${CORE} SetDefaults_Container: Always for :latest or no tag, else IfNotPresent`,
      ),
      entry(kinds, [...container, 'resources'], {}, 'ResourceRequirements is a struct: always serialised'),
      entry(kinds, [...container, 'ports', '*', 'protocol'], 'TCP', `${CORE} SetDefaults_ContainerPort`),
      entry(
        kinds,
        [...container, 'env', '*', 'valueFrom', 'fieldRef', 'apiVersion'],
        'v1',
        `${CORE} SetDefaults_ObjectFieldSelector`,
      ),
    );
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const at = [...container, probe];
      out.push(
        entry(kinds, [...at, 'timeoutSeconds'], 1, `${CORE} SetDefaults_Probe`),
        entry(kinds, [...at, 'periodSeconds'], 10, `${CORE} SetDefaults_Probe`),
        entry(kinds, [...at, 'successThreshold'], 1, `${CORE} SetDefaults_Probe`),
        entry(kinds, [...at, 'failureThreshold'], 3, `${CORE} SetDefaults_Probe`),
        entry(kinds, [...at, 'httpGet', 'path'], '/', `${CORE} SetDefaults_HTTPGetAction`),
        entry(kinds, [...at, 'httpGet', 'scheme'], 'HTTP', `${CORE} SetDefaults_HTTPGetAction`),
      );
    }
  }
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    out.push(
      entry(
        kinds,
        [...spec, 'volumes', '*', source, 'defaultMode'],
        420,
        `${CORE} SetDefaults_${source[0]?.toUpperCase() ?? ''}${source.slice(1)}VolumeSource (0644)`,
      ),
    );
  }
  out.push(
    entry(
      kinds,
      [...spec, 'volumes', '*', 'hostPath', 'type'],
      '',
      `${CORE} SetDefaults_HostPathVolumeSource`,
    ),
  );
  return out;
}

/** A rolling-update block exists exactly when the strategy type is RollingUpdate. */
function whenRollingUpdate(holder: JsonObject): Json | undefined {
  return holder.type === 'RollingUpdate' ? {} : undefined;
}

/** Filled into both sides where absent, in this order (later entries may read earlier ones). */
export const API_DEFAULTS: readonly FieldDefault[] = [
  // Deployment (SetDefaults_Deployment)
  entry(['Deployment'], ['spec', 'replicas'], 1, `${APPS} SetDefaults_Deployment`),
  entry(['Deployment'], ['spec', 'revisionHistoryLimit'], 10, `${APPS} SetDefaults_Deployment`),
  entry(['Deployment'], ['spec', 'progressDeadlineSeconds'], 600, `${APPS} SetDefaults_Deployment`),
  entry(['Deployment'], ['spec', 'strategy'], {}, `${APPS} SetDefaults_Deployment`),
  entry(['Deployment'], ['spec', 'strategy', 'type'], 'RollingUpdate', `${APPS} SetDefaults_Deployment`),
  entry(
    ['Deployment'],
    ['spec', 'strategy', 'rollingUpdate'],
    whenRollingUpdate,
    `${APPS} SetDefaults_Deployment`,
  ),
  entry(
    ['Deployment'],
    ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'],
    '25%',
    `${APPS} SetDefaults_Deployment`,
  ),
  entry(
    ['Deployment'],
    ['spec', 'strategy', 'rollingUpdate', 'maxSurge'],
    '25%',
    `${APPS} SetDefaults_Deployment`,
  ),
  // DaemonSet (SetDefaults_DaemonSet)
  entry(['DaemonSet'], ['spec', 'revisionHistoryLimit'], 10, `${APPS} SetDefaults_DaemonSet`),
  entry(['DaemonSet'], ['spec', 'updateStrategy'], {}, `${APPS} SetDefaults_DaemonSet`),
  entry(['DaemonSet'], ['spec', 'updateStrategy', 'type'], 'RollingUpdate', `${APPS} SetDefaults_DaemonSet`),
  entry(
    ['DaemonSet'],
    ['spec', 'updateStrategy', 'rollingUpdate'],
    whenRollingUpdate,
    `${APPS} SetDefaults_DaemonSet`,
  ),
  entry(
    ['DaemonSet'],
    ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
    1,
    `${APPS} SetDefaults_DaemonSet`,
  ),
  entry(
    ['DaemonSet'],
    ['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge'],
    0,
    `${APPS} SetDefaults_DaemonSet`,
  ),
  // StatefulSet (SetDefaults_StatefulSet)
  entry(['StatefulSet'], ['spec', 'replicas'], 1, `${APPS} SetDefaults_StatefulSet`),
  entry(['StatefulSet'], ['spec', 'revisionHistoryLimit'], 10, `${APPS} SetDefaults_StatefulSet`),
  entry(['StatefulSet'], ['spec', 'podManagementPolicy'], 'OrderedReady', `${APPS} SetDefaults_StatefulSet`),
  entry(['StatefulSet'], ['spec', 'updateStrategy'], {}, `${APPS} SetDefaults_StatefulSet`),
  entry(
    ['StatefulSet'],
    ['spec', 'updateStrategy', 'type'],
    'RollingUpdate',
    `${APPS} SetDefaults_StatefulSet`,
  ),
  entry(
    ['StatefulSet'],
    ['spec', 'updateStrategy', 'rollingUpdate'],
    whenRollingUpdate,
    `${APPS} SetDefaults_StatefulSet`,
  ),
  entry(
    ['StatefulSet'],
    ['spec', 'updateStrategy', 'rollingUpdate', 'partition'],
    0,
    `${APPS} SetDefaults_StatefulSet`,
  ),
  entry(
    ['StatefulSet'],
    ['spec', 'persistentVolumeClaimRetentionPolicy'],
    {},
    `${APPS} SetDefaults_StatefulSet`,
  ),
  entry(
    ['StatefulSet'],
    ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'],
    'Retain',
    `${APPS} SetDefaults_StatefulSet`,
  ),
  entry(
    ['StatefulSet'],
    ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled'],
    'Retain',
    `${APPS} SetDefaults_StatefulSet`,
  ),
  entry(
    ['StatefulSet'],
    ['spec', 'volumeClaimTemplates', '*', 'apiVersion'],
    'v1',
    'stored with each claim template',
  ),
  entry(
    ['StatefulSet'],
    ['spec', 'volumeClaimTemplates', '*', 'kind'],
    'PersistentVolumeClaim',
    'stored with each claim template',
  ),
  entry(
    ['StatefulSet'],
    ['spec', 'volumeClaimTemplates', '*', 'spec', 'volumeMode'],
    'Filesystem',
    `${CORE} SetDefaults_PersistentVolumeClaimSpec`,
  ),
  // Pod templates and Pods
  entry(WORKLOADS, ['spec', 'template', 'metadata'], {}, 'ObjectMeta is a struct: always serialised'),
  ...podSpecDefaults(WORKLOADS, ['spec', 'template', 'spec']),
  ...podSpecDefaults(['Pod'], ['spec']),
  entry(['Pod'], ['spec', 'enableServiceLinks'], true, `${CORE} SetDefaults_Pod`),
  // Service (SetDefaults_Service)
  entry(['Service'], ['spec', 'type'], 'ClusterIP', `${CORE} SetDefaults_Service`),
  entry(['Service'], ['spec', 'sessionAffinity'], 'None', `${CORE} SetDefaults_Service`),
  entry(
    ['Service'],
    ['spec', 'sessionAffinityConfig'],
    (holder) => (holder.sessionAffinity === 'ClientIP' ? { clientIP: { timeoutSeconds: 10800 } } : undefined),
    `${CORE} SetDefaults_Service (ClientIP affinity: 3 hours)`,
  ),
  entry(['Service'], ['spec', 'ports', '*', 'protocol'], 'TCP', `${CORE} SetDefaults_Service`),
  entry(
    ['Service'],
    ['spec', 'ports', '*', 'targetPort'],
    (holder) => holder.port,
    `${CORE} SetDefaults_Service: targetPort = port`,
  ),
  entry(
    ['Service'],
    ['spec', 'internalTrafficPolicy'],
    (holder) => (holder.type === 'ExternalName' ? undefined : 'Cluster'),
    `${CORE} SetDefaults_Service`,
  ),
  entry(
    ['Service'],
    ['spec', 'externalTrafficPolicy'],
    (holder) => (holder.type === 'NodePort' || holder.type === 'LoadBalancer' ? 'Cluster' : undefined),
    `${CORE} SetDefaults_Service`,
  ),
  entry(
    ['Service'],
    ['spec', 'allocateLoadBalancerNodePorts'],
    (holder) => (holder.type === 'LoadBalancer' ? true : undefined),
    `${CORE} SetDefaults_Service`,
  ),
  // Secret, Namespace
  entry(['Secret'], ['type'], 'Opaque', `${CORE} SetDefaults_Secret`),
  entry(['Namespace'], ['metadata', 'labels'], {}, `${CORE} SetDefaults_Namespace`),
  entry(
    ['Namespace'],
    ['metadata', 'labels', 'kubernetes.io/metadata.name'],
    (_holder, root) => (root.metadata as JsonObject | undefined)?.name,
    `${CORE} SetDefaults_Namespace: the immutable name label`,
  ),
  entry(['Namespace'], ['spec'], {}, 'kubernetes/kubernetes pkg/registry/core/namespace/strategy.go'),
  entry(
    ['Namespace'],
    ['spec', 'finalizers'],
    ['kubernetes'],
    'kubernetes/kubernetes pkg/registry/core/namespace/strategy.go PrepareForCreate',
  ),
  // Ingress, IngressClass, NetworkPolicy
  entry(
    ['Ingress'],
    ['spec', 'rules', '*', 'http', 'paths', '*', 'pathType'],
    'ImplementationSpecific',
    `${NETWORKING_BETA} SetDefaults_HTTPIngressPath (networking.k8s.io/v1 requires the field)`,
  ),
  entry(
    ['IngressClass'],
    ['spec', 'parameters', 'scope'],
    'Cluster',
    `${NETWORKING} SetDefaults_IngressClass`,
  ),
  entry(['NetworkPolicy'], ['spec', 'podSelector'], {}, 'LabelSelector is a struct: always serialised'),
  entry(
    ['NetworkPolicy'],
    ['spec', 'policyTypes'],
    (holder) =>
      Array.isArray(holder.egress) && holder.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'],
    `${NETWORKING} SetDefaults_NetworkPolicy`,
  ),
  entry(
    ['NetworkPolicy'],
    ['spec', 'ingress', '*', 'ports', '*', 'protocol'],
    'TCP',
    `${NETWORKING} SetDefaults_NetworkPolicyPort`,
  ),
  entry(
    ['NetworkPolicy'],
    ['spec', 'egress', '*', 'ports', '*', 'protocol'],
    'TCP',
    `${NETWORKING} SetDefaults_NetworkPolicyPort`,
  ),
  // RBAC
  entry(
    ['RoleBinding', 'ClusterRoleBinding'],
    ['subjects', '*', 'apiGroup'],
    (holder) => (holder.kind === 'User' || holder.kind === 'Group' ? RBAC_GROUP : undefined),
    `${RBAC} SetDefaults_Subject`,
  ),
  // Admission webhooks
  ...(
    [
      ['failurePolicy', 'Fail'],
      ['matchPolicy', 'Equivalent'],
      ['namespaceSelector', {}],
      ['objectSelector', {}],
      ['timeoutSeconds', 10],
    ] as const
  ).map(([field, value]) =>
    entry(
      ['ValidatingWebhookConfiguration'],
      ['webhooks', '*', field],
      value,
      `${ADMISSION} SetDefaults_ValidatingWebhook`,
    ),
  ),
  entry(
    ['ValidatingWebhookConfiguration'],
    ['webhooks', '*', 'rules', '*', 'scope'],
    '*',
    `${ADMISSION} SetDefaults_Rule`,
  ),
  entry(
    ['ValidatingWebhookConfiguration'],
    ['webhooks', '*', 'clientConfig', 'service', 'port'],
    443,
    `${ADMISSION} SetDefaults_ServiceReference`,
  ),
  // Gateway API
  entry(['Gateway'], ['spec', 'listeners', '*', 'allowedRoutes'], {}, GATEWAY_CRD),
  entry(['Gateway'], ['spec', 'listeners', '*', 'allowedRoutes', 'namespaces'], {}, GATEWAY_CRD),
  entry(['Gateway'], ['spec', 'listeners', '*', 'allowedRoutes', 'namespaces', 'from'], 'Same', GATEWAY_CRD),
  entry(['Gateway'], ['spec', 'listeners', '*', 'tls', 'mode'], 'Terminate', GATEWAY_CRD),
  entry(['Gateway'], ['spec', 'listeners', '*', 'tls', 'certificateRefs', '*', 'group'], '', GATEWAY_CRD),
  entry(
    ['Gateway'],
    ['spec', 'listeners', '*', 'tls', 'certificateRefs', '*', 'kind'],
    'Secret',
    GATEWAY_CRD,
  ),
  entry(
    ['HTTPRoute'],
    ['spec', 'rules'],
    [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }],
    GATEWAY_CRD,
  ),
  entry(
    ['HTTPRoute'],
    ['spec', 'rules', '*', 'matches'],
    [{ path: { type: 'PathPrefix', value: '/' } }],
    GATEWAY_CRD,
  ),
  entry(
    ['HTTPRoute'],
    ['spec', 'rules', '*', 'matches', '*', 'path'],
    { type: 'PathPrefix', value: '/' },
    GATEWAY_CRD,
  ),
  entry(['HTTPRoute'], ['spec', 'rules', '*', 'matches', '*', 'path', 'type'], 'PathPrefix', GATEWAY_CRD),
  entry(['HTTPRoute'], ['spec', 'rules', '*', 'matches', '*', 'headers', '*', 'type'], 'Exact', GATEWAY_CRD),
  entry(
    ['HTTPRoute'],
    ['spec', 'rules', '*', 'matches', '*', 'queryParams', '*', 'type'],
    'Exact',
    GATEWAY_CRD,
  ),
  ...['HTTPRoute', 'GRPCRoute', 'TLSRoute'].flatMap((kind) => [
    entry([kind], ['spec', 'parentRefs', '*', 'group'], 'gateway.networking.k8s.io', GATEWAY_CRD),
    entry([kind], ['spec', 'parentRefs', '*', 'kind'], 'Gateway', GATEWAY_CRD),
    entry([kind], ['spec', 'rules', '*', 'backendRefs', '*', 'group'], '', GATEWAY_CRD),
    entry([kind], ['spec', 'rules', '*', 'backendRefs', '*', 'kind'], 'Service', GATEWAY_CRD),
    entry([kind], ['spec', 'rules', '*', 'backendRefs', '*', 'weight'], 1, GATEWAY_CRD),
  ]),
];

/** What the comparison knows of the live cluster when it decides about assigned values. */
export interface DefaultingContext {
  /** IngressClasses annotated `ingressclass.kubernetes.io/is-default-class: "true"`. */
  readonly defaultIngressClasses: ReadonlySet<string>;
}

export interface AssignedField {
  readonly kinds: readonly string[];
  /** `*` pairs array elements by index. */
  readonly path: PathPattern;
  /** Only dropped when this holds (default: always). */
  readonly when?: (live: Json, approvedRoot: JsonObject, context: DefaultingContext) => boolean;
  readonly source: string;
}

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/**
 * The DefaultIngressClass admission plugin sets `spec.ingressClassName` on create to the class marked
 * default, unless the Ingress names a class already, by field or by the deprecated annotation
 * (kubernetes/kubernetes plugin/pkg/admission/network/defaultingressclass/admission.go).
 */
function setByDefaultClass(live: Json, approvedRoot: JsonObject, context: DefaultingContext): boolean {
  const annotations = (approvedRoot.metadata as JsonObject | undefined)?.annotations as
    JsonObject | undefined;
  if (typeof annotations?.[INGRESS_CLASS_ANNOTATION] === 'string') return false;
  return typeof live === 'string' && context.defaultIngressClasses.has(live);
}

/** Removed from the live object where the approved manifest leaves them out. */
export const ASSIGNED_FIELDS: readonly AssignedField[] = [
  ...['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'healthCheckNodePort'].map((field) => ({
    kinds: ['Service'],
    path: ['spec', field],
    source:
      'allocated by the API server (pkg/registry/core/service: IP and port allocators, dual-stack defaults)',
  })),
  {
    kinds: ['Service'],
    path: ['spec', 'ports', '*', 'nodePort'],
    source: 'allocated by the API server for NodePort and LoadBalancer Services',
  },
  {
    kinds: ['Ingress'],
    path: ['spec', 'ingressClassName'],
    when: setByDefaultClass,
    source: 'the DefaultIngressClass admission plugin: the default IngressClass',
  },
  {
    kinds: ['ServiceAccount'],
    path: ['secrets'],
    source: 'the token controller of clusters before 1.24 (kube-controller-manager serviceaccount-token)',
  },
  {
    kinds: ['Pod'],
    path: ['spec', 'nodeName'],
    source: 'the scheduler binds the Pod to a node',
  },
];

export interface QuantityField {
  readonly kinds: readonly string[];
  /** To the quantity; `*` for every key of a map (resource names). */
  readonly path: PathPattern;
}

function containerQuantities(kinds: readonly string[], spec: PathPattern): QuantityField[] {
  return ['containers', 'initContainers'].flatMap((list) =>
    ['limits', 'requests'].map((bound) => ({ kinds, path: [...spec, list, '*', 'resources', bound, '*'] })),
  );
}

/** Fields whose values are resource.Quantity (k8s.io/apimachinery/pkg/api/resource). */
export const QUANTITY_FIELDS: readonly QuantityField[] = [
  ...containerQuantities(WORKLOADS, ['spec', 'template', 'spec']),
  ...containerQuantities(['Pod'], ['spec']),
  { kinds: WORKLOADS, path: ['spec', 'template', 'spec', 'overhead', '*'] },
  { kinds: WORKLOADS, path: ['spec', 'template', 'spec', 'volumes', '*', 'emptyDir', 'sizeLimit'] },
  { kinds: ['Pod'], path: ['spec', 'volumes', '*', 'emptyDir', 'sizeLimit'] },
  {
    kinds: ['StatefulSet'],
    path: ['spec', 'volumeClaimTemplates', '*', 'spec', 'resources', 'requests', '*'],
  },
];

export function appliesTo(kinds: readonly string[], kind: string): boolean {
  return kinds.includes(ANY_KIND) || kinds.includes(kind);
}
