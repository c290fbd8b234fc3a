/**
 * RBAC evaluation over the model, with the API server's semantics (kubernetes/kubernetes
 * pkg/registry/rbac/validation/rule.go, VisitRulesFor): ClusterRoleBindings apply everywhere and are
 * the only bindings that count at cluster scope; RoleBindings apply in their own namespace only, and
 * a RoleBinding to a ClusterRole grants that ClusterRole's rules in the binding's namespace. A binding
 * whose role does not exist grants nothing; a ClusterRoleBinding cannot reference a Role.
 * Aggregated ClusterRoles get the rules of every ClusterRole their `clusterRoleSelectors` select
 * (except themselves), transitively, as the clusterrole-aggregation controller writes them.
 * Pure: reads the model, never changes it; one index per model, built on first use.
 */
import type { Model } from '../model/model.ts';
import {
  asArray,
  asObject,
  asString,
  refOf,
  stringMap,
  type ObjectRef,
  type Resource,
} from '../model/resource.ts';
import { selectorMatches } from '../model/workloads.ts';
import { DEFAULT_CLUSTER_ROLES } from './default-roles.ts';
import {
  parsePolicyRules,
  ruleAllows,
  sameRule,
  type AccessRequest,
  type PolicyRule,
} from './policy-rule.ts';
import {
  parseSubject,
  resolvedSubject,
  subjectApplies,
  SUPERUSER_GROUP,
  type Identity,
  type Subject,
} from './subjects.ts';

export type RoleKind = 'Role' | 'ClusterRole';

/** A rule as granted: the rule, and the role (and index) where it is written. */
export interface EffectiveRule {
  readonly rule: PolicyRule;
  /** The role whose `rules[index]` this is: the role itself, or one an aggregation selected. */
  readonly source: ObjectRef;
  readonly index: number;
  /** The source is a Kubernetes default role assumed because the input does not define it. */
  readonly builtIn: boolean;
}

export interface ResolvedRole {
  readonly ref: ObjectRef;
  /** The role object; a default ClusterRole when `builtIn`. */
  readonly resource: Resource;
  readonly builtIn: boolean;
  readonly aggregated: boolean;
  readonly rules: readonly EffectiveRule[];
}

export interface BindingView {
  readonly resource: Resource;
  /** `''` for ClusterRoleBindings. */
  readonly namespace: string;
  readonly roleRef: { readonly kind: string; readonly name: string };
  /** `subjects[i]` with ServiceAccount namespaces resolved; undefined for unknown subject kinds. */
  readonly subjects: readonly (Subject | undefined)[];
  /** Undefined when the role does not exist (the binding then grants nothing). */
  readonly role: ResolvedRole | undefined;
}

/** One binding subject allowed a request, and why. */
export interface Grant {
  readonly subject: Subject;
  readonly subjectIndex: number;
  readonly binding: BindingView;
  readonly rules: readonly EffectiveRule[];
}

export interface WhoCanAnswer {
  readonly request: AccessRequest;
  readonly grants: readonly Grant[];
  /** Bindings that apply to the request's scope but whose role the input does not hold. */
  readonly unresolved: readonly BindingView[];
  /** Groups allowed everything without any binding. */
  readonly superuserGroups: readonly string[];
}

export interface Permission {
  readonly binding: BindingView;
  readonly subjectIndex: number;
  /** `''`: everywhere (ClusterRoleBinding); otherwise the RoleBinding's namespace. */
  readonly namespace: string;
  readonly rules: readonly EffectiveRule[];
}

export interface IdentityPermissions {
  readonly identity: Identity;
  readonly superuser: boolean;
  readonly permissions: readonly Permission[];
}

export class RbacIndex {
  private readonly model: Model;
  private readonly clusterRoleResources = new Map<string, { resource: Resource; builtIn: boolean }>();
  private readonly clusterRoles = new Map<string, ResolvedRole>();
  private bindingViews: BindingView[] | undefined;
  private bindingsByResource: Map<Resource, BindingView> | undefined;

  constructor(model: Model) {
    this.model = model;
    for (const resource of DEFAULT_CLUSTER_ROLES)
      this.clusterRoleResources.set(resource.name, { resource, builtIn: true });
    for (const resource of model.list('ClusterRole'))
      this.clusterRoleResources.set(resource.name, { resource, builtIn: false });
  }

  /** Every RoleBinding and ClusterRoleBinding, ClusterRoleBindings first, each sorted by namespace/name. */
  bindings(): readonly BindingView[] {
    this.bindingViews ??= [
      ...sortByName(this.model.list('ClusterRoleBinding')),
      ...sortByName(this.model.list('RoleBinding')),
    ].map((resource) => this.viewBinding(resource));
    return this.bindingViews;
  }

  /** The view of one RoleBinding or ClusterRoleBinding object of the model. */
  binding(resource: Resource): BindingView | undefined {
    this.bindingsByResource ??= new Map(this.bindings().map((b) => [b.resource, b]));
    return this.bindingsByResource.get(resource);
  }

  clusterRole(name: string): ResolvedRole | undefined {
    let role = this.clusterRoles.get(name);
    if (!role) {
      const entry = this.clusterRoleResources.get(name);
      if (!entry) return undefined;
      const aggregated = asObject(entry.resource.body.aggregationRule).clusterRoleSelectors !== undefined;
      role = {
        ref: refOf(entry.resource),
        resource: entry.resource,
        builtIn: entry.builtIn,
        aggregated,
        rules: aggregated ? this.aggregatedRules(name) : ownRules(entry.resource, entry.builtIn),
      };
      this.clusterRoles.set(name, role);
    }
    return role;
  }

  role(namespace: string, name: string): ResolvedRole | undefined {
    const resource = this.model.get('Role', namespace, name);
    if (!resource) return undefined;
    return {
      ref: refOf(resource),
      resource,
      builtIn: false,
      aggregated: false,
      rules: ownRules(resource, false),
    };
  }

  /** The rules of the binding's role that allow the request, when the binding applies to its scope. */
  rulesAllowing(binding: BindingView, request: AccessRequest): EffectiveRule[] {
    if (!appliesInScope(binding, request.namespace ?? '') || !binding.role) return [];
    return binding.role.rules.filter((r) => ruleAllows(r.rule, request));
  }

  whoCan(request: AccessRequest): WhoCanAnswer {
    const grants: Grant[] = [];
    const unresolved: BindingView[] = [];
    for (const binding of this.bindings()) {
      if (!appliesInScope(binding, request.namespace ?? '')) continue;
      if (!binding.role) {
        unresolved.push(binding);
        continue;
      }
      const rules = this.rulesAllowing(binding, request);
      if (rules.length === 0) continue;
      binding.subjects.forEach((subject, subjectIndex) => {
        // A namespace-less ServiceAccount in a ClusterRoleBinding matches nobody.
        if (subject && (subject.kind !== 'ServiceAccount' || subject.namespace))
          grants.push({ subject, subjectIndex, binding, rules });
      });
    }
    return { request, grants, unresolved, superuserGroups: [SUPERUSER_GROUP] };
  }

  permissionsOf(identity: Identity): IdentityPermissions {
    const permissions: Permission[] = [];
    for (const binding of this.bindings()) {
      if (!binding.role) continue;
      const subjectIndex = binding.subjects.findIndex(
        (subject) => subject !== undefined && subjectApplies(subject, identity, binding.namespace),
      );
      if (subjectIndex < 0) continue;
      permissions.push({ binding, subjectIndex, namespace: binding.namespace, rules: binding.role.rules });
    }
    return { identity, superuser: identity.groups.includes(SUPERUSER_GROUP), permissions };
  }

  /** Whether the identity may make the request; the permission that allows it, or `superuser`. */
  allows(identity: Identity, request: AccessRequest): Permission | 'superuser' | undefined {
    const { superuser, permissions } = this.permissionsOf(identity);
    if (superuser) return 'superuser';
    return permissions.find((p) => this.rulesAllowing(p.binding, request).length > 0);
  }

  private viewBinding(resource: Resource): BindingView {
    const namespace = resource.kind === 'RoleBinding' ? resource.namespace : '';
    const ref = asObject(resource.body.roleRef);
    const roleRef = { kind: asString(ref.kind) ?? '', name: asString(ref.name) ?? '' };
    let role: ResolvedRole | undefined;
    if (roleRef.kind === 'ClusterRole') role = this.clusterRole(roleRef.name);
    // A ClusterRoleBinding naming a Role is rejected by the server; if present, it grants nothing.
    else if (roleRef.kind === 'Role' && namespace !== '') role = this.role(namespace, roleRef.name);
    const subjects = asArray(resource.body.subjects).map((entry) => {
      const subject = parseSubject(entry);
      return subject && resolvedSubject(subject, namespace);
    });
    return { resource, namespace, roleRef, subjects, role };
  }

  /**
   * The union, without duplicates, of the rules of every ClusterRole an aggregating role selects,
   * following aggregating roles they select in turn (the controller's fixed point). From files, the
   * role's own `rules` are ignored as the controller overwrites them; from a cluster they are its last
   * result and kept.
   */
  private aggregatedRules(name: string): EffectiveRule[] {
    const out: EffectiveRule[] = [];
    const visited = new Set<string>();
    const add = (rule: EffectiveRule): void => {
      if (!out.some((existing) => sameRule(existing.rule, rule.rule))) out.push(rule);
    };
    const visit = (roleName: string): void => {
      if (visited.has(roleName)) return;
      visited.add(roleName);
      const entry = this.clusterRoleResources.get(roleName);
      if (!entry) return;
      const selectors = asArray(asObject(entry.resource.body.aggregationRule).clusterRoleSelectors);
      const aggregating = asObject(entry.resource.body.aggregationRule).clusterRoleSelectors !== undefined;
      // An aggregating role's own rules are the controller's last result on a cluster, noise in files.
      if (!aggregating || this.model.mode === 'cluster') ownRules(entry.resource, entry.builtIn).forEach(add);
      for (const selector of selectors) {
        for (const candidate of [...this.clusterRoleResources.keys()].sort()) {
          if (candidate === roleName) continue;
          const labels = stringMap(
            asObject(this.clusterRoleResources.get(candidate)?.resource.body.metadata).labels,
          );
          if (selectorMatches(selector, labels)) visit(candidate);
        }
      }
    };
    visit(name);
    return out;
  }
}

function ownRules(resource: Resource, builtIn: boolean): EffectiveRule[] {
  const source = refOf(resource);
  return parsePolicyRules(resource.body.rules).map((rule, index) => ({ rule, source, index, builtIn }));
}

/** ClusterRoleBindings apply everywhere; RoleBindings only to requests in their namespace. */
function appliesInScope(binding: BindingView, namespace: string): boolean {
  return binding.namespace === '' || binding.namespace === namespace;
}

function sortByName(resources: readonly Resource[]): Resource[] {
  return [...resources].sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}

const buildRbacIndex = (model: Model): RbacIndex => new RbacIndex(model);

/** What RbacIndex reads of its model (besides its mode). */
const RBAC_KINDS = ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'] as const;

/** The RBAC index of a model, built once. */
export function rbacOf(model: Model): RbacIndex {
  return model.derived(buildRbacIndex, RBAC_KINDS);
}

/** Which binding subjects may make the request, through which bindings, roles and rules. */
export function whoCan(model: Model, request: AccessRequest): WhoCanAnswer {
  return rbacOf(model).whoCan(request);
}

/** Every grant that applies to an identity (its user name and groups, implicit ones included). */
export function permissionsOf(model: Model, identity: Identity): IdentityPermissions {
  return rbacOf(model).permissionsOf(identity);
}

/** `ClusterRole cluster-admin`, `Role shop/ingress-editor`. */
export function describeRole(ref: { kind: string; namespace: string; name: string }): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}
