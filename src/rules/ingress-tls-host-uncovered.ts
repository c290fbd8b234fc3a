import { defineRule } from '../engine/rule.ts';
import { hostnameMatches } from '../model/certificate.ts';

export default defineRule({
  id: 'ingress-tls-host-uncovered',
  severity: 'warning',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'A rule host is not listed in any spec.tls[].hosts of an Ingress that does configure TLS (a wildcard TLS host such as *.example.com covers exactly one label).',
    remediation:
      'Add the host to the hosts of the spec.tls entry whose certificate covers it, or to a new entry with its own Secret.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://kyverno.io/policies/other/ingress-host-match-tls/ingress-host-match-tls',
    ],
  },
  messages: {
    uncovered:
      'Host "{{host}}" is not listed in any spec.tls[].hosts: it may be served without its certificate.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        // Without usable TLS at all, ingress-tls-missing says it once for the whole Ingress.
        if (!ingress.tls.some((entry) => entry.hosts.length > 0 || entry.secretName !== undefined)) return;
        const tlsHosts = ingress.tls.flatMap((entry) => entry.hosts.map((host) => host.toLowerCase()));
        const reported = new Set<string>();
        for (const rule of ingress.rules) {
          if (rule.host === undefined) continue;
          const host = rule.host.toLowerCase();
          if (reported.has(host) || tlsHosts.some((tlsHost) => hostnameMatches(tlsHost, host))) continue;
          reported.add(host);
          report({ path: `${rule.fieldPath}.host`, messageId: 'uncovered', data: { host: rule.host } });
        }
      },
    };
  },
});
