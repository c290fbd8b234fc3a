/**
 * Resource arguments as kubectl spells them: `ingresses`, `ing`, `ingresses/status`,
 * `httproutes.gateway.networking.k8s.io` (RESOURCE.GROUP), `ingresses.networking.k8s.io/status`.
 * Without a discovery document the group and scope of a bare name come from this table, which holds
 * the kinds gatewatch reads and the ones their questions involve.
 */
export interface ResourceInfo {
  readonly resource: string;
  readonly apiGroup: string;
  readonly namespaced: boolean;
}

export interface ResourceArgument extends ResourceInfo {
  readonly subresource?: string;
}

const NETWORKING = 'networking.k8s.io';
const GATEWAY = 'gateway.networking.k8s.io';
const RBAC = 'rbac.authorization.k8s.io';

const TABLE: readonly ResourceInfo[] = [
  { resource: 'ingresses', apiGroup: NETWORKING, namespaced: true },
  { resource: 'ingressclasses', apiGroup: NETWORKING, namespaced: false },
  { resource: 'networkpolicies', apiGroup: NETWORKING, namespaced: true },
  { resource: 'secrets', apiGroup: '', namespaced: true },
  { resource: 'services', apiGroup: '', namespaced: true },
  { resource: 'endpoints', apiGroup: '', namespaced: true },
  { resource: 'configmaps', apiGroup: '', namespaced: true },
  { resource: 'pods', apiGroup: '', namespaced: true },
  { resource: 'serviceaccounts', apiGroup: '', namespaced: true },
  { resource: 'namespaces', apiGroup: '', namespaced: false },
  { resource: 'nodes', apiGroup: '', namespaced: false },
  { resource: 'deployments', apiGroup: 'apps', namespaced: true },
  { resource: 'daemonsets', apiGroup: 'apps', namespaced: true },
  { resource: 'statefulsets', apiGroup: 'apps', namespaced: true },
  { resource: 'roles', apiGroup: RBAC, namespaced: true },
  { resource: 'rolebindings', apiGroup: RBAC, namespaced: true },
  { resource: 'clusterroles', apiGroup: RBAC, namespaced: false },
  { resource: 'clusterrolebindings', apiGroup: RBAC, namespaced: false },
  { resource: 'gatewayclasses', apiGroup: GATEWAY, namespaced: false },
  { resource: 'gateways', apiGroup: GATEWAY, namespaced: true },
  { resource: 'httproutes', apiGroup: GATEWAY, namespaced: true },
  { resource: 'grpcroutes', apiGroup: GATEWAY, namespaced: true },
  { resource: 'tlsroutes', apiGroup: GATEWAY, namespaced: true },
  { resource: 'tcproutes', apiGroup: GATEWAY, namespaced: true },
  { resource: 'udproutes', apiGroup: GATEWAY, namespaced: true },
  { resource: 'referencegrants', apiGroup: GATEWAY, namespaced: true },
  { resource: 'middlewares', apiGroup: 'traefik.io', namespaced: true },
  {
    resource: 'validatingwebhookconfigurations',
    apiGroup: 'admissionregistration.k8s.io',
    namespaced: false,
  },
];

/** Singular names and kubectl short names. */
const ALIASES: Readonly<Record<string, string>> = {
  ing: 'ingresses',
  ingress: 'ingresses',
  ingressclass: 'ingressclasses',
  netpol: 'networkpolicies',
  networkpolicy: 'networkpolicies',
  secret: 'secrets',
  svc: 'services',
  service: 'services',
  ep: 'endpoints',
  cm: 'configmaps',
  configmap: 'configmaps',
  po: 'pods',
  pod: 'pods',
  sa: 'serviceaccounts',
  serviceaccount: 'serviceaccounts',
  ns: 'namespaces',
  namespace: 'namespaces',
  no: 'nodes',
  node: 'nodes',
  deploy: 'deployments',
  deployment: 'deployments',
  ds: 'daemonsets',
  daemonset: 'daemonsets',
  sts: 'statefulsets',
  statefulset: 'statefulsets',
  gateway: 'gateways',
  gtw: 'gateways',
  httproute: 'httproutes',
  grpcroute: 'grpcroutes',
  tlsroute: 'tlsroutes',
  gatewayclass: 'gatewayclasses',
  gc: 'gatewayclasses',
  referencegrant: 'referencegrants',
};

export class ResourceArgumentError extends Error {}

/** Parses RESOURCE[.GROUP][/SUBRESOURCE]. A `*` resource (every resource) needs a group or means all. */
export function parseResourceArgument(text: string): ResourceArgument {
  const trimmed = text.trim().toLowerCase();
  const slash = trimmed.indexOf('/');
  const main = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const subresource = slash < 0 ? undefined : trimmed.slice(slash + 1);
  if (main === '' || subresource === '')
    throw new ResourceArgumentError(`"${text}" is not a resource (try ingresses or ingresses/status)`);
  const dot = main.indexOf('.');
  const name = dot < 0 ? main : main.slice(0, dot);
  const group = dot < 0 ? undefined : main.slice(dot + 1);
  const plural = ALIASES[name] ?? name;
  const known = TABLE.find((r) => r.resource === plural && (group === undefined || r.apiGroup === group));
  const withSub = (info: ResourceInfo): ResourceArgument => (subresource ? { ...info, subresource } : info);
  if (known) return withSub(known);
  if (group !== undefined) return withSub({ resource: plural, apiGroup: group, namespaced: true });
  if (plural === '*') return withSub({ resource: '*', apiGroup: '*', namespaced: true });
  throw new ResourceArgumentError(
    `unknown resource "${name}": name it with its API group as RESOURCE.GROUP (e.g. widgets.example.com)`,
  );
}

/** `ingresses.networking.k8s.io/status`, `secrets`: the resource as kubectl would print it. */
export function formatResource(argument: ResourceArgument): string {
  const base = argument.apiGroup === '' ? argument.resource : `${argument.resource}.${argument.apiGroup}`;
  return argument.subresource ? `${base}/${argument.subresource}` : base;
}
