/**
 * An in-memory ClusterReader for unit tests of everything above the port (the cluster source, the scan
 * pipeline, the CLI). It answers like a well-behaved API server: objects by kind and namespace, field
 * selectors on `type` / `metadata.name` / `metadata.namespace`, 403s and absent kinds on demand.
 */
import { asObject, asString, type JsonObject } from '../../model/resource.ts';
import {
  apiVersionOf,
  type AccessAnswer,
  type AccessQuestion,
  type ClusterReader,
  type Discovery,
  type Identity,
  type KindDiscovery,
  type ListOutcome,
  type ListRequest,
  type ServedKind,
  type WantedKind,
} from './port.ts';

/** The resources of a typical cluster with Gateway API and Traefik CRDs installed (plural names as served). */
export const STANDARD_RESOURCES: readonly ServedKind[] = [
  core('Namespace', 'namespaces', false),
  core('Service', 'services'),
  core('Secret', 'secrets'),
  core('ConfigMap', 'configmaps'),
  core('Pod', 'pods'),
  core('ServiceAccount', 'serviceaccounts'),
  of('apps', 'v1', 'Deployment', 'deployments'),
  of('apps', 'v1', 'DaemonSet', 'daemonsets'),
  of('apps', 'v1', 'StatefulSet', 'statefulsets'),
  of('networking.k8s.io', 'v1', 'Ingress', 'ingresses'),
  of('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  of('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'),
  of('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  of('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  of('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  of('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  of(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    false,
  ),
  of('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false),
  of(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicyBinding',
    'validatingadmissionpolicybindings',
    false,
  ),
];

/** Gateway API CRDs (standard + experimental channel), absent unless installed. */
export const GATEWAY_API_RESOURCES: readonly ServedKind[] = [
  of('gateway.networking.k8s.io', 'v1', 'GatewayClass', 'gatewayclasses', false),
  of('gateway.networking.k8s.io', 'v1', 'Gateway', 'gateways'),
  of('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes'),
  of('gateway.networking.k8s.io', 'v1', 'GRPCRoute', 'grpcroutes'),
  of('gateway.networking.k8s.io', 'v1', 'ReferenceGrant', 'referencegrants'),
  of('gateway.networking.k8s.io', 'v1beta1', 'ReferenceGrant', 'referencegrants'),
  of('gateway.networking.k8s.io', 'v1alpha2', 'TLSRoute', 'tlsroutes'),
];

export const TRAEFIK_RESOURCES: readonly ServedKind[] = [
  of('traefik.io', 'v1alpha1', 'Middleware', 'middlewares'),
];

function core(kind: string, resource: string, namespaced = true): ServedKind {
  return { kind, group: '', version: 'v1', resource, namespaced };
}

function of(group: string, version: string, kind: string, resource: string, namespaced = true): ServedKind {
  return { kind, group, version, resource, namespaced };
}

export interface FakeClusterOptions {
  /** Complete objects (with apiVersion and kind), as `kubectl get -o json` shows them. */
  readonly objects: readonly JsonObject[];
  /** What the server serves. Default: STANDARD_RESOURCES (no CRDs). */
  readonly served?: readonly ServedKind[];
  /** Kinds whose list answers 403 with this message. */
  readonly forbidden?: Readonly<Record<string, string>>;
  /** Kinds whose list fails with this message (a timeout, a 500). */
  readonly failing?: Readonly<Record<string, string>>;
  /** The whole server cannot be reached: discovery fails with this message. */
  readonly unreachable?: string;
  readonly identity?: { readonly username: string; readonly groups: readonly string[] };
  readonly review?: (question: AccessQuestion) => AccessAnswer;
}

export class FakeClusterReader implements ClusterReader {
  readonly target = 'fake (in memory)';
  /** Every list request, for assertions (namespace, field selector). */
  readonly lists: ListRequest[] = [];
  private readonly options: FakeClusterOptions;
  private readonly served: readonly ServedKind[];

  constructor(options: FakeClusterOptions) {
    this.options = options;
    this.served = options.served ?? STANDARD_RESOURCES;
  }

  discover(wanted: readonly WantedKind[]): Promise<Discovery> {
    if (this.options.unreachable !== undefined)
      return Promise.resolve({ status: 'error', message: this.options.unreachable });
    const kinds = new Map<string, KindDiscovery>();
    for (const { kind, groups } of wanted) {
      const served = this.served.find((s) => s.kind === kind && groups.includes(s.group));
      kinds.set(kind, served ? { status: 'served', served } : { status: 'notServed' });
    }
    return Promise.resolve({ status: 'ok', kinds });
  }

  list(request: ListRequest): Promise<ListOutcome> {
    this.lists.push(request);
    const { kind } = request.served;
    const forbidden = this.options.forbidden?.[kind];
    if (forbidden !== undefined) return Promise.resolve({ status: 'forbidden', message: forbidden });
    const failing = this.options.failing?.[kind];
    if (failing !== undefined) return Promise.resolve({ status: 'error', message: failing });
    const apiVersion = apiVersionOf(request.served);
    const items = this.options.objects
      .filter((object) => object.kind === kind)
      .filter((object) => request.namespace === undefined || namespaceOf(object) === request.namespace)
      .filter((object) => matchesFieldSelector(object, request.fieldSelector))
      .map((object) => ({ ...object, apiVersion }));
    request.onProgress?.(items.length);
    return Promise.resolve({ status: 'ok', items });
  }

  whoAmI(): Promise<Identity> {
    const identity = this.options.identity ?? { username: 'fake-user', groups: ['system:authenticated'] };
    return Promise.resolve({ status: 'ok', ...identity });
  }

  review(question: AccessQuestion): Promise<AccessAnswer> {
    return Promise.resolve(
      this.options.review?.(question) ?? { status: 'ok', allowed: false, denied: false, reason: '' },
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function namespaceOf(object: JsonObject): string | undefined {
  return asString(asObject(object.metadata).namespace);
}

/** `a=b,c!=d` on the fields API servers index for every kind, plus Secret `type`. */
export function matchesFieldSelector(object: JsonObject, selector: string | undefined): boolean {
  if (selector === undefined || selector === '') return true;
  const metadata = asObject(object.metadata);
  const fields: Record<string, string | undefined> = {
    'metadata.name': asString(metadata.name),
    'metadata.namespace': asString(metadata.namespace),
    type: asString(object.type),
  };
  return selector.split(',').every((term) => {
    const match = /^([\w.]+)(!=|==|=)(.*)$/.exec(term.trim());
    if (!match) return false;
    const [, field = '', operator, value] = match;
    const actual = fields[field] ?? '';
    return operator === '!=' ? actual !== value : actual === value;
  });
}
