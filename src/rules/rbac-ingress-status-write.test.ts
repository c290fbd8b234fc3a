import rule from './rbac-ingress-status-write.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const traefikRole = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: traefik }
rules:
  - { apiGroups: [networking.k8s.io], resources: [ingresses/status], verbs: [update] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: traefik }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: traefik }
subjects: [{ kind: ServiceAccount, name: traefik, namespace: traefik }]
`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-controller-only.yaml' },
    {
      name: 'a controller whose workload is not in the input, named in the options',
      yaml: traefikRole,
      options: { controllers: ['system:serviceaccount:traefik:traefik'] },
    },
  ],
  invalid: [
    {
      fixture: 'fire-copied-controller-role.yaml',
      errors: [
        {
          messageId: 'clusterWide',
          path: 'subjects[1]',
          data: { subject: 'ServiceAccount ci/deployer', role: 'ClusterRole ingress-nginx', verbs: 'update' },
        },
      ],
    },
    {
      fixture: 'fire-namespaced-any-status.yaml',
      errors: [
        {
          messageId: 'namespaced',
          path: 'subjects[0]',
          data: {
            subject: 'User oncall@example.com',
            namespace: 'shop',
            verbs: 'patch',
            role: 'Role shop/status-fixer',
          },
        },
      ],
    },
    {
      name: 'without the controller workload or option, its own binding is reported',
      yaml: traefikRole,
      errors: [{ messageId: 'clusterWide', data: { subject: 'ServiceAccount traefik/traefik' } }],
    },
  ],
});
