import { defineRule } from '../engine/rule.ts';
import { configBool, configMapKeyPath, nginxConfigVisitors } from '../model/nginx-config.ts';

export default defineRule({
  id: 'controller-server-tokens',
  severity: 'info',
  category: 'controller',
  preset: 'recommended',
  docs: {
    summary:
      'The ingress-nginx ConfigMap sets server-tokens to "true": every response and error page discloses the NGINX version.',
    remediation: 'Remove the server-tokens key (it defaults to "false").',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#server-tokens',
    ],
  },
  messages: {
    enabled:
      'ConfigMap sets server-tokens to "{{value}}": the Server header and error pages disclose the NGINX version.',
  },
  needs: ['ConfigMap'],
  create({ model, report }) {
    return nginxConfigVisitors(model, ({ configMap, data }) => {
      const value = data['server-tokens'];
      if (configMap && value !== undefined && configBool(value) === true) {
        report({
          object: configMap,
          path: configMapKeyPath('server-tokens'),
          messageId: 'enabled',
          data: { value },
        });
      }
    });
  },
});
