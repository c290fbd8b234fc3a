import { defineRule } from '../engine/rule.ts';
import { gatewayClasses, gatewayView } from '../model/gateway-api.ts';

export default defineRule({
  id: 'gateway-class-missing',
  severity: 'error',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A Gateway names a gatewayClassName for which no GatewayClass exists, so no controller programs it.',
    remediation:
      'Set gatewayClassName to an existing GatewayClass (kubectl get gatewayclass), or install the controller that provides the class.',
    references: [
      'https://gateway-api.sigs.k8s.io/api-types/gatewayclass/',
      'https://gateway-api.sigs.k8s.io/api-types/gateway/',
    ],
  },
  messages: {
    missing: 'GatewayClass "{{className}}" does not exist.',
  },
  needs: ['GatewayClass'],
  create({ model, report }) {
    return {
      Gateway(resource) {
        const { className } = gatewayView(model, resource);
        if (className === undefined || gatewayClasses(model).has(className)) return;
        report({
          path: 'spec.gatewayClassName',
          messageId: 'missing',
          data: { className },
          related: [
            {
              apiVersion: 'gateway.networking.k8s.io/v1',
              kind: 'GatewayClass',
              namespace: '',
              name: className,
            },
          ],
        });
      },
    };
  },
});
