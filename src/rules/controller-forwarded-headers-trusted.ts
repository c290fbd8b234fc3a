import { defineRule } from '../engine/rule.ts';
import { configBool, configMapKeyPath, nginxConfigVisitors } from '../model/nginx-config.ts';

/** The ConfigMap keys that make the controller believe client-supplied X-Forwarded-* headers. */
const TRUSTING_KEYS = ['use-forwarded-headers', 'compute-full-forwarded-for'] as const;

/**
 * `proxy-real-ip-cidr` (default 0.0.0.0/0) is the set_real_ip_from list: the peers whose
 * X-Forwarded-For is believed. Left at the default, or containing a /0, any client can claim any address.
 */
function openCidrs(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(/[,\s]+/)
    .map((cidr) => cidr.trim())
    .filter((cidr) => /\/0$/.test(cidr));
}

export default defineRule({
  id: 'controller-forwarded-headers-trusted',
  severity: 'warning',
  category: 'controller',
  preset: 'recommended',
  docs: {
    summary:
      'The ingress-nginx ConfigMap trusts X-Forwarded-For (use-forwarded-headers or compute-full-forwarded-for) from any peer because proxy-real-ip-cidr is unset or 0.0.0.0/0: clients can spoof their address past allowlists and rate limits.',
    remediation:
      'Set proxy-real-ip-cidr to the addresses of the load balancer or proxy in front of the controller, or stop trusting forwarded headers when nothing sits in front.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#use-forwarded-headers',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#proxy-real-ip-cidr',
      'https://nginx.org/en/docs/http/ngx_http_realip_module.html#set_real_ip_from',
    ],
  },
  messages: {
    defaultCidr:
      'ConfigMap sets {{setting}} to "true" without proxy-real-ip-cidr (default 0.0.0.0/0): any client can set its own address.',
    openCidr:
      'ConfigMap sets {{setting}} to "true" and proxy-real-ip-cidr trusts {{cidrs}}: any client can set its own address.',
  },
  needs: ['ConfigMap'],
  create({ model, report }) {
    return nginxConfigVisitors(model, ({ configMap, data }) => {
      if (!configMap) return;
      const setting = TRUSTING_KEYS.find((key) => configBool(data[key]) === true);
      if (setting === undefined) return;
      const open = openCidrs(data['proxy-real-ip-cidr']);
      if (open === undefined) {
        report({
          object: configMap,
          path: configMapKeyPath(setting),
          messageId: 'defaultCidr',
          data: { setting },
        });
      } else if (open.length > 0) {
        report({
          object: configMap,
          path: configMapKeyPath('proxy-real-ip-cidr'),
          messageId: 'openCidr',
          data: { setting, cidrs: open.join(', ') },
        });
      }
    });
  },
});
