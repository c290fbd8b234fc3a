import { defineDetection } from './detection.ts';
import { ingressHosts } from '../../model/ingress.ts';
import { ingressView, isCreate, objectLabel } from './support/objects.ts';

export default defineDetection({
  id: 'ingress-created',
  severity: 'info',
  subject: 'ingresses',
  docs: {
    summary: 'An Ingress was created: new hosts and paths may now be reachable from outside the cluster.',
    investigate:
      'Check that the creator was expected to publish this Service, and what the Ingress exposes (`gatewatch investigate NS/NAME`).',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/',
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/',
    ],
  },
  detect(change, { alert }) {
    if (!isCreate(change)) return [];
    if (change.state === null || change.bodyless)
      return [
        alert({
          summary: `${objectLabel(change.object)} created (recorded without body: content unknown)`,
          details: { bodyless: true },
        }),
      ];
    const hosts = ingressHosts(ingressView(change, change.state));
    return [
      alert({
        summary: `${objectLabel(change.object)} created${hosts.length > 0 ? ` for ${hosts.join(', ')}` : ' with no host'}`,
        details: { hosts },
      }),
    ];
  },
});
