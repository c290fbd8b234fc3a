import { defineRule } from '../engine/rule.ts';
import {
  hasTlsHosts,
  isNginx,
  nginxAnnotation,
  nginxAnnotationPath,
  nginxBool,
  parseGoBool,
  sharedControllerSetting,
} from './support/nginx.ts';

export default defineRule({
  id: 'nginx-ssl-redirect-disabled',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'An Ingress with TLS hosts turns off the HTTP-to-HTTPS redirect (ssl-redirect or force-ssl-redirect "false"), so its hosts keep answering in clear text.',
    remediation:
      'Remove the annotation (ingress-nginx redirects to HTTPS by default when the Ingress has TLS) and fix clients or health checks that need plain HTTP instead.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#server-side-https-enforcement-through-redirect',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#ssl-redirect',
      'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
    ],
  },
  messages: {
    sslRedirectDisabled:
      'ssl-redirect is "{{value}}" although the Ingress has TLS hosts: plain HTTP requests are served instead of redirected to HTTPS.',
    forceSslRedirectDisabled:
      'force-ssl-redirect is "{{value}}" and the controller does not redirect to HTTPS otherwise (ConfigMap ssl-redirect is off): plain HTTP requests are served.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress) || !hasTlsHosts(ingress)) return;
        // The controller redirects when ssl-redirect (default true, ConfigMap-wide) or force-ssl-redirect
        // (default false) holds; an annotation overrides the ConfigMap. Only a value that turns the
        // redirect off is reported: force-ssl-redirect "false" alone changes nothing by default.
        const sslRedirect = nginxBool(ingress, 'ssl-redirect');
        const forceRedirect = nginxBool(ingress, 'force-ssl-redirect');
        const redirects =
          (sslRedirect ?? parseGoBool(sharedControllerSetting(model, 'ssl-redirect')) ?? true) ||
          (forceRedirect ?? parseGoBool(sharedControllerSetting(model, 'force-ssl-redirect')) ?? false);
        if (redirects) return;
        if (sslRedirect === false) {
          const value = nginxAnnotation(ingress, 'ssl-redirect') ?? '';
          report({
            path: nginxAnnotationPath('ssl-redirect'),
            messageId: 'sslRedirectDisabled',
            data: { value },
          });
        } else if (forceRedirect === false) {
          const value = nginxAnnotation(ingress, 'force-ssl-redirect') ?? '';
          report({
            path: nginxAnnotationPath('force-ssl-redirect'),
            messageId: 'forceSslRedirectDisabled',
            data: { value },
          });
        }
      },
    };
  },
});
