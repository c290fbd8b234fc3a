import { defineRule } from '../engine/rule.ts';

export default defineRule({
  id: 'ingress-default-backend',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'The Ingress sets `spec.defaultBackend`: requests for unknown hosts and paths reach a backend instead of a 404.',
    remediation:
      'Remove `spec.defaultBackend` and route explicit hosts and paths; leave the catch-all to the controller.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#default-backend',
      'https://kyverno.io/policies/other/restrict-ingress-defaultbackend/restrict-ingress-defaultbackend/',
    ],
  },
  messages: {
    service: 'Default backend Service "{{service}}" receives every request no rule matches.',
    resource: 'Default backend {{kind}} "{{name}}" receives every request no rule matches.',
    empty: 'A default backend is set without a Service or resource.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        const backend = ingress.defaultBackend;
        if (!backend) return;
        if (backend.type === 'service')
          report({ path: backend.path, messageId: 'service', data: { service: backend.service } });
        else if (backend.type === 'resource')
          report({
            path: backend.path,
            messageId: 'resource',
            data: { kind: backend.kind, name: backend.name },
          });
        else report({ path: backend.path, messageId: 'empty' });
      },
    };
  },
});
