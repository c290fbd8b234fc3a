import rule from './ingress-path-invalid.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const withPath = (path: string, pathType: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - path: '${path}'
            pathType: ${pathType}
            backend: { service: { name: web, port: { number: 80 } } }
`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-plain-and-regex-paths.yaml' },
    {
      name: 'ImplementationSpecific paths may hold regex characters',
      yaml: withPath('/api/v[0-9]+/(.*)', 'ImplementationSpecific'),
    },
  ],
  invalid: [
    {
      fixture: 'fire-prefix-path-with-regex.yaml',
      errors: [
        {
          messageId: 'invalidCharacters',
          path: 'spec.rules[0].http.paths[0].path',
          data: { path: '/v1/(.*)', pathType: 'Prefix', characters: '(*)' },
        },
      ],
    },
    {
      fixture: 'fire-relative-path.yaml',
      errors: [
        { messageId: 'notAbsolute', path: 'spec.rules[0].http.paths[0].path', data: { path: 'dashboards' } },
      ],
    },
    {
      name: 'an Exact path with a space',
      yaml: withPath('/a b', 'Exact'),
      errors: [{ messageId: 'invalidCharacters', data: { characters: ' ' } }],
    },
    {
      name: 'an Exact path with nginx syntax',
      yaml: withPath('/x;return 200', 'Exact'),
      errors: [{ messageId: 'invalidCharacters', data: { characters: '; ' } }],
    },
    {
      name: 'a relative Prefix path',
      yaml: withPath('api', 'Prefix'),
      errors: [{ messageId: 'notAbsolute' }],
    },
    {
      name: 'a Prefix path without a value',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  rules:
    - http: { paths: [{ pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`,
      errors: [{ messageId: 'missing', path: 'spec.rules[0].http.paths[0]', data: { pathType: 'Prefix' } }],
    },
  ],
});
