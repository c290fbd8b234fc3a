import { defineRule } from '../engine/rule.ts';
import { servedCertificateVisitors } from './support/certificate-visitors.ts';

/** Only verdicts reach this rule: the key itself is checked and dropped when the Secret is read. */
export default defineRule({
  id: 'ingress-tls-key-mismatch',
  severity: 'error',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'The tls.key of a TLS Secret served by an Ingress or a Gateway listener is absent, unreadable, or does not belong to the leaf certificate (checked in memory; the key is never kept or printed).',
    remediation:
      'Store the private key that was used to request the leaf certificate under tls.key (PEM, unencrypted), or reissue the certificate for the key you have.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
    ],
  },
  messages: {
    mismatch: 'The private key in Secret "{{secret}}" does not belong to its certificate.',
    absent: 'TLS Secret "{{secret}}" has a certificate but no tls.key.',
    unreadable: 'The tls.key of Secret "{{secret}}" is not a readable private key.',
  },
  needs: ['Secret'],
  create({ model, report }) {
    return servedCertificateVisitors(model, ({ tls, secretName, path, related }) => {
      const data = { secret: secretName };
      if (!tls.keyPresent) report({ path, messageId: 'absent', data, related });
      else if (tls.keyError !== undefined) report({ path, messageId: 'unreadable', data, related });
      else if (tls.keyMatches === false) report({ path, messageId: 'mismatch', data, related });
    });
  },
});
