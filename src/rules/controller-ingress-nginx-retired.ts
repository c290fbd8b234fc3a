import { defineRule } from '../engine/rule.ts';
import { INGRESS_NGINX_RETIREMENT } from '../knowledge/ingress-nginx-cves.ts';
import { controllerImagePath, nginxControllerVisitors } from '../model/nginx-config.ts';

export default defineRule({
  id: 'controller-ingress-nginx-retired',
  severity: 'warning',
  category: 'controller',
  preset: 'recommended',
  docs: {
    summary:
      'An ingress-nginx controller image is deployed: the project was retired in March 2026 and gets no releases or security fixes after v1.15.1.',
    remediation:
      'Plan the move to a maintained controller or to Gateway API (ingress2gateway converts Ingresses); until then run the final release v1.15.1 with snippets disabled.',
    references: [
      'https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/',
      'https://github.com/kubernetes/ingress-nginx#retiring',
      'https://github.com/kubernetes-sigs/ingress2gateway',
    ],
  },
  messages: {
    retired:
      'Container "{{container}}" runs ingress-nginx ({{image}}), retired since {{retiredOn}}: no fixes after v{{finalRelease}}.',
  },
  create({ model, report }) {
    return nginxControllerVisitors(model, (controller) => {
      report({
        path: controllerImagePath(controller),
        messageId: 'retired',
        data: {
          container: controller.container.name,
          image: controller.image,
          retiredOn: INGRESS_NGINX_RETIREMENT.archived,
          finalRelease: INGRESS_NGINX_RETIREMENT.finalRelease,
        },
      });
    });
  },
});
