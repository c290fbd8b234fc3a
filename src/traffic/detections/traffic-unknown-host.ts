import { LogMemo } from '../memo.ts';
import { hostMatches } from '../../routing/primitives.ts';
import {
  defineTrafficDetection,
  EvidenceMap,
  noteOverflow,
  plural,
  type TrafficAlert,
} from '../detection.ts';

const ID = 'traffic-unknown-host';
/** The alert key for records whose format logs no host (ingress-nginx's default format). */
const NO_HOST = '(not logged)';

export default defineTrafficDetection({
  id: ID,
  severity: 'info',
  needsRouteTable: false,
  docs: {
    summary:
      "Requests answered by a default backend — ingress-nginx's `upstream-default-backend` or an Ingress spec.defaultBackend — or for hosts no rule of the route table serves, grouped by host.",
    threshold: 'requests answered by the default backend / for hosts not in the route table',
    investigate:
      'Requests for hosts nobody routes are scanners trying IPs and stale DNS records pointing at the load balancer; a known host here means a path nothing matches. Remove stale DNS records, and make sure the default backend reveals nothing.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/default-backend/',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#default-backend',
    ],
  },
  create({ settings, severity, table }) {
    const { minCount } = settings.unknownHost;
    const evidence = new EvidenceMap();
    const routed = new LogMemo(
      (host: string): boolean => table?.entries.some((entry) => hostMatches(entry.host, host)) === true,
      4096,
    );
    return {
      observe(event) {
        if (event.ignored || event.joined.outcome !== 'default-backend') return;
        evidence.of(event.record.host ?? NO_HOST)?.add(event);
      },
      alerts() {
        const alerts: TrafficAlert[] = [];
        for (const [host, target] of evidence.map) {
          if (target.count < minCount) continue;
          const logged = host !== NO_HOST;
          const known = logged && table !== undefined && routed.get(host);
          target.details.hostRouted = logged && table !== undefined ? known : null;
          const what = !logged
            ? `${plural(target.count, 'request')} answered by the default backend (no rule matched; the log format has no host)`
            : known
              ? `${plural(target.count, 'request')} for ${host} matched no path and went to the default backend`
              : `${plural(target.count, 'request')} for ${host}, a host no rule routes`;
          alerts.push(
            target.alert({ id: ID }, severity, `${ID}:${host}`, what, { host: logged ? host : null }),
          );
        }
        return noteOverflow(alerts, evidence.overflow);
      },
    };
  },
});
