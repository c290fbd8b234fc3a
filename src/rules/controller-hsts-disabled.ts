import { defineRule } from '../engine/rule.ts';
import { configBool, configMapKeyPath, nginxConfigVisitors } from '../model/nginx-config.ts';

export default defineRule({
  id: 'controller-hsts-disabled',
  severity: 'warning',
  category: 'controller',
  preset: 'recommended',
  docs: {
    summary:
      'The ingress-nginx ConfigMap sets hsts to "false": HTTPS hosts stop sending Strict-Transport-Security, so browsers can be downgraded to plain HTTP.',
    remediation:
      'Remove the hsts key (it defaults to "true") and tune hsts-max-age / hsts-include-subdomains instead of turning HSTS off.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#hsts',
      'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security',
    ],
  },
  messages: {
    disabled: 'ConfigMap sets hsts to "{{value}}": no Strict-Transport-Security header on any HTTPS host.',
  },
  needs: ['ConfigMap'],
  create({ model, report }) {
    return nginxConfigVisitors(model, ({ configMap, data }) => {
      const value = data.hsts;
      if (configMap && value !== undefined && configBool(value) === false) {
        report({ object: configMap, path: configMapKeyPath('hsts'), messageId: 'disabled', data: { value } });
      }
    });
  },
});
