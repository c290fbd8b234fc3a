import { defineRule } from '../engine/rule.ts';
import { isNginx, nginxAnnotation, nginxAnnotationPath, nginxBool } from './support/nginx.ts';

export default defineRule({
  id: 'nginx-cors-wildcard-credentials',
  severity: 'error',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'CORS is enabled for any origin (cors-allow-origin "*" or left at its default "*") while credentials are allowed (cors-allow-credentials, default true).',
    remediation:
      'List the trusted origins in cors-allow-origin (e.g. "https://app.example.com"), or set cors-allow-credentials: "false" if cross-origin callers never send cookies or Authorization headers.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#enable-cors',
      'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#credentialed_requests_and_wildcards',
      'https://portswigger.net/web-security/cors',
    ],
  },
  messages: {
    wildcardWithCredentials:
      'CORS allows origin "{{origin}}" together with credentials (cors-allow-credentials {{credentials}}): any web site may call this host on behalf of its users.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress) || nginxBool(ingress, 'enable-cors') !== true) return;
        const origins = nginxAnnotation(ingress, 'cors-allow-origin');
        // Absent means "*"; ingress-nginx also collapses a list holding "*" to "*".
        const wildcard = origins === undefined || origins.split(',').some((origin) => origin.trim() === '*');
        const credentials = nginxBool(ingress, 'cors-allow-credentials');
        if (!wildcard || credentials === false) return;
        report({
          path: nginxAnnotationPath(origins === undefined ? 'enable-cors' : 'cors-allow-origin'),
          messageId: 'wildcardWithCredentials',
          data: { origin: '*', credentials: credentials === undefined ? 'true by default' : 'true' },
        });
      },
    };
  },
});
