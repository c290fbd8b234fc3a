import rule from './traefik-middleware-cross-namespace.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const PATH = 'metadata.annotations["traefik.ingress.kubernetes.io/router.middlewares"]';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-own-namespace.yaml' }],
  invalid: [
    {
      fixture: 'fire-platform-middleware.yaml',
      errors: [
        {
          messageId: 'crossNamespace',
          path: PATH,
          data: {
            middleware: 'platform-sso-auth@kubernetescrd',
            middlewareNamespace: 'platform',
            namespace: 'shop',
          },
        },
      ],
    },
    {
      fixture: 'fire-unresolved-namespace.yaml',
      errors: [
        {
          messageId: 'otherNamespace',
          path: PATH,
          data: { middleware: 'kube-system-basic-auth@kubernetescrd', namespace: 'shop' },
        },
      ],
    },
  ],
});
