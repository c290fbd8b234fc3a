import { defineRule } from '../engine/rule.ts';
import { ingressBackends } from '../model/services.ts';

export default defineRule({
  id: 'ingress-backend-resource',
  severity: 'info',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      'A backend is a `resource` reference (for example a storage bucket) rather than a Service: only some controllers support it, and gatewatch cannot follow it.',
    remediation:
      'Make sure the controller serving this Ingress supports resource backends and that the referenced object exists; prefer a Service backend where possible.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#resource-backend'],
  },
  messages: {
    resource:
      'Backend is a {{kind}} "{{name}}" (API group "{{apiGroup}}"), not a Service: only controllers that know this kind can route to it.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        for (const backend of ingressBackends(ingress)) {
          if (backend.type !== 'resource') continue;
          report({
            path: `${backend.path}.resource`,
            messageId: 'resource',
            data: { kind: backend.kind || 'resource', name: backend.name, apiGroup: backend.apiGroup ?? '' },
            related: [
              {
                apiVersion: backend.apiGroup ?? '',
                kind: backend.kind,
                namespace: ingress.resource.namespace,
                name: backend.name,
              },
            ],
          });
        }
      },
    };
  },
});
