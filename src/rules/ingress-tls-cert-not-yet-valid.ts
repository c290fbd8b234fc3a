import { defineRule } from '../engine/rule.ts';
import { certificateLabel } from '../model/certificate-checks.ts';
import { isoTime, servedCertificates } from '../model/ingress-tls.ts';

export default defineRule({
  id: 'ingress-tls-cert-not-yet-valid',
  severity: 'error',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'The leaf certificate of a TLS Secret an Ingress serves is not valid yet (notBefore is after --now, by default the current time).',
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
    return {
      Ingress(ingress) {
        for (const { leaf, secretName, path, related } of servedCertificates(model, ingress)) {
          if (leaf.notBefore <= now) continue;
          report({
            path,
            messageId: 'notYetValid',
            data: { secret: secretName, subject: certificateLabel(leaf), notBefore: isoTime(leaf.notBefore) },
            related,
          });
        }
      },
    };
  },
});
