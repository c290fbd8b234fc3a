import { defineDetection } from './detection.ts';
import { isWildcardHost } from '../../model/hosts.ts';
import { ingressView, isModification, objectLabel } from './support/objects.ts';

export default defineDetection({
  id: 'ingress-host-added',
  severity: 'warning',
  subject: 'ingresses',
  docs: {
    summary:
      'A host appeared on an existing Ingress: a new name now routes to the cluster (wildcard hosts are reported by ingress-wildcard-host-added).',
    investigate:
      'Check that the host belongs to the team that owns the Ingress and that DNS for it is expected to point at the cluster; a foreign host can capture traffic meant for another Ingress.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#name-based-virtual-hosting',
      'https://github.com/kubernetes/ingress-nginx/issues/2170',
    ],
  },
  detect(change, { alert }) {
    if (!isModification(change)) return [];
    const before = new Set(ingressView(change, change.previous).rules.map((rule) => rule.host));
    const added = ingressView(change, change.state).rules.filter(
      (rule) => rule.host !== undefined && !isWildcardHost(rule.host) && !before.has(rule.host),
    );
    if (added.length === 0) return [];
    const hosts = [...new Set(added.map((rule) => rule.host ?? ''))];
    return [
      alert({
        summary: `Host ${hosts.join(', ')} added to ${objectLabel(change.object)}`,
        details: { added: added.map((rule) => `${rule.fieldPath}.host`), hosts },
      }),
    ];
  },
});
