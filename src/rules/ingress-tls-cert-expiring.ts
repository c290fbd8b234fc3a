import { z } from 'zod';
import { defineRule } from '../engine/rule.ts';
import { certificateLabel } from '../model/certificate-checks.ts';
import { isoTime } from '../model/ingress-tls.ts';
import { servedCertificateVisitors } from './support/certificate-visitors.ts';

const DAY = 86_400_000;

const options = z.strictObject({
  /** Warn when the leaf certificate expires within this many days. */
  days: z.number().int().min(0).default(21),
});

export default defineRule({
  id: 'ingress-tls-cert-expiring',
  severity: 'warning',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'The leaf certificate of a TLS Secret an Ingress or a Gateway listener serves expires within `days` days (option, default 21) of --now.',
    remediation:
      'Renew the certificate before it expires, and check that automated renewal (for instance cert-manager) is working for this Secret.',
    references: [
      'https://cert-manager.io/docs/usage/certificate/#reissuance-triggered-by-expiry-renewal',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
    ],
  },
  messages: {
    expiring:
      'Certificate "{{subject}}" in Secret "{{secret}}" expires on {{notAfter}}, in {{daysLeft}} days (warning window: {{days}} days).',
  },
  needs: ['Secret'],
  options,
  create({ model, now, options: { days }, report }) {
    return servedCertificateVisitors(model, ({ leaf, secretName, path, related }) => {
      // Already expired is ingress-tls-cert-expired's finding.
      if (leaf.notAfter <= now || leaf.notAfter - now > days * DAY) return;
      const daysLeft = Math.floor((leaf.notAfter - now) / DAY);
      report({
        path,
        messageId: 'expiring',
        data: {
          secret: secretName,
          subject: certificateLabel(leaf),
          notAfter: isoTime(leaf.notAfter),
          daysLeft,
          days,
        },
        related,
      });
    });
  },
});
