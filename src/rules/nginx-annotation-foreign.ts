import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import { foreignAnnotations } from '../knowledge/controller-annotation-prefixes.ts';
import { isNginx } from './support/nginx.ts';

export default defineRule({
  id: 'nginx-annotation-foreign',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'An Ingress served by ingress-nginx carries annotations addressed to another controller (F5 NGINX, Traefik, HAProxy), which ingress-nginx silently ignores.',
    remediation:
      'Replace the annotation with its nginx.ingress.kubernetes.io/ equivalent, or set the class of the controller it was written for.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/',
      'https://docs.nginx.com/nginx-ingress-controller/configuration/ingress-resources/advanced-configuration-with-annotations/',
    ],
  },
  messages: {
    foreign:
      'Annotation "{{annotation}}" is read by {{controller}}, but this Ingress is served by ingress-nginx: it has no effect.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress)) return;
        for (const { key, owner } of foreignAnnotations(ingress.annotations, 'nginx')) {
          report({
            path: annotationPath(key),
            messageId: 'foreign',
            data: { annotation: key, controller: owner.product },
          });
        }
      },
    };
  },
});
