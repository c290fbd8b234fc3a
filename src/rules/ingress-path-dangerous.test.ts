import rule from './ingress-path-dangerous.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
${spec}`;

ruleTester(rule, {
  valid: [
    { name: 'kyverno restrict-ingress-paths: good-paths', fixture: 'dont-fire-kyverno-good-paths.yaml' },
    { name: 'segments, not substrings', fixture: 'dont-fire-lookalikes.yaml' },
  ],
  invalid: [
    {
      name: 'kyverno restrict-ingress-paths: every bad path fails, good-paths passes',
      fixture: 'fire-restrict-ingress-paths-kyverno.yaml',
      errors: [
        {
          messageId: 'path',
          object: 'bad-path-root',
          path: 'spec.rules[0].http.paths[0].path',
          data: { value: '/root', match: '/root' },
        },
        { messageId: 'path', object: 'bad-path-secrets', data: { match: '/var/run/secrets' } },
        {
          messageId: 'path',
          object: 'bad-path-etc-kubernetes',
          data: { value: '/etc/kubernetes/admin.conf', match: '/etc' },
        },
        {
          messageId: 'path',
          object: 'bad-path-serviceaccount',
          data: { match: '/var/run/kubernetes/serviceaccount' },
        },
        { messageId: 'path', object: 'bad-path-etc', data: { value: '/etc/config', match: '/etc' } },
      ],
    },
    {
      fixture: 'fire-etc-path.yaml',
      errors: [
        {
          messageId: 'path',
          path: 'spec.rules[0].http.paths[0].path',
          data: { value: '/etc/nginx/nginx.conf', match: '/etc' },
        },
      ],
    },
    {
      fixture: 'fire-lua-directive.yaml',
      errors: [{ messageId: 'path', path: 'spec.rules[0].http.paths[0].path', data: { match: '_by_lua' } }],
    },
    {
      name: 'deeper in the path',
      yaml: ingress(`  rules:
    - host: files.example.com
      http: { paths: [{ path: /download/etc/passwd, pathType: Prefix, backend: { service: { name: files, port: { number: 80 } } } }] }
`),
      errors: [{ messageId: 'path', data: { match: '/etc' } }],
    },
    {
      name: 'an alias directive',
      yaml: ingress(`  rules:
    - host: files.example.com
      http: { paths: [{ path: '/static { alias /data/; }', pathType: ImplementationSpecific, backend: { service: { name: files, port: { number: 80 } } } }] }
`),
      errors: [{ messageId: 'path', data: { match: 'alias' } }],
    },
    {
      name: 'a host smuggling a path',
      yaml: ingress(`  rules:
    - host: example.com/var/run/secrets/kubernetes.io
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: files, port: { number: 80 } } } }] }
`),
      errors: [{ messageId: 'host', path: 'spec.rules[0].host', data: { match: '/var/run/secrets' } }],
    },
    {
      name: 'a TLS secretName',
      yaml: ingress(`  tls:
    - hosts: [files.example.com]
      secretName: 'x; root /etc/'
`),
      errors: [{ messageId: 'secretName', path: 'spec.tls[0].secretName', data: { match: '/etc' } }],
    },
  ],
});
