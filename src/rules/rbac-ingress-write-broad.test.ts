import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './rbac-ingress-write-broad.ts';
import { ruleTester, runSingleRule } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';

const crb = (subjects: string, role = 'cluster-admin') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: grant }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects:
${subjects}`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-team-rolebinding.yaml' },
    { fixture: 'dont-fire-system-subjects.yaml' },
    {
      name: 'a ServiceAccount without namespace in a ClusterRoleBinding matches nobody',
      yaml: crb('  - { kind: ServiceAccount, name: deployer }\n'),
    },
    {
      name: 'resourceNames cannot narrow create, but a rule that only names objects grants no create',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: one-ingress }
rules:
  - { apiGroups: [networking.k8s.io], resources: [ingresses], resourceNames: [web], verbs: [create, update] }
---
${crb('  - { kind: User, name: alice }\n', 'one-ingress')}`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-everyone-write.yaml',
      errors: [
        {
          messageId: 'everyone',
          path: 'subjects[0]',
          data: {
            subject: 'Group system:authenticated',
            role: 'ClusterRole ingress-self-service',
            verbs: 'create/update/patch',
            resources: 'ingresses',
          },
        },
      ],
    },
    {
      fixture: 'fire-cluster-wide-edit.yaml',
      errors: [
        {
          messageId: 'clusterWide',
          path: 'subjects[0]',
          data: {
            subject: 'Group shop-developers',
            role: 'ClusterRole edit',
            verbs: 'create/update/patch/delete',
          },
        },
      ],
    },
    {
      fixture: 'fire-wildcard-rolebinding.yaml',
      errors: [
        {
          messageId: 'wildcard',
          path: 'subjects[0]',
          data: {
            subject: 'ServiceAccount shop/deployer',
            namespace: 'shop',
            rule: 'networking-all rules[0]',
            resources: 'ingresses, gateways, httproutes, grpcroutes, tlsroutes, tcproutes, udproutes',
          },
        },
      ],
    },
    {
      name: 'every ServiceAccount, through a RoleBinding',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: all-sa-edit, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: "system:serviceaccounts" }]
---
${crb('  - { kind: User, name: "system:kube-scheduler" }\n')}`,
      errors: [
        { messageId: 'everyone', object: 'all-sa-edit', data: { subject: 'Group system:serviceaccounts' } },
      ],
    },
    {
      name: 'cluster-admin held by a person: write through `*`, reported as cluster-wide',
      yaml: crb('  - { kind: User, name: alice@example.com }\n  - { kind: Group, name: "system:masters" }\n'),
      errors: [
        { messageId: 'clusterWide', path: 'subjects[0]', data: { role: 'ClusterRole cluster-admin' } },
      ],
    },
  ],
});

describe('rbac-ingress-write-broad without RBAC objects', () => {
  it('is not checked on Ingresses alone rather than passing', () => {
    const { model } = modelFromYaml(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec: { rules: [{ host: a.example.com }] }
`);
    const result = runSingleRule(rule, model, 0);
    assert.deepEqual(result.notChecked, [
      {
        ruleId: rule.id,
        reason: 'the input contains no RoleBinding; the input contains no ClusterRoleBinding',
      },
    ]);
  });
});
