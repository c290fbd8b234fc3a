import { defineRule } from '../engine/rule.ts';
import { injectionCharacter } from '../knowledge/ingress-nginx-annotations.ts';
import { ANNOTATIONS_DOC, nginxAnnotationsOf } from './support/ingress-nginx.ts';

export default defineRule({
  id: 'nginx-annotation-injection',
  severity: 'error',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'An ingress-nginx annotation value holds a line break, ;, {, }, #, a quote, a backtick or $ where its validator forbids it: the value would inject NGINX configuration (auth-url, auth-tls-match-cn, mirror-target, permanent-redirect, rewrite-target… — CVE-2023-5044, CVE-2025-24514, CVE-2025-1097, CVE-2025-1098).',
    remediation:
      'Give the annotation a plain value of the documented form; controllers before v1.11.5/v1.12.1 do not refuse such values themselves, so upgrade too.',
    references: [
      ANNOTATIONS_DOC,
      'https://github.com/kubernetes/ingress-nginx/issues/10572',
      'https://github.com/kubernetes/kubernetes/issues/131005',
      'https://github.com/kubernetes/kubernetes/issues/131006',
      'https://github.com/kubernetes/kubernetes/issues/131007',
      'https://github.com/kubernetes/kubernetes/issues/131008',
    ],
  },
  messages: {
    injection:
      'Annotation "{{annotation}}" contains a {{character}}, which its validator forbids: the value would inject NGINX configuration.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        for (const use of nginxAnnotationsOf(model, ingress)) {
          if (!use.entry || use.entry.removed) continue;
          const found = injectionCharacter(use.name, use.value);
          if (found)
            report({
              path: use.path,
              messageId: 'injection',
              data: { annotation: use.key, character: found.label },
            });
        }
      },
    };
  },
});
