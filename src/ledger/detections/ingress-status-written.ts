import { defineDetection } from './detection.ts';
import type { AlertDetails } from '../alerts/alert.ts';
import { objectLabel, succeeded } from './support/objects.ts';
import { matchesAny } from './settings.ts';

export default defineDetection({
  id: 'ingress-status-written',
  severity: 'warning',
  subject: 'ingresses/status',
  docs: {
    summary:
      'The status of an Ingress (ingresses/status, the load-balancer address) was written by an identity that is not a configured ingress controller (accountability.controllerIdentities).',
    investigate:
      "External DNS and other automation trust status.loadBalancer: a forged address can redirect a host's DNS to an attacker. Check who holds update on ingresses/status.",
    references: [
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressStatus',
      'https://github.com/kubernetes-sigs/external-dns/blob/master/docs/sources/ingress.md',
    ],
  },
  detect(change, { alert, settings }) {
    if (!change.write || !succeeded(change)) return [];
    if (matchesAny(change.actor.username, settings.controllerIdentities)) return [];
    const details: AlertDetails = change.diff
      ? {
          changed: change.diff.changed
            .filter((d) => d.path.startsWith('status'))
            .map((d) => ({ path: d.path, old: d.old, new: d.new })),
          added: change.diff.added.filter((p) => p.startsWith('status')),
        }
      : {};
    return [
      alert({
        summary: `Status of ${objectLabel(change.object)} written by a non-controller identity`,
        details,
      }),
    ];
  },
});
