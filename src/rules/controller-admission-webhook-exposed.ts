import { defineRule } from '../engine/rule.ts';
import { refOf } from '../model/resource.ts';
import { controllerArgPath, nginxControllerVisitors } from '../model/nginx-config.ts';
import { webhookExposure, webhookPort, webhookService } from '../model/webhook-exposure.ts';

export default defineRule({
  id: 'controller-admission-webhook-exposed',
  severity: 'warning',
  category: 'controller',
  preset: 'recommended',
  docs: {
    summary:
      'The ingress-nginx admission webhook is reachable from any pod because no NetworkPolicy limits its port to the API server — the vector of IngressNightmare (CVE-2025-1974) and CVE-2026-24514.',
    remediation:
      'Add a NetworkPolicy selecting the controller pods that admits the webhook port only from the API server addresses (and keep 80/443 open), or disable the webhook (--validating-webhook unset).',
    references: [
      'https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/',
      'https://github.com/kubernetes/kubernetes/issues/131009',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
    ],
  },
  messages: {
    unisolated:
      'The admission webhook of "{{container}}" (port {{port}}) is reachable from any pod: no NetworkPolicy restricts ingress to the controller pods.',
    openPolicy:
      'NetworkPolicy "{{policy}}" admits every source to the admission webhook of "{{container}}" (port {{port}}).',
  },
  needs: ['NetworkPolicy'],
  create({ model, report }) {
    return nginxControllerVisitors(model, (controller) => {
      const port = webhookPort(controller);
      if (port === undefined) return;
      const exposure = webhookExposure(model, controller, port);
      if (exposure.kind === 'restricted') return;
      const service = webhookService(model, controller, port);
      const path = controllerArgPath(controller, 'validating-webhook');
      const data = { container: controller.container.name, port };
      if (exposure.kind === 'unisolated') {
        report({ path, messageId: 'unisolated', data, related: service ? [refOf(service)] : [] });
      } else {
        report({
          path,
          messageId: 'openPolicy',
          data: { ...data, policy: exposure.policy.name },
          related: [refOf(exposure.policy), ...(service ? [refOf(service)] : [])],
        });
      }
    });
  },
});
