import { defineRule } from '../engine/rule.ts';
import { certificateLabel } from '../model/certificate-checks.ts';
import { isoTime } from '../model/ingress-tls.ts';
import { servedCertificateVisitors } from './support/certificate-visitors.ts';

const DAY = 86_400_000;

export default defineRule({
  id: 'ingress-tls-cert-expired',
  severity: 'error',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'The leaf certificate of a TLS Secret an Ingress or a Gateway listener serves has expired (notAfter is before --now, by default the current time).',
    remediation:
      'Renew the certificate and update the Secret, and automate renewal (for instance with cert-manager) so it does not lapse again.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://cert-manager.io/docs/usage/ingress/',
    ],
  },
  messages: {
    expired: 'Certificate "{{subject}}" in Secret "{{secret}}" expired on {{notAfter}} ({{days}} days ago).',
  },
  needs: ['Secret'],
  create({ model, now, report }) {
    return servedCertificateVisitors(model, ({ leaf, secretName, path, related }) => {
      if (leaf.notAfter > now) return;
      const days = Math.floor((now - leaf.notAfter) / DAY);
      report({
        path,
        messageId: 'expired',
        data: { secret: secretName, subject: certificateLabel(leaf), notAfter: isoTime(leaf.notAfter), days },
        related,
      });
    });
  },
});
