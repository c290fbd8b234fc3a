import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from './nginx-snippet-annotation.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const SERVER_SNIPPET = 'metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]';
const CONFIGURATION_SNIPPET = 'metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]';
/** kyverno/policies check-ingress-nginx-controller-version-and-annotation-policy: server-snippet is forbidden. */
const KYVERNO = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'conformance',
  'kyverno',
  'check-ingress-nginx-controller-version-and-annotation-policy',
);
const kyverno = (path: string): string => readFileSync(join(KYVERNO, path), 'utf8');
/** kyverno/policies disallow-ingress-nginx-custom-snippets: nginx.org/*-snippet keys on Ingresses without a class. */
const KYVERNO_SNIPPETS = join(KYVERNO, '..', 'disallow-ingress-nginx-custom-snippets');
const kyvernoSnippets = (path: string): string => readFileSync(join(KYVERNO_SNIPPETS, path), 'utf8');
const NGINX_INC_CLASS = 'IngressClass "nginx" names nginx.org/ingress-controller';
const UNDETERMINED = 'no controller could be resolved for the Ingress, so it may be the one serving it';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-no-snippets.yaml' },
    { fixture: 'dont-fire-traefik-ingress.yaml' },
    { name: 'kyverno good-resource.yaml (chainsaw)', yaml: kyverno('chainsaw-test/good-resource.yaml') },
    { fixture: 'dont-fire-snippets-for-nginx-inc-on-ingress-nginx.yaml' },
    {
      name: 'kyverno ig-good.yaml: no snippets (chainsaw)',
      yaml: kyvernoSnippets('chainsaw-test/ig-good.yaml'),
    },
    {
      name: 'nginx.org/ snippets on a Traefik Ingress configure nothing',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.org/server-snippets: "location /x { return 200; }"
spec:
  ingressClassName: traefik
  rules: [{ host: a.example.com }]
`,
    },
  ],
  invalid: [
    {
      fixture: 'fire-nginx-inc-snippets.yaml',
      errors: [
        {
          messageId: 'nginxIncSnippet',
          path: 'metadata.annotations["nginx.org/server-snippets"]',
          data: { servedBy: NGINX_INC_CLASS },
        },
        {
          messageId: 'nginxIncSnippet',
          path: 'metadata.annotations["nginx.org/location-snippets"]',
          data: { servedBy: NGINX_INC_CLASS },
        },
      ],
    },
    {
      fixture: 'fire-nginx-inc-undetermined-singular-key.yaml',
      errors: [
        {
          messageId: 'nginxIncSnippetUnread',
          path: 'metadata.annotations["nginx.org/server-snippet"]',
          data: { annotation: 'nginx.org/server-snippet', servedBy: UNDETERMINED },
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
    nginx.ingress.kubernetes.io/server-snippet: "location /x { return 200; }"
    nginx.org/server-snippets: "location /x { return 200; }"
spec:
  ingressClassName: nginx
  rules: [{ host: a.example.com }]
`,
      errors: [
        {
          messageId: 'nginxIncSnippet',
          path: 'metadata.annotations["nginx.org/server-snippets"]',
          data: { servedBy: NGINX_INC_CLASS },
        },
      ],
    },
    {
      name: 'kyverno resources.yaml: cafe-ingress-with-snippets fires, cafe-ingress does not',
      yaml: kyvernoSnippets('kyverno-test/resources.yaml'),
      errors: [
        {
          messageId: 'nginxIncSnippetUnread',
          object: 'cafe-ingress-with-snippets',
          path: 'metadata.annotations["nginx.org/server-snippet"]',
        },
        {
          messageId: 'nginxIncSnippetUnread',
          object: 'cafe-ingress-with-snippets',
          path: 'metadata.annotations["nginx.org/location-snippet"]',
        },
      ],
    },
    {
      fixture: 'fire-snippet-allowed.yaml',
      errors: [
        {
          messageId: 'allowed',
          path: CONFIGURATION_SNIPPET,
          data: { configMap: 'ingress-nginx/ingress-nginx-controller' },
        },
      ],
    },
    {
      fixture: 'fire-snippet-blocked-by-risk-level.yaml',
      errors: [
        {
          messageId: 'blocked',
          path: CONFIGURATION_SNIPPET,
          data: { reason: 'annotations-risk-level is High, snippets are Critical' },
        },
      ],
    },
    {
      fixture: 'fire-snippets-no-controller-settings.yaml',
      errors: [
        {
          messageId: 'unknownSettings',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/auth-snippet"]',
        },
        { messageId: 'unknownSettings', path: SERVER_SNIPPET, line: 10 },
      ],
    },
    {
      // The controller Pods run v1.11.x without a ConfigMap: that release's defaults block snippets.
      name: 'kyverno resource.yaml: bad-ingress fires, good-ingress does not',
      yaml: kyverno('variant-other-vpol/kyverno-test/resource.yaml'),
      errors: [
        {
          messageId: 'blocked',
          object: 'bad-ingress',
          path: SERVER_SNIPPET,
          data: { configMap: 'built-in defaults', reason: 'allow-snippet-annotations is not "true"' },
        },
      ],
    },
    {
      name: 'kyverno bad-resource.yaml (chainsaw)',
      yaml: kyverno('chainsaw-test/bad-resource.yaml'),
      errors: [{ messageId: 'blocked', object: 'demo', path: SERVER_SNIPPET }],
    },
  ],
});
