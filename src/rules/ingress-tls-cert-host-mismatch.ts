import { defineRule } from '../engine/rule.ts';
import { certificateCoversHost } from '../model/certificate.ts';
import { certificateNames } from '../model/certificate-checks.ts';
import { servedCertificates } from '../model/ingress-tls.ts';

export default defineRule({
  id: 'ingress-tls-cert-host-mismatch',
  severity: 'error',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      "A host listed in a spec.tls entry is not covered by the names of that entry's leaf certificate (its DNS SANs, or its CN only when it has no SAN; a wildcard covers one label).",
    remediation:
      'Issue the certificate for every host of the TLS entry (add them as subjectAltNames), or move the host to an entry whose certificate covers it.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://www.rfc-editor.org/rfc/rfc6125#section-6.4',
    ],
  },
  messages: {
    mismatch:
      'Host "{{host}}" is not covered by the certificate in Secret "{{secret}}", which names: {{names}}.',
  },
  needs: ['Secret'],
  create({ model, report }) {
    return {
      Ingress(ingress) {
        for (const { entry, leaf, secretName, related } of servedCertificates(model, ingress)) {
          const names = certificateNames(leaf);
          entry.hosts.forEach((host, index) => {
            if (certificateCoversHost(leaf, host)) return;
            report({
              path: `${entry.fieldPath}.hosts[${index}]`,
              messageId: 'mismatch',
              data: { host, secret: secretName, names: names.length > 0 ? names.join(', ') : '(no names)' },
              related,
            });
          });
        }
      },
    };
  },
});
