import { defineRule } from '../engine/rule.ts';
import { normaliseHost } from '../model/paths.ts';

export default defineRule({
  id: 'ingress-single-host',
  severity: 'info',
  category: 'routing',
  preset: 'strict',
  docs: {
    summary:
      'One Ingress routes more than one host, so hosts cannot be owned, changed or removed independently.',
    remediation: 'Split the Ingress into one Ingress per host.',
    references: ['https://kyverno.io/policies/other/restrict-ingress-host/restrict-ingress-host/'],
  },
  messages: {
    multipleHosts:
      'The Ingress routes {{count}} hosts ("{{first}}", "{{host}}"…); one host per Ingress is expected.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        /** Distinct hosts, each with the field path of its first rule. */
        const hosts: { readonly host: string; readonly path: string }[] = [];
        for (const rule of ingress.rules) {
          if (rule.host === undefined) continue;
          const host = normaliseHost(rule.host);
          if (!hosts.some((seen) => seen.host === host)) hosts.push({ host, path: `${rule.fieldPath}.host` });
        }
        const [first, second] = hosts;
        if (!first || !second) return;
        // Point at the second host: the first is where the Ingress would be fine to stop.
        report({
          path: second.path,
          messageId: 'multipleHosts',
          data: { count: hosts.length, first: first.host, host: second.host },
        });
      },
    };
  },
});
