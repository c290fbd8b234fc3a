import { defineRule } from '../engine/rule.ts';
import { missingIssuer, oneLineName } from '../model/certificate-checks.ts';
import { servedCertificateVisitors } from './support/certificate-visitors.ts';

export default defineRule({
  id: 'ingress-tls-chain-incomplete',
  severity: 'warning',
  category: 'tls',
  preset: 'strict',
  docs: {
    summary:
      'The chain in the tls.crt of a TLS Secret served by an Ingress or a Gateway listener does not end in a self-signed root and names an issuer it does not contain (an issuer that is a publicly trusted root in the Mozilla store may be left out).',
    remediation:
      'Append the intermediate certificates (and, for a private CA, its root) after the leaf in tls.crt, in issuing order.',
    references: [
      'https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2',
      'https://kubernetes.github.io/ingress-nginx/user-guide/tls/',
    ],
  },
  messages: {
    incomplete: 'The chain in Secret "{{secret}}" names issuer "{{issuer}}" but does not contain it.',
  },
  needs: ['Secret'],
  create({ model, report }) {
    return servedCertificateVisitors(model, ({ chain, secretName, path, related }) => {
      const issuer = missingIssuer(chain);
      if (issuer !== undefined)
        report({
          path,
          messageId: 'incomplete',
          data: { secret: secretName, issuer: oneLineName(issuer) },
          related,
        });
    });
  },
});
