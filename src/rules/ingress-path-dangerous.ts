import { defineRule } from '../engine/rule.ts';
import { findDangerousReference } from '../knowledge/dangerous-paths.ts';

export default defineRule({
  id: 'ingress-path-dangerous',
  severity: 'error',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'A host, path or TLS secretName contains what CVE-2021-25745 abuses (`/etc`, `/var/run/secrets`, `/root`, `/var/run/kubernetes/serviceaccount`, `alias`, `root`, `_by_lua`) to read files such as the controller service account token.',
    remediation:
      'Remove the reference from the Ingress, upgrade ingress-nginx to 1.2.0 or later and keep strict path validation on.',
    references: [
      'https://github.com/kubernetes/ingress-nginx/issues/8502',
      'https://nvd.nist.gov/vuln/detail/CVE-2021-25745',
      'https://kyverno.io/policies/nginx-ingress/restrict-ingress-paths/restrict-ingress-paths/',
    ],
  },
  messages: {
    path: 'Path "{{value}}" references "{{match}}" (CVE-2021-25745).',
    host: 'Host "{{value}}" references "{{match}}" (CVE-2021-25745).',
    secretName: 'TLS secretName "{{value}}" references "{{match}}" (CVE-2021-25745).',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        const check = (
          value: string | undefined,
          path: string,
          messageId: 'path' | 'host' | 'secretName',
        ): void => {
          if (value === undefined) return;
          const match = findDangerousReference(value);
          if (match !== undefined) report({ path, messageId, data: { value, match } });
        };
        for (const rule of ingress.rules) {
          check(rule.host, `${rule.fieldPath}.host`, 'host');
          for (const entry of rule.paths) check(entry.path, `${entry.fieldPath}.path`, 'path');
        }
        for (const entry of ingress.tls) {
          check(entry.secretName, `${entry.fieldPath}.secretName`, 'secretName');
          entry.hosts.forEach((host, index) => {
            check(host, `${entry.fieldPath}.hosts[${index}]`, 'host');
          });
        }
      },
    };
  },
});
