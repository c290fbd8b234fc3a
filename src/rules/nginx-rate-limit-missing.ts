import { defineRule } from '../engine/rule.ts';
import {
  ANNOTATIONS_PATH,
  NGINX_ANNOTATION_PREFIX,
  isCanary,
  isNginx,
  isPublicHost,
  nginxAnnotation,
} from './support/nginx.ts';

/** Per-client limits of the local (per-replica) rate limiter; "0" or a non-number sets no limit. */
const LOCAL_LIMITS = ['limit-rps', 'limit-rpm', 'limit-connections'];
const GLOBAL_LIMIT_PREFIX = `${NGINX_ANNOTATION_PREFIX}global-rate-limit`;

export default defineRule({
  id: 'nginx-rate-limit-missing',
  severity: 'info',
  category: 'nginx',
  preset: 'strict',
  docs: {
    summary:
      'A public host has no request or connection limit (limit-rps, limit-rpm, limit-connections or global-rate-limit*): one client can flood the backend or brute-force its logins.',
    remediation:
      'Add a per-client limit sized for the application, e.g. nginx.ingress.kubernetes.io/limit-rps: "20" (or global-rate-limit with a window when replicas must share counters).',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#global-rate-limiting',
      'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/',
    ],
  },
  messages: {
    noRateLimit:
      'The public host has no rate or connection limit: no limit-rps, limit-rpm, limit-connections or global-rate-limit.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress) || isCanary(ingress) || !isPublicHost(ingress)) return;
        const localLimit = LOCAL_LIMITS.some((name) =>
          /^[1-9]\d*$/.test(nginxAnnotation(ingress, name)?.trim() ?? ''),
        );
        const globalLimit = Object.keys(ingress.annotations).some((key) =>
          key.startsWith(GLOBAL_LIMIT_PREFIX),
        );
        if (localLimit || globalLimit) return;
        report({ path: ANNOTATIONS_PATH, messageId: 'noRateLimit' });
      },
    };
  },
});
