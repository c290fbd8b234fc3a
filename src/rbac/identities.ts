/**
 * Who counts as what in the RBAC rules (section H of the catalogue). These definitions are public:
 * the rules' docs point here.
 *
 * - **everyone**: the groups that hold every (authenticated, unauthenticated or ServiceAccount)
 *   identity — `system:authenticated`, `system:unauthenticated`, `system:serviceaccounts` — and the
 *   anonymous user `system:anonymous`. A grant to them is a grant to anybody who can reach the API.
 * - **system**: Kubernetes' own identities — users and groups named `system:…` (other than the
 *   "everyone" ones above and `system:serviceaccounts:<ns>`, which is every ServiceAccount of a
 *   namespace), and ServiceAccounts in `kube-system`. The control plane needs its grants.
 * - **controller**: the ServiceAccount of a workload running an ingress controller image
 *   (ingress-nginx, Traefik, HAProxy), as found in the input, plus any the rule options name.
 * - **admin**: a subject of a ClusterRoleBinding to `cluster-admin` or `admin`, or to any ClusterRole
 *   granting every verb on every resource of every API group; and the `system:masters` group.
 */
import type { Model } from '../model/model.ts';
import { isIngressNginxImage } from '../model/controllers.ts';
import { asObject, asString } from '../model/resource.ts';
import { isEverything } from './policy-rule.ts';
import { rbacOf, type BindingView } from './authorizer.ts';
import {
  ALL_SERVICE_ACCOUNTS,
  ANONYMOUS_USER,
  AUTHENTICATED,
  parseServiceAccountUser,
  sameSubject,
  serviceAccountUser,
  SUPERUSER_GROUP,
  UNAUTHENTICATED,
  type Subject,
} from './subjects.ts';

export const SYSTEM_NAMESPACE = 'kube-system';
const EVERYONE_GROUPS: readonly string[] = [AUTHENTICATED, UNAUTHENTICATED, ALL_SERVICE_ACCOUNTS];
const ADMIN_CLUSTER_ROLES: readonly string[] = ['cluster-admin', 'admin'];

export function isEveryone(subject: Subject): boolean {
  if (subject.kind === 'Group') return EVERYONE_GROUPS.includes(subject.name);
  return subject.kind === 'User' && subject.name === ANONYMOUS_USER;
}

export function isSystemSubject(subject: Subject): boolean {
  if (isEveryone(subject)) return false;
  const serviceAccount = serviceAccountOf(subject);
  if (serviceAccount) return serviceAccount.namespace === SYSTEM_NAMESPACE;
  if (subject.kind === 'Group' && subject.name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`))
    return subject.name === `${ALL_SERVICE_ACCOUNTS}:${SYSTEM_NAMESPACE}`;
  return subject.name.startsWith('system:');
}

/** The ServiceAccount a subject names, as a ServiceAccount subject or as its `system:serviceaccount:` user. */
export function serviceAccountOf(subject: Subject): { namespace: string; name: string } | undefined {
  if (subject.kind === 'ServiceAccount')
    return subject.namespace ? { namespace: subject.namespace, name: subject.name } : undefined;
  return subject.kind === 'User' ? parseServiceAccountUser(subject.name) : undefined;
}

const TRAEFIK_IMAGE = /(?:^|\/)traefik(?::|@|$)/;
const HAPROXY_IMAGE = /(?:^|\/)(?:haproxytech\/kubernetes-ingress|haproxy-ingress)(?::|@|$)/;

export function isIngressControllerImage(image: string): boolean {
  return isIngressNginxImage(image) || TRAEFIK_IMAGE.test(image) || HAPROXY_IMAGE.test(image);
}

/** `system:serviceaccount:<ns>:<name>` of every ingress controller workload in the model. */
export function controllerIdentities(model: Model, extra: readonly string[] = []): Set<string> {
  const out = new Set(extra);
  for (const workload of model.workloads()) {
    if (!workload.containers.some((c) => isIngressControllerImage(c.image))) continue;
    const body = workload.resource.body;
    const podSpec = asObject(
      workload.resource.kind === 'Pod' ? body.spec : asObject(asObject(body.spec).template).spec,
    );
    const name = asString(podSpec.serviceAccountName) ?? asString(podSpec.serviceAccount) ?? 'default';
    out.add(serviceAccountUser(workload.resource.namespace, name));
  }
  return out;
}

export function isController(subject: Subject, controllers: ReadonlySet<string>): boolean {
  const serviceAccount = serviceAccountOf(subject);
  return (
    serviceAccount !== undefined &&
    controllers.has(serviceAccountUser(serviceAccount.namespace, serviceAccount.name))
  );
}

/** Whether a binding makes its subjects cluster administrators. */
export function isAdminBinding(binding: BindingView): boolean {
  if (binding.namespace !== '' || !binding.role) return false;
  if (binding.roleRef.kind === 'ClusterRole' && ADMIN_CLUSTER_ROLES.includes(binding.roleRef.name))
    return true;
  return binding.role.rules.some((r) => isEverything(r.rule));
}

/** The admin subjects of the model (see the definition above). */
export function adminSubjects(model: Model): Subject[] {
  const out: Subject[] = [{ kind: 'Group', name: SUPERUSER_GROUP }];
  for (const binding of rbacOf(model).bindings()) {
    if (!isAdminBinding(binding)) continue;
    for (const subject of binding.subjects) if (subject) out.push(subject);
  }
  return out;
}

export function isAdmin(subject: Subject, admins: readonly Subject[]): boolean {
  return admins.some((admin) => sameSubject(admin, subject));
}
