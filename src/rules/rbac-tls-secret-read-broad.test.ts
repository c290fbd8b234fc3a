import rule from './rbac-tls-secret-read-broad.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const ingress = (namespace: string, secret: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: ${namespace} }
spec:
  tls: [{ hosts: [a.example.com], secretName: ${secret} }]
---
`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-controller-and-named.yaml' },
    {
      name: 'a ServiceAccount of kube-system',
      yaml: `${ingress('shop', 'web-tls')}apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: backup }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: backup, namespace: kube-system }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-cluster-wide-list.yaml',
      errors: [
        {
          messageId: 'clusterWide',
          path: 'subjects[0]',
          data: { subject: 'ServiceAccount monitoring/agent', verbs: 'list/watch', count: 1 },
        },
      ],
    },
    {
      fixture: 'fire-edit-in-tls-namespace.yaml',
      errors: [
        {
          messageId: 'namespaced',
          object: 'shop-developers-edit',
          data: {
            subject: 'Group shop-developers',
            verbs: 'get/list/watch',
            secrets: 'shop/web-tls',
            role: 'ClusterRole edit',
          },
        },
      ],
    },
    {
      name: 'a get on the TLS Secret by name is a read of its key',
      yaml: `${ingress('shop', 'web-tls')}apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cert-exporter }
rules: [{ apiGroups: [""], resources: [secrets], resourceNames: [web-tls, other], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cert-exporter }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cert-exporter }
subjects: [{ kind: ServiceAccount, name: exporter, namespace: monitoring }]
`,
      errors: [{ messageId: 'namespaced', data: { verbs: 'get', secrets: 'shop/web-tls' } }],
    },
  ],
});
