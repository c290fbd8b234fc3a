/**
 * The binding an audit event says allowed a request. The RBAC authorizer writes its decision into the
 * `authorization.k8s.io/reason` audit annotation (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac):
 *
 *   RBAC: allowed by ClusterRoleBinding "NAME" of ClusterRole "ROLE" to Group "GROUP"
 *   RBAC: allowed by RoleBinding "NAME/NAMESPACE" of Role "ROLE" to User "USER"
 *
 * (a RoleBinding is written name first; a ServiceAccount subject as "NAME/NAMESPACE" too). This is what
 * let the change happen, even when the RBAC objects are not at hand. Pure.
 */

export interface AuthorizingBinding {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  /** '' for ClusterRoleBindings. */
  readonly namespace: string;
  readonly name: string;
  readonly roleKind: 'Role' | 'ClusterRole';
  readonly roleName: string;
  readonly subject: {
    readonly kind: 'User' | 'Group' | 'ServiceAccount';
    readonly name: string;
    readonly namespace?: string;
  };
}

const REASON =
  /^RBAC: allowed by (RoleBinding|ClusterRoleBinding) "([^"]*)" of (Role|ClusterRole) "([^"]*)" to (User|Group|ServiceAccount) "([^"]*)"/;

function splitNameNamespace(text: string): { name: string; namespace: string } {
  const slash = text.lastIndexOf('/');
  return slash < 0
    ? { name: text, namespace: '' }
    : { name: text.slice(0, slash), namespace: text.slice(slash + 1) };
}

export function authorizingBinding(reason: string | null): AuthorizingBinding | undefined {
  const match = REASON.exec(reason ?? '');
  if (!match) return undefined;
  const [, kind, bindingText = '', roleKind, roleName = '', subjectKind, subjectText = ''] = match;
  const binding =
    kind === 'RoleBinding' ? splitNameNamespace(bindingText) : { name: bindingText, namespace: '' };
  const subject =
    subjectKind === 'ServiceAccount'
      ? { kind: 'ServiceAccount' as const, ...splitNameNamespace(subjectText) }
      : { kind: subjectKind as 'User' | 'Group', name: subjectText };
  return {
    kind: kind as AuthorizingBinding['kind'],
    namespace: binding.namespace,
    name: binding.name,
    roleKind: roleKind as AuthorizingBinding['roleKind'],
    roleName,
    subject,
  };
}
