import { defineRule } from '../engine/rule.ts';
import { serviceBackends, serviceRef } from '../model/services.ts';

export default defineRule({
  id: 'ingress-backend-service-missing',
  severity: 'error',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      'A rule path or the default backend names a Service that does not exist in the Ingress namespace.',
    remediation:
      'Create the Service in the same namespace as the Ingress (or fix the backend service name); until then the controller answers 503 for that path.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource',
      'https://docs.kubelinter.io/#/generated/checks?id=dangling-ingress',
    ],
  },
  messages: {
    missing: 'Backend Service "{{service}}" not found in namespace "{{namespace}}".',
  },
  needs: ['Service'],
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const { namespace } = ingress.resource;
        for (const backend of serviceBackends(ingress)) {
          if (model.get('Service', namespace, backend.service)) continue;
          report({
            path: backend.servicePath,
            messageId: 'missing',
            data: { service: backend.service, namespace },
            related: [serviceRef(namespace, backend.service)],
          });
        }
      },
    };
  },
});
