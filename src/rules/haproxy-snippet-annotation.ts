import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import { isHaproxySnippetKey } from '../knowledge/haproxy-annotations.ts';

export default defineRule({
  id: 'haproxy-snippet-annotation',
  severity: 'error',
  category: 'haproxy',
  preset: 'recommended',
  docs: {
    summary:
      'An HAProxy Ingress carries a raw configuration snippet (haproxy.org/backend-config-snippet, frontend-config-snippet, haproxy-ingress.github.io/config-backend, config-frontend…): arbitrary HAProxy directives from whoever can edit the Ingress.',
    remediation:
      'Replace the snippet with the dedicated annotations, or keep snippets in the controller ConfigMap owned by the platform team and block them on Ingresses with an admission policy.',
    references: [
      'https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/',
      'https://haproxy-ingress.github.io/docs/configuration/keys/#configuration-snippet',
    ],
  },
  messages: {
    snippet: '"{{key}}" injects raw HAProxy configuration.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (model.classOf(ingress).controller !== 'haproxy') return;
        for (const key of Object.keys(ingress.annotations)) {
          if (isHaproxySnippetKey(key))
            report({ path: annotationPath(key), messageId: 'snippet', data: { key } });
        }
      },
    };
  },
});
