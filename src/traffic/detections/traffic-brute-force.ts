import {
  defineTrafficDetection,
  EvidenceMap,
  keepEvent,
  noteOverflow,
  plural,
  type TrafficAlert,
  type KeptEvent,
  type TrafficEvent,
} from '../detection.ts';
import { detach } from '../../sources/access/index.ts';
import { durationText } from '../settings.ts';

const ID = 'traffic-brute-force';

export default defineTrafficDetection({
  id: ID,
  severity: 'warning',
  needsRouteTable: false,
  docs: {
    summary:
      'One client got at least 10 responses 401 or 403 from one host + path within 5 minutes: credential guessing or stuffing against a login. Raised to error when the same client then got a 2xx from that path (a guess may have worked).',
    threshold: '≥ 10 responses 401/403 to one host+path from one IP within 5 minutes',
    investigate:
      'Check whether the account(s) behind the sample requests were compromised (a later 2xx from the same IP), block or rate-limit the IP (nginx.ingress.kubernetes.io/limit-rps) and consider lockout or MFA on the route.',
    references: [
      'https://owasp.org/www-community/attacks/Brute_force_attack',
      'https://attack.mitre.org/techniques/T1110/',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting',
    ],
  },
  create({ settings, severity }) {
    const { count, windowMs, statuses } = settings.bruteForce;
    const denied = new Set(statuses);
    /** Recent denials per ip + host + path, oldest first, at most `count`. */
    const recent = new Map<string, KeptEvent[]>();
    const evidence = new EvidenceMap();
    const firedIps = new Set<string>();
    const succeeded = new Map<string, number>();
    let lastSweep = Number.NEGATIVE_INFINITY;

    function keyOf(event: TrafficEvent): string {
      const { record, joined } = event;
      const host =
        record.host ??
        (joined.entry?.host.type === 'exact' ? joined.entry.host.value : (record.upstreamName ?? ''));
      return `${record.clientIp}\u0000${host}\u0000${record.path}`;
    }

    function sweep(now: number): void {
      if (now - lastSweep < windowMs) return;
      lastSweep = now;
      for (const [key, events] of recent) {
        const last = events.at(-1);
        if (!last || last.time < now - windowMs) recent.delete(key);
      }
    }

    return {
      observe(event) {
        if (event.ignored) return;
        const { record } = event;
        if (!denied.has(record.status)) {
          if (record.status >= 200 && record.status < 300 && firedIps.has(record.clientIp)) {
            const key = keyOf(event);
            if (evidence.map.has(key)) succeeded.set(detach(key), (succeeded.get(key) ?? 0) + 1);
          }
          return;
        }
        sweep(record.time);
        const key = keyOf(event);
        const fired = evidence.map.get(key);
        if (fired) {
          fired.add(event);
          return;
        }
        let events = recent.get(key);
        if (!events) recent.set(detach(key), (events = []));
        events.push(keepEvent(event));
        while (events.length > 0 && (events[0]?.time ?? 0) < record.time - windowMs) events.shift();
        if (events.length > count) events.shift();
        if (events.length < count) return;
        const target = evidence.of(key);
        if (!target) return;
        for (const earlier of events) target.addKept(earlier);
        recent.delete(key);
        firedIps.add(detach(record.clientIp));
      },
      alerts() {
        const alerts: TrafficAlert[] = [];
        for (const [key, target] of evidence.map) {
          const [ip = '', host = '', path = ''] = key.split('\u0000');
          const wins = succeeded.get(key) ?? 0;
          target.details.threshold = count;
          target.details.window = durationText(windowMs);
          target.details.succeededAfter = wins;
          alerts.push(
            target.alert(
              { id: ID },
              wins > 0 ? 'error' : severity,
              `${ID}:${key}`,
              `${ip} got ${plural(target.count, 'denied response')} (${statuses.join('/')}) from ${host}${path}${wins > 0 ? `, then ${plural(wins, 'success', 'successes')} (2xx)` : ''}`,
              { path, host: host === '' ? null : host },
            ),
          );
        }
        return noteOverflow(alerts, evidence.overflow);
      },
    };
  },
});
