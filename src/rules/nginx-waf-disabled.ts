import { defineRule } from '../engine/rule.ts';
import {
  ANNOTATIONS_PATH,
  isCanary,
  isNginx,
  isPublicHost,
  nginxAnnotation,
  nginxAnnotationPath,
  nginxBool,
  parseGoBool,
  sharedControllerSetting,
} from './support/nginx.ts';

export default defineRule({
  id: 'nginx-waf-disabled',
  severity: 'info',
  category: 'nginx',
  preset: 'strict',
  docs: {
    summary:
      'A public host runs without the ModSecurity web application firewall, or with ModSecurity but no rule set (the OWASP Core Rule Set or a modsecurity-snippet), which inspects nothing.',
    remediation:
      'Set enable-modsecurity: "true" and enable-owasp-core-rules: "true" on the Ingress (or enable-modsecurity and enable-owasp-modsecurity-crs in the controller ConfigMap), then tune false positives before switching SecRuleEngine from DetectionOnly to On.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#modsecurity',
      'https://kubernetes.github.io/ingress-nginx/user-guide/third-party-addons/modsecurity/',
      'https://coreruleset.org/',
    ],
  },
  messages: {
    disabled: 'The public host is served without ModSecurity (enable-modsecurity is {{setting}}).',
    noRuleSet:
      'ModSecurity is enabled without a rule set: neither enable-owasp-core-rules nor a modsecurity-snippet is set, so requests are inspected against no attack rules.',
  },
  create({ model, report }) {
    const globalEnabled = parseGoBool(sharedControllerSetting(model, 'enable-modsecurity'));
    const globalCoreRules =
      parseGoBool(sharedControllerSetting(model, 'enable-owasp-modsecurity-crs')) === true;
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress) || isCanary(ingress) || !isPublicHost(ingress)) return;
        const annotation = nginxBool(ingress, 'enable-modsecurity');
        const path = annotation === undefined ? ANNOTATIONS_PATH : nginxAnnotationPath('enable-modsecurity');
        if ((annotation ?? globalEnabled) !== true) {
          const setting =
            annotation === false
              ? '"false"'
              : globalEnabled === false
                ? 'off in the controller ConfigMap'
                : 'not set';
          report({ path, messageId: 'disabled', data: { setting } });
          return;
        }
        const coreRules = nginxBool(ingress, 'enable-owasp-core-rules') ?? globalCoreRules;
        if (coreRules || nginxAnnotation(ingress, 'modsecurity-snippet') !== undefined) return;
        report({ path, messageId: 'noRuleSet' });
      },
    };
  },
});
