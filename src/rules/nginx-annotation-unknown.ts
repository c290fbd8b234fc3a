import { defineRule } from '../engine/rule.ts';
import { NGINX_ANNOTATION_PREFIX, nearestAnnotationName } from '../knowledge/ingress-nginx-annotations.ts';
import { ANNOTATIONS_DOC, nginxAnnotationsOf } from './support/ingress-nginx.ts';

export default defineRule({
  id: 'nginx-annotation-unknown',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'An nginx.ingress.kubernetes.io/ annotation that ingress-nginx does not know, usually a typo: the controller ignores it silently.',
    remediation: 'Fix the key (the message suggests the nearest known one) or remove it.',
    references: [ANNOTATIONS_DOC],
  },
  messages: {
    unknown: 'Annotation "{{annotation}}" is not an ingress-nginx annotation: the controller ignores it.',
    didYouMean:
      'Annotation "{{annotation}}" is not an ingress-nginx annotation: the controller ignores it. Did you mean "{{suggestion}}"?',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        for (const use of nginxAnnotationsOf(model, ingress)) {
          if (use.entry) continue;
          const nearest = nearestAnnotationName(use.name);
          if (nearest === undefined)
            report({ path: use.path, messageId: 'unknown', data: { annotation: use.key } });
          else
            report({
              path: use.path,
              messageId: 'didYouMean',
              data: { annotation: use.key, suggestion: NGINX_ANNOTATION_PREFIX + nearest },
            });
        }
      },
    };
  },
});
