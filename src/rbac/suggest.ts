/**
 * `rbac suggest`: what an identity was seen doing → the smallest Role/ClusterRole set that allows it,
 * and what its current grants allow beyond that. Pure: observations in, a suggestion out.
 *
 * Decisions (docs/accountability.md states them for users):
 * - The identity is the effective one: a request made with `--as bob` counts for bob. The impersonator
 *   needs `impersonate` on that user (or ServiceAccount, or extra groups): that is granted to the
 *   impersonator, cluster-wide for users and groups, in the namespace for ServiceAccounts.
 * - Requests in a namespace become rules of a Role in that namespace — never a ClusterRole, even when
 *   the same rules appear in many namespaces: a log cannot tell "every namespace" from "these ones", and
 *   a ClusterRole would also cover namespaces created later. Requests without a namespace (cluster-scoped
 *   resources, lists and watches across all namespaces) and non-resource URLs go to one ClusterRole.
 * - Names are kept (`resourceNames`) for requests on one object; `create`, `deletecollection` and
 *   collection reads have none (the authorizer sees no name for them). Past `maxNames` different names
 *   for one verb, the verb is granted without names (said in the output).
 * - Requests RBAC refused (401/403) and requests an admission webhook or policy refused are listed
 *   apart and granted nothing. Other failures (404, 409, 422…) were authorized, so they count.
 * - Discovery and health URLs (`/api`, `/apis/…`, `/version`, `/openapi/…`) are left out: the default
 *   `system:discovery` and `system:public-info-viewer` roles give them to everyone.
 * - Rules are grouped per API group: one rule per distinct set of names, resources with the same verbs
 *   and names merged; groups are never merged (a rule over two groups also grants their cross product).
 */
import type { Model } from '../model/model.ts';
import type { Outcome } from '../ledger/types.ts';
import { describeRole, rbacOf, type BindingView, type Permission } from './authorizer.ts';
import { ALL, ruleAllows, type AccessRequest, type PolicyRule } from './policy-rule.ts';
import { parseServiceAccountUser, SUPERUSER_GROUP, userIdentity } from './subjects.ts';

export interface ObservedRequest {
  readonly time: string;
  /** Unique per request (the audit ID, with a suffix for derived impersonation requests). */
  readonly id: string;
  readonly verb: string;
  readonly apiGroup: string;
  /** '' for non-resource requests. */
  readonly resource: string;
  readonly subresource: string | null;
  readonly namespace: string | null;
  readonly name: string;
  /** Non-resource requests: the URL path. */
  readonly path: string | null;
  readonly outcome: Outcome;
  /** The identity's groups at the time. */
  readonly groups: readonly string[];
}

export interface SuggestedRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly verbs: readonly string[];
}

export interface SuggestedRole {
  readonly kind: 'Role' | 'ClusterRole';
  /** null for the ClusterRole. */
  readonly namespace: string | null;
  readonly name: string;
  readonly rules: readonly SuggestedRule[];
}

export interface BindingSubject {
  readonly kind: 'User' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
}

export interface DeniedRequest {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string | null;
  readonly namespace: string | null;
  readonly name: string;
  readonly path: string | null;
  readonly code: number | null;
  /** `authorization`, `authentication` or the admission webhook / policy. */
  readonly deniedBy: string | null;
  readonly reason: string | null;
  readonly count: number;
  readonly lastTime: string;
}

/** A rule of the current grants that allows more than what was seen. */
export interface Excess {
  readonly binding: { readonly kind: string; readonly namespace: string; readonly name: string };
  readonly role: string;
  /** Where the rule is written (the role, or one an aggregation selected) and its index. */
  readonly source: string;
  readonly index: number;
  readonly rule: SuggestedRule;
  /** '' everywhere (ClusterRoleBinding), or the RoleBinding's namespace. */
  readonly scope: string;
  /** The rule allowed none of the requests seen. */
  readonly unused: boolean;
  readonly unusedVerbs: readonly string[];
  readonly unusedResources: readonly string[];
  /** `*` in verbs, resources or groups: also whatever is added later. */
  readonly wildcard: boolean;
  /** A cluster-wide grant used only in these namespaces (empty when not the case). */
  readonly usedOnlyIn: readonly string[];
}

export interface Suggestion {
  readonly user: string;
  readonly subject: BindingSubject;
  readonly requests: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly roles: readonly SuggestedRole[];
  readonly denied: readonly DeniedRequest[];
  /** Verbs granted without names because more than maxNames names were seen. */
  readonly namesDropped: readonly string[];
  /** Discovery requests left out. */
  readonly discovery: number;
  /** null when no RBAC objects were given. */
  readonly excess: readonly Excess[] | null;
  /** The identity holds `system:masters`: RBAC does not limit it at all. */
  readonly superuser: boolean;
}

export interface SuggestOptions {
  readonly maxNames?: number;
  /** The RBAC objects of the cluster, for the excess. */
  readonly model?: Model;
}

export const DEFAULT_MAX_NAMES = 10;

const VERB_ORDER = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'impersonate',
];

function compareVerbs(a: string, b: string): number {
  const ia = VERB_ORDER.indexOf(a);
  const ib = VERB_ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}

const DISCOVERY = /^\/(?:api|apis|version|openapi|healthz|livez|readyz)(?:\/|$)/;

/** Refused by RBAC (or not authenticated), or by admission: nothing to grant. */
export function isRefused(outcome: Outcome): boolean {
  return outcome.denied || outcome.code === 401 || outcome.code === 403;
}

/** `Role shop/ingress-editor`, `ClusterRole edit`: the role a binding refers to. */
export function roleOf(binding: BindingView): string {
  return describeRole({
    kind: binding.roleRef.kind,
    namespace: binding.roleRef.kind === 'Role' ? binding.namespace : '',
    name: binding.roleRef.name,
  });
}

/** `alice@example.com` → `gatewatch-suggested-alice-example-com` (a valid name for every RBAC kind). */
export function suggestedName(user: string): string {
  const slug = user
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
  return `gatewatch-suggested-${slug || 'user'}`;
}

export function subjectFor(user: string): BindingSubject {
  const serviceAccount = parseServiceAccountUser(user);
  return serviceAccount
    ? { kind: 'ServiceAccount', name: serviceAccount.name, namespace: serviceAccount.namespace }
    : { kind: 'User', name: user };
}

/** The request the authorizer saw (name dropped where it has none). */
function accessOf(request: ObservedRequest): AccessRequest {
  return {
    verb: request.verb,
    apiGroup: request.apiGroup,
    resource: request.resource,
    ...(request.subresource ? { subresource: request.subresource } : {}),
    ...(request.namespace !== null ? { namespace: request.namespace } : {}),
    ...(request.name !== '' ? { name: request.name } : {}),
  };
}

/** Whether the authorizer saw a name: not for create (of the object itself), deletecollection, or unnamed reads. */
function authorizedName(request: ObservedRequest): string {
  if (request.verb === 'deletecollection') return '';
  if (request.verb === 'create' && !request.subresource) return '';
  return request.name;
}

interface VerbNames {
  any: boolean;
  readonly names: Set<string>;
}

/** Rules of one scope (a namespace, or the cluster) from its granted resource requests. */
function rulesOf(
  requests: readonly ObservedRequest[],
  maxNames: number,
  dropped: Set<string>,
): SuggestedRule[] {
  // apiGroup → resource[/subresource] → verb → names
  const byGroup = new Map<string, Map<string, Map<string, VerbNames>>>();
  for (const request of requests) {
    const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
    let resources = byGroup.get(request.apiGroup);
    if (!resources) byGroup.set(request.apiGroup, (resources = new Map<string, Map<string, VerbNames>>()));
    let verbs = resources.get(resource);
    if (!verbs) resources.set(resource, (verbs = new Map<string, VerbNames>()));
    let entry = verbs.get(request.verb);
    if (!entry) verbs.set(request.verb, (entry = { any: false, names: new Set() }));
    const name = authorizedName(request);
    if (name === '') entry.any = true;
    else entry.names.add(name);
  }
  const rules: SuggestedRule[] = [];
  for (const [apiGroup, resources] of [...byGroup].sort(([a], [b]) => a.localeCompare(b))) {
    // (verbs, names) → resources: resources needing the same verbs on the same names share a rule.
    const merged = new Map<string, { verbs: string[]; names: string[]; resources: string[] }>();
    const add = (resource: string, verbs: string[], names: string[]): void => {
      const key = JSON.stringify([verbs, names]);
      let rule = merged.get(key);
      if (!rule) merged.set(key, (rule = { verbs, names, resources: [] }));
      rule.resources.push(resource);
    };
    for (const [resource, verbs] of [...resources].sort(([a], [b]) => a.localeCompare(b))) {
      const unrestricted: string[] = [];
      const byNames = new Map<string, string[]>();
      for (const [verb, entry] of verbs) {
        if (!entry.any && entry.names.size > maxNames) {
          dropped.add(`${verb} ${resource}${apiGroup ? `.${apiGroup}` : ''}`);
          entry.any = true;
        }
        if (entry.any) {
          unrestricted.push(verb);
          continue;
        }
        const key = JSON.stringify([...entry.names].sort());
        byNames.set(key, [...(byNames.get(key) ?? []), verb]);
      }
      if (unrestricted.length > 0) add(resource, unrestricted.sort(compareVerbs), []);
      for (const [key, named] of byNames)
        add(resource, named.sort(compareVerbs), JSON.parse(key) as string[]);
    }
    for (const rule of merged.values())
      rules.push({
        apiGroups: [apiGroup],
        resources: rule.resources.sort(),
        ...(rule.names.length > 0 ? { resourceNames: rule.names } : {}),
        verbs: rule.verbs,
      });
  }
  return rules;
}

function nonResourceRules(requests: readonly ObservedRequest[]): SuggestedRule[] {
  const verbsByPath = new Map<string, Set<string>>();
  for (const request of requests) {
    const path = request.path ?? '';
    let verbs = verbsByPath.get(path);
    if (!verbs) verbsByPath.set(path, (verbs = new Set()));
    verbs.add(request.verb);
  }
  const byVerbs = new Map<string, string[]>();
  for (const [path, verbs] of [...verbsByPath].sort(([a], [b]) => a.localeCompare(b))) {
    const key = JSON.stringify([...verbs].sort(compareVerbs));
    byVerbs.set(key, [...(byVerbs.get(key) ?? []), path]);
  }
  return [...byVerbs].map(([key, paths]) => ({ nonResourceURLs: paths, verbs: JSON.parse(key) as string[] }));
}

function deniedList(requests: readonly ObservedRequest[]): DeniedRequest[] {
  const groups = new Map<string, DeniedRequest>();
  for (const request of requests) {
    const key = JSON.stringify([
      request.verb,
      request.apiGroup,
      request.resource,
      request.subresource,
      request.namespace,
      request.name,
      request.path,
      request.outcome.deniedBy,
      request.outcome.code,
    ]);
    const seen = groups.get(key);
    groups.set(key, {
      verb: request.verb,
      apiGroup: request.apiGroup,
      resource: request.resource,
      subresource: request.subresource,
      namespace: request.namespace,
      name: request.name,
      path: request.path,
      code: request.outcome.code,
      deniedBy: request.outcome.deniedBy,
      reason: request.outcome.reason,
      count: (seen?.count ?? 0) + 1,
      lastTime: seen && seen.lastTime > request.time ? seen.lastTime : request.time,
    });
  }
  return [...groups.values()].sort((a, b) =>
    a.lastTime < b.lastTime ? -1 : a.lastTime > b.lastTime ? 1 : 0,
  );
}

function toSuggestedRule(rule: PolicyRule): SuggestedRule {
  if (rule.nonResourceURLs.length > 0) return { nonResourceURLs: rule.nonResourceURLs, verbs: rule.verbs };
  return {
    apiGroups: rule.apiGroups,
    resources: rule.resources,
    ...(rule.resourceNames.length > 0 ? { resourceNames: rule.resourceNames } : {}),
    verbs: rule.verbs,
  };
}

function resourceString(request: ObservedRequest): string {
  return request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
}

/** What each rule of the identity's current grants allows beyond the requests seen. */
function excessOf(
  model: Model,
  user: string,
  groups: readonly string[],
  granted: readonly ObservedRequest[],
) {
  const index = rbacOf(model);
  const { superuser, permissions } = index.permissionsOf(userIdentity(user, groups));
  const resourceRequests = granted.filter((r) => r.path === null);
  const out: Excess[] = [];
  const scopeOf = (permission: Permission) => permission.namespace;
  for (const permission of permissions) {
    const inScope = resourceRequests.filter(
      (r) => scopeOf(permission) === '' || scopeOf(permission) === (r.namespace ?? ''),
    );
    for (const effective of permission.rules) {
      const { rule } = effective;
      if (rule.nonResourceURLs.length > 0) continue;
      const used = inScope.filter((r) => ruleAllows(rule, accessOf(r)));
      const usedVerbs = new Set(used.map((r) => r.verb));
      const usedResources = new Set(used.map(resourceString));
      const wildcard =
        rule.verbs.includes(ALL) || rule.resources.includes(ALL) || rule.apiGroups.includes(ALL);
      const unusedVerbs = rule.verbs.filter((v) => v !== ALL && !usedVerbs.has(v));
      const unusedResources = rule.resources.filter((r) => r !== ALL && !usedResources.has(r));
      const namespaces = [...new Set(used.map((r) => r.namespace ?? ''))];
      const usedOnlyIn =
        permission.namespace === '' && used.length > 0 && !namespaces.includes('') ? namespaces.sort() : [];
      if (
        used.length > 0 &&
        unusedVerbs.length === 0 &&
        unusedResources.length === 0 &&
        !wildcard &&
        usedOnlyIn.length === 0
      )
        continue;
      const binding = permission.binding.resource;
      out.push({
        binding: { kind: binding.kind, namespace: binding.namespace, name: binding.name },
        role: roleOf(permission.binding),
        source: describeRole(effective.source),
        index: effective.index,
        rule: toSuggestedRule(rule),
        scope: permission.namespace,
        unused: used.length === 0,
        unusedVerbs,
        unusedResources,
        wildcard,
        usedOnlyIn,
      });
    }
  }
  return { superuser, excess: out };
}

export function suggestRoles(
  user: string,
  requests: readonly ObservedRequest[],
  options: SuggestOptions = {},
): Suggestion {
  const maxNames = options.maxNames ?? DEFAULT_MAX_NAMES;
  const sorted = [...requests].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const refused = sorted.filter((r) => isRefused(r.outcome));
  const granted = sorted.filter((r) => !isRefused(r.outcome));
  const discovery = granted.filter((r) => r.path !== null && DISCOVERY.test(r.path));
  const nonResource = granted.filter((r) => r.path !== null && !DISCOVERY.test(r.path));
  const resources = granted.filter((r) => r.path === null);
  const dropped = new Set<string>();
  const name = suggestedName(user);

  const roles: SuggestedRole[] = [];
  const clusterRules = [
    ...rulesOf(
      resources.filter((r) => r.namespace === null),
      maxNames,
      dropped,
    ),
    ...nonResourceRules(nonResource),
  ];
  if (clusterRules.length > 0)
    roles.push({ kind: 'ClusterRole', namespace: null, name, rules: clusterRules });
  const namespaces = [
    ...new Set(resources.flatMap((r) => (r.namespace === null ? [] : [r.namespace]))),
  ].sort();
  for (const namespace of namespaces) {
    const rules = rulesOf(
      resources.filter((r) => r.namespace === namespace),
      maxNames,
      dropped,
    );
    roles.push({ kind: 'Role', namespace, name, rules });
  }

  const lastGroups = [...sorted].reverse().find((r) => r.groups.length > 0)?.groups ?? [];
  const rbac = options.model ? excessOf(options.model, user, lastGroups, granted) : undefined;
  return {
    user,
    subject: subjectFor(user),
    requests: sorted.length,
    firstSeen: sorted[0]?.time ?? null,
    lastSeen: sorted.at(-1)?.time ?? null,
    roles,
    denied: deniedList(refused),
    namesDropped: [...dropped].sort(),
    discovery: discovery.length,
    excess: rbac?.excess ?? null,
    superuser: rbac?.superuser ?? lastGroups.includes(SUPERUSER_GROUP),
  };
}
