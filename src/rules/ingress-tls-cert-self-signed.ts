import { defineRule } from '../engine/rule.ts';
import { certificateLabel } from '../model/certificate-checks.ts';
import { servedCertificateVisitors } from './support/certificate-visitors.ts';

export default defineRule({
  id: 'ingress-tls-cert-self-signed',
  severity: 'info',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'The leaf certificate of a TLS Secret served by an Ingress or a Gateway listener is self-signed (issuer equals subject and its signature verifies with its own key), so browsers will not trust it.',
    remediation:
      'Use a certificate issued by a public or organisation CA (for instance via cert-manager with ACME or a CA issuer) unless every client pins this one.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://cert-manager.io/docs/configuration/selfsigned/',
    ],
  },
  messages: {
    selfSigned: 'Certificate "{{subject}}" in Secret "{{secret}}" is self-signed.',
  },
  needs: ['Secret'],
  create({ model, report }) {
    return servedCertificateVisitors(model, ({ leaf, secretName, path, related }) => {
      if (leaf.selfSigned)
        report({
          path,
          messageId: 'selfSigned',
          data: { secret: secretName, subject: certificateLabel(leaf) },
          related,
        });
    });
  },
});
