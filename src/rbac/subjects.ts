/**
 * RBAC subjects and the identities they match, with the groups the API server adds on its own:
 * every authenticated request is in `system:authenticated`, the anonymous user `system:anonymous` in
 * `system:unauthenticated`, and a ServiceAccount's user `system:serviceaccount:<ns>:<name>` is in
 * `system:serviceaccounts` and `system:serviceaccounts:<ns>`. `system:masters` is the superuser group:
 * the API server allows it everything before RBAC is even asked.
 */
import { asObject, asString } from '../model/resource.ts';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface Subject {
  readonly kind: SubjectKind;
  readonly name: string;
  /** ServiceAccounts only: their namespace (defaulted to a RoleBinding's own namespace). */
  readonly namespace?: string;
}

/** Who makes a request: a user name and its groups (user.Info). */
export interface Identity {
  readonly user: string;
  readonly groups: readonly string[];
}

export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
export const ANONYMOUS_USER = 'system:anonymous';
export const SUPERUSER_GROUP = 'system:masters';
const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

export function serviceAccountUser(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

export function serviceAccountGroup(namespace: string): string {
  return `${ALL_SERVICE_ACCOUNTS}:${namespace}`;
}

/** `system:serviceaccount:ns:name` → { namespace, name }. */
export function parseServiceAccountUser(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const [namespace, name, ...rest] = user.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (!namespace || !name || rest.length > 0) return undefined;
  return { namespace, name };
}

/** The identity of a ServiceAccount, with its implicit groups. */
export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return {
    user: serviceAccountUser(namespace, name),
    groups: [ALL_SERVICE_ACCOUNTS, serviceAccountGroup(namespace), AUTHENTICATED],
  };
}

/** A user with the groups its authenticator gave, plus those the API server adds. */
export function userIdentity(user: string, groups: readonly string[] = []): Identity {
  const serviceAccount = parseServiceAccountUser(user);
  if (serviceAccount) {
    const implicit = serviceAccountIdentity(serviceAccount.namespace, serviceAccount.name).groups;
    return { user, groups: [...new Set([...groups, ...implicit])] };
  }
  const implicit = user === ANONYMOUS_USER ? UNAUTHENTICATED : AUTHENTICATED;
  return { user, groups: [...new Set([...groups, implicit])] };
}

/** A binding's `subjects[i]`, or undefined when its kind is none of the three RBAC knows. */
export function parseSubject(value: unknown): Subject | undefined {
  const entry = asObject(value);
  const kind = asString(entry.kind);
  const name = asString(entry.name) ?? '';
  if (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount') return undefined;
  const namespace = asString(entry.namespace);
  return kind === 'ServiceAccount' && namespace ? { kind, name, namespace } : { kind, name };
}

/**
 * Whether a binding subject covers an identity (the server's appliesToUser). `bindingNamespace` is the
 * RoleBinding's namespace (`''` for ClusterRoleBindings): a ServiceAccount subject without a namespace
 * means one in the binding's namespace, and in a ClusterRoleBinding it matches nobody.
 */
export function subjectApplies(subject: Subject, identity: Identity, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return identity.user === subject.name;
    case 'Group':
      return identity.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace ?? bindingNamespace;
      return namespace !== '' && identity.user === serviceAccountUser(namespace, subject.name);
    }
  }
}

/** The subject with a ServiceAccount's namespace filled in from its RoleBinding. */
export function resolvedSubject(subject: Subject, bindingNamespace: string): Subject {
  if (subject.kind !== 'ServiceAccount' || subject.namespace || bindingNamespace === '') return subject;
  return { ...subject, namespace: bindingNamespace };
}

/** `ServiceAccount shop/deployer`, `Group system:authenticated`. */
export function describeSubject(subject: Subject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount ${subject.namespace ?? '?'}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

export function sameSubject(a: Subject, b: Subject): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}
