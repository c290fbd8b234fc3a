import rule from './rbac-ingressclass-write.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-admins-and-readers.yaml' }],
  invalid: [
    {
      fixture: 'fire-class-manager.yaml',
      errors: [
        {
          messageId: 'write',
          path: 'subjects[0]',
          data: {
            subject: 'Group team-leads',
            verbs: 'create/update',
            role: 'ClusterRole ingressclass-manager',
          },
        },
      ],
    },
    {
      name: 'an update narrowed to one class still lets it become the default',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: nginx-class-owner }
rules: [{ apiGroups: [networking.k8s.io], resources: [ingressclasses], resourceNames: [nginx], verbs: [create, patch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: nginx-class-owner }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nginx-class-owner }
subjects: [{ kind: ServiceAccount, name: installer, namespace: ingress-nginx }]
`,
      errors: [{ messageId: 'write', data: { verbs: 'patch' } }],
    },
  ],
});
