import { defineRule } from '../engine/rule.ts';
import { isWildcardHost } from '../model/hosts.ts';

export default defineRule({
  id: 'ingress-host-wildcard',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'A rule host starts with `*.`: the Ingress answers for every name under that domain, including ones other teams may own.',
    remediation: 'List the exact host names the application serves instead of a wildcard.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards',
      'https://kyverno.io/policies/other/restrict-ingress-wildcard/restrict-ingress-wildcard/',
      'https://github.com/open-policy-agent/gatekeeper-library/tree/master/library/general/block-wildcard-ingress',
    ],
  },
  messages: {
    wildcard: 'Host "{{host}}" is a wildcard: it answers for every name under "{{domain}}".',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        for (const rule of ingress.rules) {
          if (rule.host === undefined || !isWildcardHost(rule.host)) continue;
          report({
            path: `${rule.fieldPath}.host`,
            messageId: 'wildcard',
            data: { host: rule.host, domain: rule.host.slice(2) },
          });
        }
      },
    };
  },
});
