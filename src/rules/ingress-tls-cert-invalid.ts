import { defineRule } from '../engine/rule.ts';
import { secretUseVisitors } from './support/certificate-visitors.ts';
import { TLS_SECRET_TYPE } from '../model/secret.ts';

export default defineRule({
  id: 'ingress-tls-cert-invalid',
  severity: 'error',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'The tls.crt of a TLS Secret an Ingress or a Gateway listener serves is absent or not a parseable PEM certificate chain.',
    remediation:
      'Store the PEM certificate chain (leaf first, then intermediates) base64-encoded under data["tls.crt"], for instance with kubectl create secret tls.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
    ],
  },
  messages: {
    absent: 'TLS Secret "{{secret}}" has no tls.crt.',
    unparseable: 'TLS Secret "{{secret}}" does not hold a usable certificate: {{reason}}.',
  },
  needs: ['Secret'],
  create({ model, report }) {
    return secretUseVisitors(model, ({ secret, secretName, path, related }) => {
      if (!secret.dataKeys.includes('tls.crt')) {
        // A Secret of another type without tls.crt is reported as the wrong type by
        // ingress-tls-secret-missing / gateway-certificate-missing.
        if (secret.secretType === TLS_SECRET_TYPE)
          report({ path, messageId: 'absent', data: { secret: secretName }, related });
        return;
      }
      const reason = secret.tls?.certificateError;
      if (reason !== undefined)
        report({ path, messageId: 'unparseable', data: { secret: secretName, reason }, related });
    });
  },
});
