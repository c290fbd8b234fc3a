import { defineRule } from '../engine/rule.ts';
import { ingressHosts } from '../model/ingress.ts';
import { isNginx, nginxAnnotation, nginxAnnotationPath } from './support/nginx.ts';

export default defineRule({
  id: 'nginx-server-alias',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'The server-alias annotation adds host names that appear nowhere in spec.rules, so the Ingress answers for hosts that host-based reviews, TLS checks and DNS inventories do not see.',
    remediation:
      'Add the host as a rule (with its own TLS entry) instead of an alias, or remove the alias if nothing should answer for it.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#server-alias',
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#server_name',
    ],
  },
  messages: {
    hiddenHost:
      'server-alias adds host "{{alias}}", which no rule of the Ingress names: it is served without appearing in spec.rules.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress)) return;
        const value = nginxAnnotation(ingress, 'server-alias');
        if (value === undefined) return;
        const hosts = ingressHosts(ingress).map((host) => host.toLowerCase());
        // Documented as comma-separated; older releases passed the value to server_name, space-separated.
        const aliases = new Set(value.split(/[\s,]+/).filter((alias) => alias !== ''));
        for (const alias of aliases) {
          if (hosts.some((host) => hostCovers(host, alias.toLowerCase()))) continue;
          report({ path: nginxAnnotationPath('server-alias'), messageId: 'hiddenHost', data: { alias } });
        }
      },
    };
  },
});

/** A rule host names the alias: the same name, or a `*.` wildcard covering exactly one more label. */
function hostCovers(host: string, alias: string): boolean {
  if (host === alias) return true;
  if (!host.startsWith('*.')) return false;
  const dot = alias.indexOf('.');
  return dot > 0 && alias.slice(dot) === host.slice(1);
}
