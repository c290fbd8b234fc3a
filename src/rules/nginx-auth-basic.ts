import { defineRule } from '../engine/rule.ts';
import {
  isCanary,
  isNginx,
  isPublicHost,
  nginxAnnotation,
  nginxAnnotationPath,
  nginxBool,
  sharedControllerSetting,
} from './support/nginx.ts';

const PASSWORD_AUTH_TYPES = new Set(['basic', 'digest']);

export default defineRule({
  id: 'nginx-auth-basic',
  severity: 'info',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'A public host is protected only by HTTP basic or digest authentication (auth-type), with no external authentication, client certificates or source-range allowlist.',
    remediation:
      'Put an identity-aware check in front (auth-url to an OAuth2/OIDC proxy), require client certificates, or limit the host to known networks with allowlist-source-range.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#authentication',
      'https://kubernetes.github.io/ingress-nginx/examples/auth/oauth-external-auth/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html',
    ],
  },
  messages: {
    onlyPasswordAuth:
      'The public host is protected only by HTTP {{authType}} authentication: shared static passwords with no lockout, MFA or audit trail.',
  },
  create({ model, report }) {
    const globalAuthUrl = sharedControllerSetting(model, 'global-auth-url');
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress) || isCanary(ingress) || !isPublicHost(ingress)) return;
        const authType = nginxAnnotation(ingress, 'auth-type');
        if (authType === undefined || !PASSWORD_AUTH_TYPES.has(authType)) return;
        const externalAuth =
          nginxAnnotation(ingress, 'auth-url') !== undefined ||
          (globalAuthUrl !== undefined &&
            globalAuthUrl !== '' &&
            nginxBool(ingress, 'enable-global-auth') !== false);
        if (externalAuth || nginxAnnotation(ingress, 'auth-tls-secret') !== undefined) return;
        report({ path: nginxAnnotationPath('auth-type'), messageId: 'onlyPasswordAuth', data: { authType } });
      },
    };
  },
});
