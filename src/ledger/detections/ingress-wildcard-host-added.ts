import { defineDetection } from './detection.ts';
import { isWildcardHost } from '../../model/hosts.ts';
import { ingressView, isCreate, isModification, objectLabel, stateBefore } from './support/objects.ts';

export default defineDetection({
  id: 'ingress-wildcard-host-added',
  severity: 'error',
  subject: 'ingresses',
  docs: {
    summary:
      'A wildcard host (`*.example.com`) or a rule without a host (every name) appeared on an Ingress, by a create or a change.',
    investigate:
      'A wildcard or hostless rule answers for names nobody listed, including ones meant for other Ingresses; replace it with explicit hosts unless a catch-all is intended.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-rules',
    ],
  },
  detect(change, { alert }) {
    if (change.state === null || !(isCreate(change) || isModification(change))) return [];
    const previous = stateBefore(change);
    const before = previous ? ingressView(change, previous).rules : [];
    const beforeHosts = new Set(before.map((rule) => rule.host));
    const hadHostless = before.some((rule) => rule.host === undefined);
    const added: string[] = [];
    const names: string[] = [];
    for (const rule of ingressView(change, change.state).rules) {
      if (rule.host === undefined) {
        if (hadHostless) continue;
        added.push(rule.fieldPath);
        if (!names.includes('(every host)')) names.push('(every host)');
      } else if (isWildcardHost(rule.host) && !beforeHosts.has(rule.host)) {
        added.push(`${rule.fieldPath}.host`);
        if (!names.includes(rule.host)) names.push(rule.host);
      }
    }
    if (added.length === 0) return [];
    return [
      alert({
        summary: `${names.join(', ')} now served by ${objectLabel(change.object)}`,
        details: { added, hosts: names },
      }),
    ];
  },
});
