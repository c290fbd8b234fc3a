import { defineDetection } from './detection.ts';
import { at } from '../../model/field-path.ts';
import { ingressView, isModification, objectLabel } from './support/objects.ts';

export default defineDetection({
  id: 'ingress-tls-removed',
  severity: 'error',
  subject: 'ingresses',
  docs: {
    summary: 'An update or patch removed a TLS entry from an Ingress, or a host from its TLS entries.',
    investigate:
      'The host is now served over plain HTTP (or with the controller default certificate); restore the spec.tls entry unless the host moved to another Ingress.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://kubernetes.github.io/ingress-nginx/user-guide/tls/',
    ],
  },
  detect(change, { alert }) {
    if (!isModification(change)) return [];
    const before = ingressView(change, change.previous);
    const after = ingressView(change, change.state);
    const hostsAfter = new Set(after.tls.flatMap((entry) => entry.hosts));
    const secretsAfter = new Set(after.tls.map((entry) => entry.secretName));
    const removed: string[] = [];
    const removedHosts: string[] = [];
    for (const entry of before.tls) {
      if (entry.hosts.length === 0) {
        // An entry without hosts: what identifies it is its Secret.
        if (!secretsAfter.has(entry.secretName)) removed.push(entry.fieldPath);
        continue;
      }
      const lost = entry.hosts.filter((host) => !hostsAfter.has(host));
      removedHosts.push(...lost);
      if (lost.length === entry.hosts.length) removed.push(entry.fieldPath);
      else
        for (const host of lost)
          removed.push(at('spec', 'tls', entry.index, 'hosts', entry.hosts.indexOf(host)));
    }
    if (removed.length === 0) return [];
    const what = removedHosts.length > 0 ? `for ${[...new Set(removedHosts)].join(', ')}` : 'entry';
    return [
      alert({
        summary: `TLS removed from ${objectLabel(change.object)} ${what}`,
        details: { removed, hosts: [...new Set(removedHosts)] },
      }),
    ];
  },
});
