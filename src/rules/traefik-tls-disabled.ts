import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';

const TLS_KEY = 'traefik.ingress.kubernetes.io/router.tls';
const ENTRYPOINTS_KEY = 'traefik.ingress.kubernetes.io/router.entrypoints';
/** The plain-HTTP entrypoint names of Traefik's Helm chart and documentation (`web` on :8000/:80). */
const PLAIN_ENTRYPOINTS = new Set(['web', 'http']);

export default defineRule({
  id: 'traefik-tls-disabled',
  severity: 'warning',
  category: 'traefik',
  preset: 'recommended',
  docs: {
    summary:
      'A Traefik Ingress with TLS hosts turns TLS off (router.tls "false") or binds only to a plain-HTTP entrypoint (web), so its hosts are served in clear text.',
    remediation:
      'Set traefik.ingress.kubernetes.io/router.tls to "true" and route through the TLS entrypoint (websecure), or redirect the web entrypoint to websecure.',
    references: [
      'https://doc.traefik.io/traefik/reference/routing-configuration/kubernetes/ingress/',
      'https://doc.traefik.io/traefik/reference/install-configuration/entrypoints/',
    ],
  },
  messages: {
    tlsFalse:
      'router.tls is "{{value}}" on an Ingress with TLS hosts ({{hosts}}): Traefik serves them without TLS.',
    plainEntrypoint:
      'The Ingress has TLS hosts ({{hosts}}) but only the plain-HTTP entrypoint(s) {{entrypoints}}.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (ingress.tls.length === 0 || model.classOf(ingress).controller !== 'traefik') return;
        const hosts = ingress.tls.flatMap((entry) => entry.hosts).join(', ') || '*';
        const tls = ingress.annotations[TLS_KEY]?.trim().toLowerCase();
        if (tls === 'false') {
          report({
            path: annotationPath(TLS_KEY),
            messageId: 'tlsFalse',
            data: { value: ingress.annotations[TLS_KEY] ?? '', hosts },
          });
          return;
        }
        if (tls === 'true') return;
        const entrypoints = (ingress.annotations[ENTRYPOINTS_KEY] ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '');
        if (entrypoints.length > 0 && entrypoints.every((name) => PLAIN_ENTRYPOINTS.has(name))) {
          report({
            path: annotationPath(ENTRYPOINTS_KEY),
            messageId: 'plainEntrypoint',
            data: { hosts, entrypoints: entrypoints.join(', ') },
          });
        }
      },
    };
  },
});
