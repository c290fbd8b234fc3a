import { defineRule } from '../engine/rule.ts';
import { isSnippetAnnotation } from '../knowledge/ingress-nginx-annotations.ts';
import { ANNOTATIONS_RISK_DOC, snippetVerdict } from './support/ingress-nginx.ts';
import {
  NGINX_INC_SNIPPETS_DOC,
  ingressNginxAnnotationsOf,
  nginxIncAnnotationsServed,
} from './support/nginx-inc.ts';

/** Any `nginx.org/…-snippet(s)` key: what a snippet for NGINX Inc's controller looks like. */
const NGINX_INC_SNIPPET_KEY = /^nginx\.org\/[\w.-]*-snippets?$/;

/** The only snippet annotations NGINX Inc's controller reads (its annotations reference). */
const NGINX_INC_SNIPPET_ANNOTATIONS: ReadonlySet<string> = new Set([
  'nginx.org/server-snippets',
  'nginx.org/location-snippets',
]);

export default defineRule({
  id: 'nginx-snippet-annotation',
  severity: 'error',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'A *-snippet annotation (ingress-nginx configuration, server, auth, modsecurity, stream; F5 NGINX Ingress Controller nginx.org/server-snippets, location-snippets) puts arbitrary NGINX configuration into the shared controller; the message says whether the controller settings found would let it through.',
    remediation:
      'Replace the snippet with dedicated annotations or controller-wide configuration, and keep snippets off on the controller (ingress-nginx: allow-snippet-annotations "false" with annotations-risk-level below Critical; F5 NGINX Ingress Controller: no -enable-snippets).',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations',
      ANNOTATIONS_RISK_DOC,
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
      'https://github.com/kubernetes/ingress-nginx/issues/10571',
      'https://kyverno.io/policies/other/check-ingress-nginx-controller-version-and-annotation-policy/check-ingress-nginx-controller-version-and-annotation-policy/',
      NGINX_INC_SNIPPETS_DOC,
      'https://kyverno.io/policies/nginx-ingress/disallow-ingress-nginx-custom-snippets/disallow-ingress-nginx-custom-snippets/',
    ],
  },
  messages: {
    allowed:
      'Snippet annotation "{{annotation}}" injects raw NGINX configuration, and the controller settings found ({{configMap}}) let it through: allow-snippet-annotations "true" with annotations-risk-level Critical.',
    blocked:
      'Snippet annotation "{{annotation}}" injects raw NGINX configuration; the controller settings found ({{configMap}}) reject it ({{reason}}), so the Ingress is refused or the annotation ignored.',
    unknownSettings:
      'Snippet annotation "{{annotation}}" injects raw NGINX configuration; the input holds no ingress-nginx controller settings to tell whether it is allowed (the final release blocks it by default: allow-snippet-annotations "false", annotations-risk-level High).',
    nginxIncSnippet:
      'Snippet annotation "{{annotation}}" injects raw NGINX configuration into F5 NGINX Ingress Controller ({{servedBy}}); that controller applies it only when started with -enable-snippets (off by default) and does not validate it: a snippet can serve the TLS certificates and keys the controller holds for every Ingress.',
    nginxIncSnippetUnread:
      'Annotation "{{annotation}}" looks like an F5 NGINX Ingress Controller snippet ({{servedBy}}), but that controller reads only nginx.org/server-snippets and nginx.org/location-snippets: as written it is ignored, and under either name it would inject raw NGINX configuration once the controller runs with -enable-snippets (off by default).',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const snippets = ingressNginxAnnotationsOf(model, ingress).filter(
          (use) => use.entry && !use.entry.removed && isSnippetAnnotation(use.entry),
        );
        const verdict = snippets.length > 0 ? snippetVerdict(model) : undefined;
        for (const use of snippets) {
          const annotation = use.key;
          if (verdict?.kind === 'allowed')
            report({
              path: use.path,
              messageId: 'allowed',
              data: { annotation, configMap: verdict.configMap },
            });
          else if (verdict?.kind === 'blocked')
            report({
              path: use.path,
              messageId: 'blocked',
              data: { annotation, configMap: verdict.configMap, reason: verdict.reason },
            });
          else report({ path: use.path, messageId: 'unknownSettings', data: { annotation } });
        }
        const nginxInc = nginxIncAnnotationsServed(model, ingress);
        if (nginxInc)
          for (const use of nginxInc.uses) {
            if (!NGINX_INC_SNIPPET_KEY.test(use.key)) continue;
            report({
              path: use.path,
              messageId: NGINX_INC_SNIPPET_ANNOTATIONS.has(use.key)
                ? 'nginxIncSnippet'
                : 'nginxIncSnippetUnread',
              data: { annotation: use.key, servedBy: nginxInc.servedBy },
            });
          }
      },
    };
  },
});
