/**
 * The recommended audit Policy (spec/accountability.md "Recommended audit policy") and the webhook
 * kubeconfig that sends its events to `gatewatch serve` (`POST /audit`), plus `levelFor`: the level
 * a policy gives a request, with the API server's first-match semantics (k8s.io/apiserver
 * pkg/audit/policy/checker.go), which the tests use to prove the policy covers what the ledger tracks.
 *
 * Decisions (docs/accountability.md explains them to users):
 * - Writes of every tracked kind, their `status` subresources included, at `RequestResponse`: the
 *   ledger needs the new state of each version; a status write at `Metadata` would break the chain of
 *   versions (the next diff would have no predecessor).
 * - Secrets, every verb, at `Metadata`: who read or changed a TLS Secret, never its values.
 * - The controller ConfigMaps by their well-known names at `RequestResponse` (audit rules match
 *   exact names; a Helm release prefix is added with `--configmap`).
 * - The catch-all is `Metadata`, not `None`: `rbac suggest --from-audit` derives least privilege from
 *   everything an identity did, and an investigation wants reads too. Bodies stay out of it (volume,
 *   and Secrets or tokens in other kinds' bodies). Only health probes, version/metrics scrapes and
 *   Lease heartbeats (the bulk of an API server's requests, none of them a security question
 *   gatewatch asks) are `None`.
 */
import { TRACKED_RESOURCES } from './tracked.ts';

export type PolicyLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

export interface GroupResources {
  readonly group: string;
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

export interface PolicyRule {
  readonly level: PolicyLevel;
  readonly users?: readonly string[];
  readonly userGroups?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resources?: readonly GroupResources[];
  readonly namespaces?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly omitStages?: readonly string[];
}

export interface AuditPolicy {
  readonly apiVersion: 'audit.k8s.io/v1';
  readonly kind: 'Policy';
  readonly omitStages: readonly string[];
  readonly rules: readonly PolicyRule[];
}

export const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** ConfigMap names ingress controllers read (the names tracked.ts recognises without a prefix). */
export const CONTROLLER_CONFIGMAPS: readonly string[] = [
  'ingress-nginx-controller',
  'nginx-configuration',
  'nginx-ingress-controller',
  'haproxy-kubernetes-ingress',
  'haproxy-ingress',
  'traefik',
  'kong',
];

/** Tracked resources that have a `status` subresource (controllers write it). */
const WITH_STATUS: ReadonlySet<string> = new Set([
  'ingresses',
  'gatewayclasses',
  'gateways',
  'httproutes',
  'grpcroutes',
  'tlsroutes',
  'tcproutes',
  'udproutes',
]);

/** The tracked resources of one API group, with their `status` subresource where they have one. */
function trackedResources(group: string): string[] {
  return Object.entries(TRACKED_RESOURCES)
    .filter(([, info]) => info.groups.includes(group))
    .flatMap(([resource]) => (WITH_STATUS.has(resource) ? [resource, `${resource}/status`] : [resource]));
}

function trackedGroups(): string[] {
  return [...new Set(Object.values(TRACKED_RESOURCES).flatMap((info) => info.groups))];
}

export interface PolicyOptions {
  /** More controller ConfigMap names (e.g. a Helm release's `myrelease-ingress-nginx-controller`). */
  readonly configMaps?: readonly string[];
}

export function recommendedPolicy(options: PolicyOptions = {}): AuditPolicy {
  const configMaps = [...new Set([...CONTROLLER_CONFIGMAPS, ...(options.configMaps ?? [])])];
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    rules: [
      {
        level: 'None',
        nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/version/*', '/metrics'],
      },
      { level: 'None', resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }] },
      {
        level: 'RequestResponse',
        verbs: WRITE_VERBS,
        resources: trackedGroups().map((group) => ({ group, resources: trackedResources(group) })),
      },
      { level: 'Metadata', resources: [{ group: '', resources: ['secrets'] }] },
      {
        level: 'RequestResponse',
        verbs: WRITE_VERBS,
        resources: [{ group: '', resources: ['configmaps'], resourceNames: configMaps }],
      },
      { level: 'Metadata' },
    ],
  };
}

/** What a request is, as an audit policy rule matches it. */
export interface PolicyRequest {
  readonly user: string;
  readonly groups?: readonly string[];
  readonly verb: string;
  /** Resource requests. */
  readonly group?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Non-resource requests (`/healthz`). */
  readonly path?: string;
}

function listMatches(list: readonly string[] | undefined, value: string): boolean {
  return list === undefined || list.length === 0 || list.includes(value);
}

function groupsMatch(list: readonly string[] | undefined, groups: readonly string[]): boolean {
  return list === undefined || list.length === 0 || groups.some((g) => list.includes(g));
}

/** A `resources` entry: `pods` (not its subresources), `pods/log`, `*`, `*\/status`, `pods/*`. */
function resourceMatches(entry: GroupResources, request: PolicyRequest): boolean {
  if (entry.group !== (request.group ?? '')) return false;
  const resource = request.resource ?? '';
  const combined = request.subresource ? `${resource}/${request.subresource}` : resource;
  if (
    entry.resourceNames &&
    entry.resourceNames.length > 0 &&
    !entry.resourceNames.includes(request.name ?? '')
  )
    return false;
  if (entry.resources === undefined || entry.resources.length === 0) return true;
  return entry.resources.some(
    (r) =>
      r === combined ||
      r === '*' ||
      (request.subresource !== undefined && (r === `*/${request.subresource}` || r === `${resource}/*`)),
  );
}

function pathMatches(patterns: readonly string[], path: string): boolean {
  return patterns.some(
    (p) => p === '*' || p === path || (p.endsWith('*') && path.startsWith(p.slice(0, -1))),
  );
}

function ruleMatches(rule: PolicyRule, request: PolicyRequest): boolean {
  if (!listMatches(rule.users, request.user)) return false;
  if (!groupsMatch(rule.userGroups, request.groups ?? [])) return false;
  if (!listMatches(rule.verbs, request.verb)) return false;
  const isResource = request.path === undefined;
  if (isResource) {
    if (rule.nonResourceURLs !== undefined && rule.resources === undefined) return false;
    if (rule.resources !== undefined && !rule.resources.some((entry) => resourceMatches(entry, request)))
      return false;
    if (
      rule.namespaces !== undefined &&
      rule.namespaces.length > 0 &&
      !rule.namespaces.includes(request.namespace ?? '')
    )
      return false;
    return true;
  }
  if (rule.resources !== undefined || rule.namespaces !== undefined) return false;
  return rule.nonResourceURLs === undefined || pathMatches(rule.nonResourceURLs, request.path ?? '');
}

/** The level of the first rule that matches; `None` when no rule does. */
export function levelFor(policy: AuditPolicy, request: PolicyRequest): PolicyLevel {
  return policy.rules.find((rule) => ruleMatches(rule, request))?.level ?? 'None';
}

export interface WebhookKubeconfigOptions {
  /** `https://gatewatch.gatewatch.svc:8443/audit`; a URL without a path gets `/audit`. */
  readonly url: string;
  /** File holding the bearer token `serve --audit-token-file` expects. */
  readonly tokenFile: string;
  /** CA bundle that signed the server's certificate; omitted: the system roots. */
  readonly caFile?: string;
}

export const DEFAULT_WEBHOOK_URL = 'https://gatewatch.gatewatch.svc:8443/audit';
export const DEFAULT_TOKEN_FILE = '/etc/kubernetes/audit/gatewatch.token';
export const DEFAULT_CA_FILE = '/etc/kubernetes/audit/gatewatch-ca.crt';

export class WebhookUrlError extends Error {}

/** The URL events are POSTed to: http(s) only, `/audit` added to a bare server URL. */
export function webhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookUrlError(`--webhook-url: "${text}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookUrlError(`--webhook-url: ${url.protocol} is not http(s)`);
  if (url.username !== '' || url.password !== '')
    throw new WebhookUrlError('--webhook-url: put no credentials in the URL; the token goes in --token-file');
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/audit';
  return url.toString();
}

/** The kubeconfig `--audit-webhook-config-file` names: the cluster is gatewatch, the user a token file. */
export function webhookKubeconfig(options: WebhookKubeconfigOptions): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'gatewatch',
        cluster: {
          server: webhookUrl(options.url),
          ...(options.caFile !== undefined ? { 'certificate-authority': options.caFile } : {}),
        },
      },
    ],
    users: [{ name: 'kube-apiserver', user: { tokenFile: options.tokenFile } }],
    contexts: [{ name: 'gatewatch', context: { cluster: 'gatewatch', user: 'kube-apiserver' } }],
    'current-context': 'gatewatch',
  };
}
