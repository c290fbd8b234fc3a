import { defineRule } from '../engine/rule.ts';
import { certificateCoversHost } from '../model/certificate.ts';
import { certificateNames } from '../model/certificate-checks.ts';
import { servedCertificates } from '../model/ingress-tls.ts';
import type { CertificateInfo } from '../model/certificate.ts';
import { gatewayView } from '../model/gateway-api.ts';
import { listenerServedCertificates } from '../model/gateway-tls.ts';
import type { ObjectRef } from '../model/resource.ts';

export default defineRule({
  id: 'ingress-tls-cert-host-mismatch',
  severity: 'error',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      "A host listed in an Ingress spec.tls entry (or a Gateway listener's hostname) is not covered by the names of the leaf certificate served for it (its DNS SANs, or its CN only when it has no SAN; a wildcard covers one label).",
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
    const check = (
      leaf: CertificateInfo,
      secretName: string,
      hosts: readonly { host: string; path: string }[],
      related: readonly ObjectRef[],
    ) => {
      const names = certificateNames(leaf);
      for (const { host, path } of hosts) {
        if (certificateCoversHost(leaf, host)) continue;
        report({
          path,
          messageId: 'mismatch',
          data: { host, secret: secretName, names: names.length > 0 ? names.join(', ') : '(no names)' },
          related,
        });
      }
    };
    return {
      Ingress(ingress) {
        for (const { entry, leaf, secretName, related } of servedCertificates(model, ingress)) {
          const hosts = entry.hosts.map((host, index) => ({
            host,
            path: `${entry.fieldPath}.hosts[${index}]`,
          }));
          check(leaf, secretName, hosts, related);
        }
      },
      Gateway(gateway) {
        // A listener's hostname is the host its certificate must answer to (a wildcard hostname needs the
        // same wildcard in the certificate); a listener without hostname names no host to check.
        for (const { leaf, secretName, hosts, related } of listenerServedCertificates(
          model,
          gatewayView(model, gateway),
        ))
          check(leaf, secretName, hosts, related);
      },
    };
  },
});
