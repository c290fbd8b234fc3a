import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from './nginx-snippet-dangerous.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const NGINX_INC_CLASS = 'IngressClass "nginx" names nginx.org/ingress-controller';
const UNDETERMINED = 'no controller could be resolved for the Ingress, so it may be the one serving it';
/** kyverno/policies restrict-annotations: its test data put nginx.org/ values on Ingresses without a class. */
const KYVERNO = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'conformance',
  'kyverno',
  'restrict-annotations',
);
const kyverno = (path: string): string => readFileSync(join(KYVERNO, path), 'utf8');
const BAD = 'metadata.annotations["nginx.org/bad"]';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-benign-snippet.yaml' },
    { fixture: 'dont-fire-ingress-nginx-with-nginx-org.yaml' },
    { fixture: 'dont-fire-nginx-inc-benign.yaml' },
    { name: 'kyverno ig-good.yaml (chainsaw)', yaml: kyverno('chainsaw-test/ig-good.yaml') },
    {
      name: 'nginx.org/ keys on a Traefik Ingress configure nothing',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.org/location-snippets: "alias /etc/;"
spec:
  ingressClassName: traefik
  rules: [{ host: a.example.com }]
`,
    },
    {
      name: 'another controller',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    kubernetes.io/ingress.class: traefik
    nginx.ingress.kubernetes.io/server-snippet: "location /x { alias /etc/; }"
spec:
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-nginx-inc-root-token-path.yaml',
      errors: [
        {
          messageId: 'dangerousNginxInc',
          path: 'metadata.annotations["nginx.org/location-snippets"]',
          data: { found: 'root', what: 'a file-serving directive', servedBy: NGINX_INC_CLASS },
        },
      ],
    },
    {
      fixture: 'fire-nginx-inc-no-class-passwd.yaml',
      errors: [
        {
          messageId: 'dangerousNginxInc',
          path: 'metadata.annotations["nginx.com/jwt-login-url"]',
          data: { found: '/etc/passwd', what: 'a sensitive file path', servedBy: UNDETERMINED },
        },
      ],
    },
    {
      // `--controller nginx` stands in for an unnamed controller only: the IngressClass names NGINX Inc's,
      // which never reads the ingress-nginx snippet.
      name: 'an NGINX Inc IngressClass wins over --controller nginx',
      model: { fallbackController: 'nginx' },
      yaml: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: nginx.org/ingress-controller
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/server-snippet: "location /x { alias /etc/; }"
    nginx.org/server-snippets: "location /x { alias /etc/; }"
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
      errors: [
        {
          messageId: 'dangerousNginxInc',
          path: 'metadata.annotations["nginx.org/server-snippets"]',
          data: { found: 'alias', servedBy: NGINX_INC_CLASS },
        },
      ],
    },
    {
      name: 'kyverno resources.yaml: alias, root, etc-passwd, var-run-secrets and lua fire',
      yaml: kyverno('kyverno-test/resources.yaml'),
      errors: [
        { messageId: 'dangerousNginxInc', object: 'alias', path: BAD, data: { found: 'alias' } },
        { messageId: 'dangerousNginxInc', object: 'root', path: BAD, data: { found: 'root' } },
        { messageId: 'dangerousNginxInc', object: 'etc-passwd', path: BAD, data: { found: '/etc/passwd' } },
        {
          messageId: 'dangerousNginxInc',
          object: 'var-run-secrets',
          path: BAD,
          data: { found: '/var/run/secrets', servedBy: UNDETERMINED },
        },
        { messageId: 'dangerousNginxInc', object: 'lua', path: BAD, data: { found: '_by_lua' } },
      ],
    },
    {
      fixture: 'fire-lua-block.yaml',
      errors: [
        {
          messageId: 'dangerous',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]',
          data: { found: 'content_by_lua_block', what: 'Lua code' },
        },
      ],
    },
    {
      fixture: 'fire-alias-etc.yaml',
      errors: [
        {
          messageId: 'dangerous',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]',
          data: { found: 'alias', what: 'a file-serving directive' },
        },
      ],
    },
    {
      fixture: 'fire-token-path-in-plain-annotation.yaml',
      errors: [
        {
          messageId: 'dangerous',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/x-forwarded-prefix"]',
          data: { found: '/var/run/secrets' },
        },
      ],
    },
    {
      name: 'include and load_module (CVE-2025-24514 payload)',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "http://a.example.com/#;\\nload_module /tmp/x.so;"
    nginx.ingress.kubernetes.io/server-snippet: "include /tmp/evil.conf;"
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
      errors: [
        {
          messageId: 'dangerous',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]',
          data: { found: 'load_module' },
        },
        {
          messageId: 'dangerous',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]',
          data: { found: 'include', what: 'an include directive' },
        },
      ],
    },
  ],
});
