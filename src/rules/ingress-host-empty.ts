import { defineRule } from '../engine/rule.ts';

export default defineRule({
  id: 'ingress-host-empty',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'A rule has no `host`: its paths answer requests for every host name that reaches the controller.',
    remediation: 'Set `host` on every rule to the name the application serves.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-rules',
      'https://kyverno.io/policies/best-practices/disallow-empty-ingress-host/disallow-empty-ingress-host/',
    ],
  },
  messages: {
    noHost: 'Rule {{rule}} has no host: its {{paths}} path(s) answer every host name.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        for (const rule of ingress.rules) {
          // A rule without paths routes nothing, whatever its host.
          if (rule.host !== undefined || rule.paths.length === 0) continue;
          report({
            path: rule.fieldPath,
            messageId: 'noHost',
            data: { rule: rule.index, paths: rule.paths.length },
          });
        }
      },
    };
  },
});
