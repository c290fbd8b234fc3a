/** RBAC evaluation, one case per semantic point of the API server's authorizer. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { Model } from '../model/model.ts';
import { permissionsOf, rbacOf, whoCan } from './authorizer.ts';
import type { AccessRequest } from './policy-rule.ts';
import { describeSubject, serviceAccountIdentity, userIdentity, type Identity } from './subjects.ts';

const clusterRole = (
  name: string,
  rules: string,
  extra = '',
): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
${extra}rules:
${rules}`;

const role = (
  namespace: string,
  name: string,
  rules: string,
): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ${name}, namespace: ${namespace} }
rules:
${rules}`;

const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  roleRef: string,
  subjects: string,
  namespace = 'shop',
): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: ${name}${kind === 'RoleBinding' ? `, namespace: ${namespace}` : ''} }
roleRef: { apiGroup: rbac.authorization.k8s.io, ${roleRef} }
subjects:
${subjects}`;

const model = (...docs: string[]): Model => modelFromYaml(docs.join('---\n')).model;

const INGRESS_WRITE = `  - apiGroups: [networking.k8s.io]
    resources: [ingresses]
    verbs: [get, list, watch, create, update, patch, delete]
`;
const ALICE = '  - { kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }\n';

function ingress(verb: string, namespace?: string, extra: Partial<AccessRequest> = {}): AccessRequest {
  return {
    verb,
    resource: 'ingresses',
    apiGroup: 'networking.k8s.io',
    ...(namespace ? { namespace } : {}),
    ...extra,
  };
}

function subjects(m: Model, request: AccessRequest): string[] {
  return whoCan(m, request).grants.map(
    (g) => `${describeSubject(g.subject)} via ${g.binding.resource.kind} ${g.binding.resource.name}`,
  );
}

function allowed(m: Model, identity: Identity, request: AccessRequest): boolean {
  return rbacOf(m).allows(identity, request) !== undefined;
}

describe('RBAC: verbs, groups, resources', () => {
  it('matches the exact verb, resource and API group', () => {
    const m = model(
      role('shop', 'ingress-editor', INGRESS_WRITE),
      binding('RoleBinding', 'team', 'kind: Role, name: ingress-editor', ALICE),
    );
    assert.deepEqual(subjects(m, ingress('create', 'shop')), ['User alice via RoleBinding team']);
    assert.deepEqual(subjects(m, ingress('deletecollection', 'shop')), []);
    assert.deepEqual(subjects(m, { ...ingress('create', 'shop'), apiGroup: 'extensions' }), []);
    assert.deepEqual(subjects(m, { ...ingress('create', 'shop'), resource: 'services', apiGroup: '' }), []);
  });

  it('`*` in verbs, resources and apiGroups matches everything, including subresources', () => {
    const m = model(
      clusterRole('anything', "  - { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }\n"),
      binding('ClusterRoleBinding', 'ops', 'kind: ClusterRole, name: anything', ALICE),
    );
    assert.deepEqual(subjects(m, ingress('escalate', 'shop')), ['User alice via ClusterRoleBinding ops']);
    assert.deepEqual(subjects(m, ingress('update', 'shop', { subresource: 'status' })), [
      'User alice via ClusterRoleBinding ops',
    ]);
    assert.deepEqual(
      subjects(m, { verb: 'get', resource: 'httproutes', apiGroup: 'gateway.networking.k8s.io' }),
      ['User alice via ClusterRoleBinding ops'],
    );
  });

  it('`*` in apiGroups alone matches the resource name in every group, and only that name', () => {
    const m = model(
      clusterRole(
        'ingresses-anywhere',
        "  - { apiGroups: ['*'], resources: [ingresses], verbs: [create] }\n",
      ),
      binding('ClusterRoleBinding', 'ops', 'kind: ClusterRole, name: ingresses-anywhere', ALICE),
    );
    assert.equal(subjects(m, ingress('create')).length, 1);
    assert.equal(subjects(m, { ...ingress('create'), apiGroup: 'extensions' }).length, 1);
    assert.equal(subjects(m, { ...ingress('create'), apiGroup: '' }).length, 1);
    assert.equal(subjects(m, { ...ingress('create'), resource: 'ingressclasses' }).length, 0);
  });

  it('a resource does not include its subresources; `*/status` matches every status; `ingresses/*` is not a pattern', () => {
    const m = model(
      clusterRole(
        'plain',
        `  - { apiGroups: [networking.k8s.io], resources: [ingresses], verbs: [update] }\n`,
      ),
      clusterRole(
        'any-status',
        `  - { apiGroups: [networking.k8s.io], resources: ['*/status'], verbs: [update] }\n`,
      ),
      clusterRole(
        'slash-star',
        `  - { apiGroups: [networking.k8s.io], resources: ['ingresses/*'], verbs: [update] }\n`,
      ),
      binding('ClusterRoleBinding', 'a', 'kind: ClusterRole, name: plain', ALICE),
      binding(
        'ClusterRoleBinding',
        'b',
        'kind: ClusterRole, name: any-status',
        '  - { kind: User, name: bob }\n',
      ),
      binding(
        'ClusterRoleBinding',
        'c',
        'kind: ClusterRole, name: slash-star',
        '  - { kind: User, name: carol }\n',
      ),
    );
    assert.deepEqual(subjects(m, ingress('update', 'shop', { subresource: 'status' })), [
      'User bob via ClusterRoleBinding b',
    ]);
    assert.deepEqual(subjects(m, ingress('update', 'shop')), ['User alice via ClusterRoleBinding a']);
    assert.deepEqual(
      subjects(m, { ...ingress('update', 'shop'), resource: 'ingressclasses', subresource: 'status' }),
      ['User bob via ClusterRoleBinding b'],
    );
    assert.deepEqual(subjects(m, ingress('update', 'shop', { subresource: 'scale' })), []);
  });

  it('ignores nonResourceURLs rules for resource requests', () => {
    const m = model(
      clusterRole('metrics', "  - { nonResourceURLs: ['*'], verbs: ['*'] }\n"),
      binding('ClusterRoleBinding', 'm', 'kind: ClusterRole, name: metrics', ALICE),
    );
    assert.deepEqual(subjects(m, ingress('get', 'shop')), []);
  });
});

describe('RBAC: resourceNames', () => {
  const m = model(
    role(
      'shop',
      'named',
      `  - apiGroups: [networking.k8s.io]
    resources: [ingresses]
    resourceNames: [web]
    verbs: [get, list, watch, create, update, delete, deletecollection]
`,
    ),
    binding('RoleBinding', 'named', 'kind: Role, name: named', ALICE),
  );
  it('allow the named object only', () => {
    assert.equal(subjects(m, ingress('update', 'shop', { name: 'web' })).length, 1);
    assert.equal(subjects(m, ingress('update', 'shop', { name: 'other' })).length, 0);
    assert.equal(subjects(m, ingress('get', 'shop')).length, 0, 'get of any object');
  });
  it('never allow create or deletecollection, whatever name is asked', () => {
    assert.equal(subjects(m, ingress('create', 'shop', { name: 'web' })).length, 0);
    assert.equal(subjects(m, ingress('deletecollection', 'shop', { name: 'web' })).length, 0);
  });
  it('allow list/watch only with the metadata.name field selector (a name in the request)', () => {
    assert.equal(subjects(m, ingress('list', 'shop')).length, 0);
    assert.equal(subjects(m, ingress('list', 'shop', { name: 'web' })).length, 1);
    assert.equal(subjects(m, ingress('watch', 'shop', { name: 'web' })).length, 1);
  });
  it('do narrow create on a subresource, which has a name (pods/eviction)', () => {
    const m2 = model(
      role(
        'shop',
        'evict',
        '  - { apiGroups: [""], resources: [pods/eviction], resourceNames: [web-0], verbs: [create] }\n',
      ),
      binding('RoleBinding', 'evict', 'kind: Role, name: evict', ALICE),
    );
    const evict = {
      verb: 'create',
      resource: 'pods',
      subresource: 'eviction',
      apiGroup: '',
      namespace: 'shop',
    };
    assert.equal(subjects(m2, { ...evict, name: 'web-0' }).length, 1);
    assert.equal(subjects(m2, { ...evict, name: 'web-1' }).length, 0);
  });
});

describe('RBAC: bindings and scope', () => {
  it('a RoleBinding to a ClusterRole grants it in the binding namespace only', () => {
    const m = model(
      clusterRole('ingress-editor', INGRESS_WRITE),
      binding('RoleBinding', 'team', 'kind: ClusterRole, name: ingress-editor', ALICE),
    );
    assert.equal(subjects(m, ingress('create', 'shop')).length, 1);
    assert.equal(subjects(m, ingress('create', 'payments')).length, 0);
    assert.equal(subjects(m, ingress('create')).length, 0, 'cluster scope counts ClusterRoleBindings only');
  });

  it('a ClusterRoleBinding grants in every namespace and at cluster scope', () => {
    const m = model(
      clusterRole('ingress-editor', INGRESS_WRITE),
      binding('ClusterRoleBinding', 'all', 'kind: ClusterRole, name: ingress-editor', ALICE),
    );
    assert.equal(subjects(m, ingress('create', 'payments')).length, 1);
    assert.equal(subjects(m, ingress('create')).length, 1);
  });

  it('a RoleBinding to a Role reads the Role of its own namespace; a ClusterRoleBinding to a Role grants nothing', () => {
    const m = model(
      role('payments', 'ingress-editor', INGRESS_WRITE),
      binding('RoleBinding', 'team', 'kind: Role, name: ingress-editor', ALICE),
      binding('ClusterRoleBinding', 'wrong', 'kind: Role, name: ingress-editor', ALICE),
    );
    assert.equal(subjects(m, ingress('create', 'shop')).length, 0);
    assert.deepEqual(
      whoCan(m, ingress('create', 'shop')).unresolved.map((b) => b.resource.name),
      ['wrong', 'team'],
      'bindings whose role is missing are listed as unresolved',
    );
  });

  it('knows the default ClusterRoles that manifests bind without defining', () => {
    const m = model(
      binding('RoleBinding', 'editors', 'kind: ClusterRole, name: edit', ALICE),
      binding('RoleBinding', 'viewers', 'kind: ClusterRole, name: view', '  - { kind: User, name: bob }\n'),
    );
    assert.deepEqual(subjects(m, ingress('create', 'shop')), ['User alice via RoleBinding editors']);
    assert.deepEqual(subjects(m, { verb: 'get', resource: 'secrets', apiGroup: '', namespace: 'shop' }), [
      'User alice via RoleBinding editors',
    ]);
    assert.deepEqual(subjects(m, ingress('get', 'shop', { subresource: 'status' })), [
      'User alice via RoleBinding editors',
      'User bob via RoleBinding viewers',
    ]);
  });

  it('lists the rule that grants, and its role', () => {
    const m = model(
      role(
        'shop',
        'ingress-editor',
        `  - { apiGroups: [""], resources: [services], verbs: [get] }\n${INGRESS_WRITE}`,
      ),
      binding('RoleBinding', 'team', 'kind: Role, name: ingress-editor', ALICE),
    );
    const [grant] = whoCan(m, ingress('patch', 'shop')).grants;
    assert.deepEqual(
      grant?.rules.map((r) => `${r.source.kind} ${r.source.name} rules[${r.index}]`),
      ['Role ingress-editor rules[1]'],
    );
  });
});

describe('RBAC: aggregated ClusterRoles', () => {
  const aggregating = clusterRole(
    'ingress-admin',
    '  - { apiGroups: [""], resources: [nodes], verbs: [delete] }\n',
    `aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { example.com/aggregate-to-ingress-admin: "true" }
`,
  );
  const labelled = (name: string, value: string, rules: string): string =>
    clusterRole(name, rules, `  labels: { example.com/aggregate-to-ingress-admin: "${value}" }\n`);

  it('collects the rules of the ClusterRoles whose labels match, and no others', () => {
    const m = model(
      aggregating,
      labelled('ingress-writer', 'true', INGRESS_WRITE),
      labelled(
        'status-writer',
        'false',
        '  - { apiGroups: [networking.k8s.io], resources: [ingresses/status], verbs: [update] }\n',
      ),
      binding('ClusterRoleBinding', 'admins', 'kind: ClusterRole, name: ingress-admin', ALICE),
    );
    const [grant] = whoCan(m, ingress('create', 'shop')).grants;
    assert.equal(
      grant?.rules[0]?.source.name,
      'ingress-writer',
      'the rule is attributed to the role that holds it',
    );
    assert.equal(subjects(m, ingress('update', 'shop', { subresource: 'status' })).length, 0);
  });

  it('ignores the aggregating role’s own rules in files (the controller overwrites them)', () => {
    const m = model(
      aggregating,
      binding('ClusterRoleBinding', 'admins', 'kind: ClusterRole, name: ingress-admin', ALICE),
    );
    assert.equal(subjects(m, { verb: 'delete', resource: 'nodes', apiGroup: '' }).length, 0);
  });

  it('keeps them from a cluster, where they are the controller’s result', () => {
    const files = modelFromYaml(
      [
        aggregating,
        binding('ClusterRoleBinding', 'admins', 'kind: ClusterRole, name: ingress-admin', ALICE),
      ].join('---\n'),
    ).model;
    const cluster = new Model(files.resources, { mode: 'cluster' });
    assert.equal(subjects(cluster, { verb: 'delete', resource: 'nodes', apiGroup: '' }).length, 1);
  });

  it('follows aggregation transitively and extends the default admin/edit/view roles', () => {
    const m = model(
      clusterRole(
        'gateway-routes-edit',
        '  - { apiGroups: [gateway.networking.k8s.io], resources: [httproutes], verbs: [create] }\n',
        '  labels: { rbac.authorization.k8s.io/aggregate-to-edit: "true" }\n',
      ),
      binding('RoleBinding', 'admins', 'kind: ClusterRole, name: admin', ALICE),
    );
    // admin ← edit ← (label) gateway-routes-edit
    assert.equal(
      subjects(m, {
        verb: 'create',
        resource: 'httproutes',
        apiGroup: 'gateway.networking.k8s.io',
        namespace: 'shop',
      }).length,
      1,
    );
    assert.equal(subjects(m, ingress('create', 'shop')).length, 1, 'admin includes edit');
  });

  it('survives aggregation cycles', () => {
    const m = model(
      clusterRole(
        'a',
        '',
        'aggregationRule: { clusterRoleSelectors: [{ matchLabels: { r: b } }] }\n',
      ).replace('  name: a\n', '  name: a\n  labels: { r: a }\n'),
      clusterRole(
        'b',
        '',
        'aggregationRule: { clusterRoleSelectors: [{ matchLabels: { r: a } }] }\n',
      ).replace('  name: b\n', '  name: b\n  labels: { r: b }\n'),
      binding('ClusterRoleBinding', 'x', 'kind: ClusterRole, name: a', ALICE),
    );
    assert.deepEqual(subjects(m, ingress('create')), []);
  });
});

describe('RBAC: subjects and identities', () => {
  const m = model(
    clusterRole('ingress-editor', INGRESS_WRITE),
    binding(
      'RoleBinding',
      'groups',
      'kind: ClusterRole, name: ingress-editor',
      `  - { kind: Group, name: shop-devs }
  - { kind: Group, name: "system:serviceaccounts:ci" }
  - { kind: ServiceAccount, name: deployer }
`,
    ),
    binding(
      'ClusterRoleBinding',
      'sa-without-ns',
      'kind: ClusterRole, name: ingress-editor',
      '  - { kind: ServiceAccount, name: lost }\n',
    ),
  );

  it('a Group subject covers its members', () => {
    assert.ok(allowed(m, userIdentity('dana', ['shop-devs']), ingress('create', 'shop')));
    assert.ok(!allowed(m, userIdentity('dana', ['payments-devs']), ingress('create', 'shop')));
  });

  it('system:serviceaccounts:<ns> covers every ServiceAccount of that namespace, from anywhere', () => {
    assert.ok(allowed(m, serviceAccountIdentity('ci', 'builder'), ingress('create', 'shop')));
    assert.ok(!allowed(m, serviceAccountIdentity('other', 'builder'), ingress('create', 'shop')));
    assert.ok(
      allowed(m, userIdentity('system:serviceaccount:ci:runner'), ingress('create', 'shop')),
      'groups derived from the user name',
    );
  });

  it('a ServiceAccount subject without namespace is the binding namespace’s; in a ClusterRoleBinding it is nobody', () => {
    assert.ok(allowed(m, serviceAccountIdentity('shop', 'deployer'), ingress('create', 'shop')));
    assert.ok(!allowed(m, serviceAccountIdentity('default', 'lost'), ingress('create', 'shop')));
    assert.ok(!whoCan(m, ingress('create')).grants.some((g) => g.subject.name === 'lost'));
  });

  it('system:authenticated and system:unauthenticated are implicit groups', () => {
    const open = model(
      clusterRole('ingress-editor', INGRESS_WRITE),
      binding(
        'ClusterRoleBinding',
        'everyone',
        'kind: ClusterRole, name: ingress-editor',
        '  - { kind: Group, name: "system:authenticated" }\n',
      ),
    );
    assert.ok(allowed(open, userIdentity('anybody'), ingress('create', 'shop')));
    assert.ok(allowed(open, serviceAccountIdentity('x', 'y'), ingress('create', 'shop')));
    assert.ok(!allowed(open, userIdentity('system:anonymous'), ingress('create', 'shop')));
  });

  it('system:masters is allowed everything without a binding', () => {
    const empty = model(clusterRole('nothing', '  []\n'));
    assert.equal(
      rbacOf(empty).allows(userIdentity('root', ['system:masters']), ingress('delete', 'shop')),
      'superuser',
    );
    assert.deepEqual(whoCan(empty, ingress('delete', 'shop')).superuserGroups, ['system:masters']);
  });

  it('permissionsOf lists the bindings that apply to an identity, with their scope', () => {
    const perms = permissionsOf(m, userIdentity('dana', ['shop-devs']));
    assert.deepEqual(
      perms.permissions.map(
        (p) => `${p.binding.resource.name} ${p.namespace} ${p.binding.role?.ref.name ?? ''}`,
      ),
      ['groups shop ingress-editor'],
    );
    assert.equal(perms.superuser, false);
  });
});
