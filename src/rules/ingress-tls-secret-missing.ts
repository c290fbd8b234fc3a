import { defineRule } from '../engine/rule.ts';
import { TLS_SECRET_TYPE } from '../model/secret.ts';

export default defineRule({
  id: 'ingress-tls-secret-missing',
  severity: 'error',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'A TLS entry names a Secret that does not exist in the Ingress namespace, or one that is not of type kubernetes.io/tls.',
    remediation:
      'Create the kubernetes.io/tls Secret in the same namespace (or fix secretName); without it the controller serves its default certificate.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'],
  },
  messages: {
    missing: 'TLS Secret "{{secret}}" not found in namespace "{{namespace}}".',
    wrongType: 'Secret "{{secret}}" is of type "{{type}}", not kubernetes.io/tls.',
  },
  needs: ['Secret'],
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const { namespace } = ingress.resource;
        for (const entry of ingress.tls) {
          // No secretName: the controller's default certificate is meant (not a finding).
          if (!entry.secretName) continue;
          const related = [{ apiVersion: 'v1', kind: 'Secret', namespace, name: entry.secretName }];
          const path = `${entry.fieldPath}.secretName`;
          const secret = model.secret(namespace, entry.secretName);
          if (!secret) {
            report({ path, messageId: 'missing', data: { secret: entry.secretName, namespace }, related });
          } else if (secret.secretType !== TLS_SECRET_TYPE) {
            report({
              path,
              messageId: 'wrongType',
              data: { secret: entry.secretName, type: secret.secretType },
              related,
            });
          }
        }
      },
    };
  },
});
