import { defineRule } from '../engine/rule.ts';
import { isNginx, nginxAnnotation, nginxAnnotationPath } from './support/nginx.ts';

const TLS_BACKEND_PROTOCOLS = new Set(['HTTPS', 'GRPCS']);

export default defineRule({
  id: 'nginx-backend-tls-unverified',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'The Ingress talks TLS to its backend (backend-protocol HTTPS or GRPCS) without proxy-ssl-verify "on", so the backend certificate is never checked and anyone on the path can impersonate it.',
    remediation:
      'Set proxy-ssl-verify: "on" with proxy-ssl-secret naming a Secret whose ca.crt signs the backend certificate (and proxy-ssl-name if the certificate names the Service differently).',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#backend-certificate-authentication',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#backend-protocol',
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ssl_verify',
    ],
  },
  messages: {
    unverified:
      'backend-protocol is {{protocol}} but proxy-ssl-verify is {{verify}}: the backend certificate is not verified.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress)) return;
        // The controller upper-cases backend-protocol; proxy-ssl-verify takes nginx's "on"/"off".
        const protocol = nginxAnnotation(ingress, 'backend-protocol')?.trim().toUpperCase();
        if (protocol === undefined || !TLS_BACKEND_PROTOCOLS.has(protocol)) return;
        const verify = nginxAnnotation(ingress, 'proxy-ssl-verify')?.trim();
        if (verify === 'on') return;
        report({
          path: nginxAnnotationPath(verify === undefined ? 'backend-protocol' : 'proxy-ssl-verify'),
          messageId: 'unverified',
          data: { protocol, verify: verify === undefined ? 'not set (default "off")' : `"${verify}"` },
        });
      },
    };
  },
});
