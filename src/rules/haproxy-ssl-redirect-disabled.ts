import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import { HAPROXY_SSL_REDIRECT_KEYS } from '../knowledge/haproxy-annotations.ts';

export default defineRule({
  id: 'haproxy-ssl-redirect-disabled',
  severity: 'warning',
  category: 'haproxy',
  preset: 'recommended',
  docs: {
    summary:
      'An HAProxy Ingress with TLS hosts sets ssl-redirect to "false": its hosts stay reachable over plain HTTP.',
    remediation:
      'Remove the ssl-redirect annotation (both HAProxy controllers redirect TLS hosts to HTTPS by default) or set it to "true".',
    references: [
      'https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/#ssl-redirect',
      'https://haproxy-ingress.github.io/docs/configuration/keys/#ssl-redirect',
    ],
  },
  messages: {
    disabled: '"{{key}}" is "{{value}}" on an Ingress with TLS hosts ({{hosts}}): plain HTTP is served.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (ingress.tls.length === 0 || model.classOf(ingress).controller !== 'haproxy') return;
        const hosts = ingress.tls.flatMap((entry) => entry.hosts).join(', ') || '*';
        for (const key of HAPROXY_SSL_REDIRECT_KEYS) {
          const value = ingress.annotations[key];
          if (value?.trim().toLowerCase() === 'false')
            report({ path: annotationPath(key), messageId: 'disabled', data: { key, value, hosts } });
        }
      },
    };
  },
});
