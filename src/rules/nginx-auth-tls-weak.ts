import { defineRule } from '../engine/rule.ts';
import { isNginx, nginxAnnotation, nginxAnnotationPath } from './support/nginx.ts';

/** Client-certificate settings that only take effect together with auth-tls-secret. */
const AUTH_TLS_SETTINGS = [
  'auth-tls-verify-client',
  'auth-tls-verify-depth',
  'auth-tls-match-cn',
  'auth-tls-pass-certificate-to-upstream',
  'auth-tls-error-page',
];

export default defineRule({
  id: 'nginx-auth-tls-weak',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'Client-certificate authentication is configured but does not verify: auth-tls-verify-client "off" or "optional_no_ca", or auth-tls-* settings without the auth-tls-secret that enables them.',
    remediation:
      'Set auth-tls-secret to "namespace/name" of a Secret holding ca.crt and leave auth-tls-verify-client at its default "on" (or "optional" only when the backend checks the ssl-client-verify header).',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#client-certificate-authentication',
      'https://github.com/kubernetes/ingress-nginx/blob/main/internal/ingress/annotations/authtls/main.go',
      'https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_verify_client',
    ],
  },
  messages: {
    verifyOff:
      'auth-tls-verify-client is "off": client certificates are not requested although auth-tls-secret "{{secret}}" suggests they are required.',
    verifyNoCa:
      'auth-tls-verify-client is "optional_no_ca": any client certificate is accepted, whoever signed it; only the backend can still reject it (ssl-client-verify header).',
    secretMissing:
      '{{annotation}} is set but auth-tls-secret is not: ingress-nginx enables client-certificate authentication only with auth-tls-secret, so no client is verified.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress)) return;
        const secret = nginxAnnotation(ingress, 'auth-tls-secret');
        // Its default is "on" (authtls parser, defaultAuthVerifyClient): a secret alone verifies clients.
        const verify = nginxAnnotation(ingress, 'auth-tls-verify-client')?.trim();
        const verifyPath = nginxAnnotationPath('auth-tls-verify-client');
        if (secret === undefined) {
          const settings = AUTH_TLS_SETTINGS.filter((name) => nginxAnnotation(ingress, name) !== undefined);
          const [first] = settings;
          // verify-client "off" with nothing else asks for no verification: nothing is missing.
          if (first === undefined || (verify === 'off' && settings.length === 1)) return;
          report({
            path: nginxAnnotationPath(first),
            messageId: 'secretMissing',
            data: { annotation: first },
          });
        } else if (verify === 'off') {
          report({ path: verifyPath, messageId: 'verifyOff', data: { secret } });
        } else if (verify === 'optional_no_ca') {
          report({ path: verifyPath, messageId: 'verifyNoCa' });
        }
      },
    };
  },
});
