import { defineRule } from '../engine/rule.ts';
import { certificateLabel, certificateWeaknesses, chainRole } from '../model/certificate-checks.ts';
import { servedCertificateVisitors } from './support/certificate-visitors.ts';

export default defineRule({
  id: 'ingress-tls-cert-weak',
  severity: 'warning',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'A certificate in a TLS Secret served by an Ingress or a Gateway listener has a weak key (RSA under 2048 bits, EC under 256 bits) or an MD5/SHA-1 signature on the leaf or an intermediate.',
    remediation:
      'Reissue the certificate with an RSA 2048+ or EC P-256+ key, signed with SHA-256 or stronger, and replace any SHA-1 intermediate.',
    references: [
      'https://cabforum.org/working-groups/server/baseline-requirements/requirements/',
      'https://csrc.nist.gov/pubs/sp/800/131/a/r2/final',
      'https://shattered.io/',
    ],
  },
  messages: {
    weakKey:
      'Certificate "{{subject}}" ({{certificate}}) in Secret "{{secret}}" has a {{bits}}-bit {{keyType}} key (minimum {{minimum}}).',
    weakSignature:
      'Certificate "{{subject}}" ({{certificate}}) in Secret "{{secret}}" is signed with {{algorithm}}.',
  },
  needs: ['Secret'],
  create({ model, report }) {
    return servedCertificateVisitors(model, ({ chain, secretName, path, related }) => {
      chain.forEach((cert, index) => {
        const certificate = chainRole(chain, index);
        const base = { secret: secretName, certificate, subject: certificateLabel(cert) };
        for (const weakness of certificateWeaknesses(cert, certificate === 'root')) {
          if (weakness.kind === 'key') {
            const { keyType, bits, minimum } = weakness;
            report({
              path,
              messageId: 'weakKey',
              data: { ...base, keyType: keyType.toUpperCase(), bits, minimum },
              related,
            });
          } else {
            report({
              path,
              messageId: 'weakSignature',
              data: { ...base, algorithm: weakness.algorithm },
              related,
            });
          }
        }
      });
    });
  },
});
