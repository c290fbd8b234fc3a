import {
  defineTrafficDetection,
  EvidenceMap,
  keepEvent,
  noteOverflow,
  plural,
  type TrafficAlert,
  type KeptEvent,
} from '../detection.ts';
import { detach } from '../../sources/access/index.ts';
import { durationText } from '../settings.ts';

const ID = 'traffic-slow-probe';
/** Clients tracked at once; beyond, the stalest are dropped (a botnet cannot grow memory). */
const MAX_CLIENTS = 50_000;

export default defineTrafficDetection({
  id: ID,
  severity: 'warning',
  needsRouteTable: false,
  docs: {
    summary:
      'One client touched at least 15 distinct sensitive paths (probe targets or injection attempts) within 24 hours, spread over at least an hour: a slow, deliberate intrusion attempt that stays under per-minute thresholds.',
    threshold:
      'one IP touching ≥ 15 distinct sensitive paths over 24 hours at a low rate (slow, deliberate intrusion attempts)',
    investigate:
      'Slow probing is targeted: look at everything the IP requested (not only the samples), which routes answered 2xx, and whether other IPs of the same network follow the same pattern.',
    references: [
      'https://attack.mitre.org/techniques/T1595/',
      'https://owasp.org/www-project-automated-threats-to-web-applications/assets/oats/EN/OAT-018_Footprinting',
    ],
  },
  create({ settings, severity }) {
    const { distinctPaths, windowMs, minSpanMs } = settings.slowProbe;
    /** Per IP: sensitive path → last time, oldest first; the first event kept as a sample. */
    const clients = new Map<string, { paths: Map<string, number>; events: KeptEvent[]; requests: number }>();
    const evidence = new EvidenceMap();
    const spans = new Map<string, { paths: number; spanMs: number }>();

    function prune(paths: Map<string, number>, since: number): void {
      for (const [path, time] of paths) {
        if (time >= since) return;
        paths.delete(path);
      }
    }

    return {
      observe(event) {
        if (event.ignored || (event.probe === undefined && event.attacks.length === 0)) return;
        const { record } = event;
        const ip = record.clientIp;
        const fired = evidence.map.get(ip);
        if (fired) {
          fired.add(event);
          return;
        }
        let client = clients.get(ip);
        if (!client) {
          if (clients.size >= MAX_CLIENTS) {
            const stalest = clients.keys().next().value;
            if (stalest !== undefined) clients.delete(stalest);
          }
          clients.set(detach(ip), (client = { paths: new Map(), events: [], requests: 0 }));
        } else {
          // Most recently active last: the stalest client is the first key.
          clients.delete(ip);
          clients.set(detach(ip), client);
        }
        const key = detach(`${record.decodedPath.toLowerCase()}?${record.query}`);
        client.paths.delete(key);
        client.paths.set(key, record.time);
        client.requests++;
        if (client.events.length < 4) client.events.push(keepEvent(event));
        if (client.paths.size < distinctPaths) return;
        prune(client.paths, record.time - windowMs);
        if (client.paths.size > distinctPaths * 4) {
          for (const path of client.paths.keys()) {
            client.paths.delete(path);
            if (client.paths.size <= distinctPaths * 4) break;
          }
        }
        if (client.paths.size < distinctPaths) return;
        const first = client.paths.values().next().value ?? record.time;
        const span = record.time - first;
        if (span < minSpanMs) return;
        const target = evidence.of(ip);
        if (!target) return;
        for (const earlier of client.events)
          if (earlier.time !== record.time || earlier.sample.line !== record.source.line)
            target.addKept(earlier);
        target.add(event);
        target.count = client.requests;
        spans.set(detach(ip), { paths: client.paths.size, spanMs: span });
        clients.delete(ip);
      },
      alerts() {
        const alerts: TrafficAlert[] = [];
        for (const [ip, target] of evidence.map) {
          const span = spans.get(ip) ?? { paths: 0, spanMs: 0 };
          target.details.distinctPaths = span.paths;
          target.details.spanMinutes = Math.round(span.spanMs / 60_000);
          target.details.window = durationText(windowMs);
          alerts.push(
            target.alert(
              { id: ID },
              severity,
              `${ID}:${ip}`,
              `${ip} probed ${plural(span.paths, 'distinct sensitive path')} over ${String(Math.round(span.spanMs / 60_000))} minutes in ${plural(target.count, 'request')}`,
            ),
          );
        }
        return noteOverflow(alerts, evidence.overflow);
      },
    };
  },
});
