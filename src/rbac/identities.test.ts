import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { adminSubjects, controllerIdentities, isAdmin, isEveryone, isSystemSubject } from './identities.ts';
import type { Subject } from './subjects.ts';

describe('subject classes', () => {
  const cases: [Subject, 'everyone' | 'system' | 'other'][] = [
    [{ kind: 'Group', name: 'system:authenticated' }, 'everyone'],
    [{ kind: 'Group', name: 'system:unauthenticated' }, 'everyone'],
    [{ kind: 'Group', name: 'system:serviceaccounts' }, 'everyone'],
    [{ kind: 'User', name: 'system:anonymous' }, 'everyone'],
    [{ kind: 'Group', name: 'system:serviceaccounts:shop' }, 'other'],
    [{ kind: 'Group', name: 'system:serviceaccounts:kube-system' }, 'system'],
    [{ kind: 'User', name: 'system:kube-controller-manager' }, 'system'],
    [{ kind: 'Group', name: 'system:nodes' }, 'system'],
    [{ kind: 'ServiceAccount', name: 'namespace-controller', namespace: 'kube-system' }, 'system'],
    [{ kind: 'User', name: 'system:serviceaccount:kube-system:generic-garbage-collector' }, 'system'],
    [{ kind: 'User', name: 'system:serviceaccount:shop:deployer' }, 'other'],
    [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'shop' }, 'other'],
    [{ kind: 'User', name: 'alice@example.com' }, 'other'],
  ];
  for (const [subject, expected] of cases) {
    it(`${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name} is ${expected}`, () => {
      const actual = isEveryone(subject) ? 'everyone' : isSystemSubject(subject) ? 'system' : 'other';
      assert.equal(actual, expected);
    });
  }
});

describe('controllers and admins', () => {
  const { model } = modelFromYaml(`apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  template:
    spec:
      serviceAccountName: ingress-nginx
      containers: [{ name: controller, image: registry.k8s.io/ingress-nginx/controller:v1.12.1 }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: traefik, namespace: traefik }
spec:
  template:
    spec:
      containers: [{ name: traefik, image: docker.io/traefik:v3.3.4 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{ name: web, image: nginx:1.27 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: platform-admins }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: platform }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: shop-admins, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: shop-team }]
`);

  it('controllers are the ServiceAccounts of ingress controller workloads (default when unnamed)', () => {
    assert.deepEqual([...controllerIdentities(model, ['system:serviceaccount:x:y'])].sort(), [
      'system:serviceaccount:ingress-nginx:ingress-nginx',
      'system:serviceaccount:traefik:default',
      'system:serviceaccount:x:y',
    ]);
  });

  it('admins are subjects of cluster-wide admin bindings and system:masters, not namespace admins', () => {
    const admins = adminSubjects(model);
    assert.ok(isAdmin({ kind: 'Group', name: 'platform' }, admins));
    assert.ok(isAdmin({ kind: 'Group', name: 'system:masters' }, admins));
    assert.ok(!isAdmin({ kind: 'Group', name: 'shop-team' }, admins));
  });
});
