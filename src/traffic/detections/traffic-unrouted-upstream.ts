import {
  defineTrafficDetection,
  EvidenceMap,
  noteOverflow,
  plural,
  type TrafficAlert,
} from '../detection.ts';

const ID = 'traffic-unrouted-upstream';

export default defineTrafficDetection({
  id: ID,
  severity: 'warning',
  needsRouteTable: true,
  docs: {
    summary:
      'The log names an upstream (ingress-nginx `$proxy_upstream_name` = namespace-service-port) that is no backend of the configuration given: the controller runs a configuration other than the one reviewed (stale, or changed outside it), or routes traffic you did not expect.',
    threshold:
      'upstream names that match no backend of the current configuration (stale config or unexpected route)',
    investigate:
      'Compare the running configuration with the manifests (`gatewatch routes --cluster`): an Ingress deleted from Git but alive in the cluster, one created by hand, or a port renamed in the Service.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/log-format/',
      'https://kubernetes.github.io/ingress-nginx/troubleshooting/',
    ],
  },
  create({ severity }) {
    const evidence = new EvidenceMap();
    return {
      observe(event) {
        if (event.joined.outcome !== 'unrouted-upstream') return;
        evidence.of(event.record.upstreamName ?? '')?.add(event);
      },
      alerts() {
        const alerts: TrafficAlert[] = [];
        for (const [upstream, target] of evidence.map) {
          alerts.push(
            target.alert(
              { id: ID },
              severity,
              `${ID}:${upstream}`,
              `upstream ${upstream} served ${plural(target.count, 'request')} but is no backend of the configuration`,
              { upstream },
            ),
          );
        }
        return noteOverflow(alerts, evidence.overflow);
      },
    };
  },
});
