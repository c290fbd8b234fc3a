/**
 * PolicyRules and the request attributes they are matched against, with the API server's RBAC
 * semantics (kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go):
 *
 * - `*` in verbs, apiGroups or resources matches everything; the core group is `""`.
 * - A resource entry matches the combined `resource/subresource` exactly; `*` matches every resource
 *   and subresource; `*\/status` matches the `status` subresource of every resource. There is no
 *   `ingresses/*`: the server does not expand it (it only matches a subresource literally named `*`).
 * - `resourceNames`, when present, must contain the request's name. Requests that carry no name never
 *   match such a rule: `create` (the name is not known at authorization time), `deletecollection`,
 *   and `list`/`watch` without a `metadata.name` field selector.
 * - nonResourceURLs rules never match resource requests (and are ignored here).
 */
import { asArray, asObject } from '../model/resource.ts';

export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** What a request asks, as the authorizer sees it (authorizer.Attributes). */
export interface AccessRequest {
  readonly verb: string;
  /** Plural resource, e.g. `ingresses`. */
  readonly resource: string;
  readonly subresource?: string;
  /** `''` is the core group. */
  readonly apiGroup: string;
  /** `''` or absent: cluster scope (only ClusterRoleBindings count there). */
  readonly namespace?: string;
  /** The object's name; ignored where the server authorizes without one (see `requestName`). */
  readonly name?: string;
}

export const ALL = '*';

export function parsePolicyRules(value: unknown): PolicyRule[] {
  return asArray(value).map((entry) => {
    const rule = asObject(entry);
    return {
      verbs: strings(rule.verbs),
      apiGroups: strings(rule.apiGroups),
      resources: strings(rule.resources),
      resourceNames: strings(rule.resourceNames),
      nonResourceURLs: strings(rule.nonResourceURLs),
    };
  });
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/**
 * The name the server authorizes with. A create on a collection (no subresource) and a
 * deletecollection have none; list/watch have one only with a `metadata.name` field selector, which is
 * what passing `name` means for them.
 */
export function requestName(request: AccessRequest): string {
  if (request.verb === 'deletecollection') return '';
  if (request.verb === 'create' && !request.subresource) return '';
  return request.name ?? '';
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === ALL || g === group);
}

export function resourceMatches(
  rule: PolicyRule,
  resource: string,
  subresource: string | undefined,
): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some(
    (r) =>
      r === ALL ||
      r === combined ||
      (subresource !== undefined && subresource !== '' && r === `*/${subresource}`),
  );
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

/** Whether the rule allows the request (RBAC's RuleAllows for resource requests). */
export function ruleAllows(rule: PolicyRule, request: AccessRequest): boolean {
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, request.resource, request.subresource) &&
    resourceNameMatches(rule, requestName(request))
  );
}

/** `*` in verbs, resources or apiGroups: the rule also grants whatever is added later. */
export function usesWildcard(rule: PolicyRule): boolean {
  return rule.verbs.includes(ALL) || rule.resources.includes(ALL) || rule.apiGroups.includes(ALL);
}

/** All verbs on all resources of all groups: the power of cluster-admin. */
export function isEverything(rule: PolicyRule): boolean {
  return (
    rule.verbs.includes(ALL) &&
    rule.resources.includes(ALL) &&
    rule.apiGroups.includes(ALL) &&
    rule.resourceNames.length === 0
  );
}

export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    same(a.verbs, b.verbs) &&
    same(a.apiGroups, b.apiGroups) &&
    same(a.resources, b.resources) &&
    same(a.resourceNames, b.resourceNames) &&
    same(a.nonResourceURLs, b.nonResourceURLs)
  );
}
