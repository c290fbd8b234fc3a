import { defineRule } from '../engine/rule.ts';
import { certificateLabel } from '../model/certificate-checks.ts';
import { isoTime } from '../model/ingress-tls.ts';
import { servedCertificateVisitors } from './support/certificate-visitors.ts';

export default defineRule({
  id: 'ingress-tls-cert-not-yet-valid',
  severity: 'error',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'The leaf certificate of a TLS Secret an Ingress or a Gateway listener serves is not valid yet (notBefore is after --now, by default the current time).',
    remediation:
      'Serve a certificate that is already valid (check the issuing clock and the notBefore date), and switch to the new one only once it is.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5',
    ],
  },
  messages: {
    notYetValid: 'Certificate "{{subject}}" in Secret "{{secret}}" is not valid before {{notBefore}}.',
  },
  needs: ['Secret'],
  create({ model, now, report }) {
    return servedCertificateVisitors(model, ({ leaf, secretName, path, related }) => {
      if (leaf.notBefore <= now) return;
      report({
        path,
        messageId: 'notYetValid',
        data: { secret: secretName, subject: certificateLabel(leaf), notBefore: isoTime(leaf.notBefore) },
        related,
      });
    });
  },
});
