import rule from './nginx-cross-namespace-secret.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const path = (name: string) => `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-same-namespace.yaml' },
    {
      name: 'no namespace in the file: the default namespace is the Ingress namespace',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: { nginx.ingress.kubernetes.io/auth-tls-secret: default/client-ca }
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-shared-htpasswd.yaml',
      errors: [
        {
          messageId: 'crossNamespace',
          path: path('auth-secret'),
          line: 9,
          data: {
            annotation: 'auth-secret',
            secret: 'basic-auth',
            secretNamespace: 'ingress-nginx',
            namespace: 'logging',
          },
        },
      ],
    },
    {
      fixture: 'fire-tls-secrets-elsewhere.yaml',
      errors: [
        {
          messageId: 'crossNamespace',
          path: path('auth-tls-secret'),
          data: { secret: 'client-ca', secretNamespace: 'security' },
        },
        {
          messageId: 'crossNamespace',
          path: path('proxy-ssl-secret'),
          data: { secret: 'mesh-client', secretNamespace: 'security' },
        },
      ],
    },
  ],
});
