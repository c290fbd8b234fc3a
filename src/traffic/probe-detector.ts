/**
 * traffic-sqli-probe, traffic-xss-probe, traffic-path-traversal: requests whose decoded URL matches an
 * injection pattern of one kind (src/knowledge/attack-patterns.ts), counted per client IP. One alert
 * per IP once it reaches `traffic.probes.minCount` (default 1): the pattern ids, the routes hit and how
 * many of the requests got a 2xx (the application did not reject them).
 */
import type { AttackKind } from '../knowledge/attack-patterns.ts';
import { detach } from '../sources/access/index.ts';
import {
  EvidenceMap,
  noteOverflow,
  plural,
  type Detector,
  type DetectorContext,
  type TrafficAlert,
} from './detection.ts';

const KIND_LABEL: Readonly<Record<AttackKind, string>> = {
  sqli: 'SQL injection',
  xss: 'cross-site scripting',
  traversal: 'path traversal',
};

export function probeDetector(
  id: string,
  kind: AttackKind,
  { settings, severity }: DetectorContext,
): Detector {
  const { minCount } = settings.probes;
  const evidence = new EvidenceMap();
  const patterns = new Map<string, Set<string>>();
  const served = new Map<string, number>();
  return {
    observe(event) {
      if (event.ignored || event.attacks.length === 0) return;
      const match = event.attacks.find((attack) => attack.kind === kind);
      if (!match) return;
      const ip = event.record.clientIp;
      const target = evidence.of(ip);
      if (!target) return;
      target.add(event);
      let ids = patterns.get(ip);
      if (!ids) patterns.set(detach(ip), (ids = new Set()));
      if (ids.size < 10) ids.add(match.patternId);
      const { status } = event.record;
      if (status >= 200 && status < 300) served.set(detach(ip), (served.get(ip) ?? 0) + 1);
    },
    alerts() {
      const alerts: TrafficAlert[] = [];
      for (const [ip, target] of evidence.map) {
        if (target.count < minCount) continue;
        const ok = served.get(ip) ?? 0;
        target.details.patterns = [...(patterns.get(ip) ?? [])];
        target.details.answered2xx = ok;
        alerts.push(
          target.alert(
            { id },
            severity,
            `${id}:${ip}`,
            `${ip} sent ${plural(target.count, `${KIND_LABEL[kind]} probe`)}${ok > 0 ? `, ${plural(ok, 'answered')} 2xx` : ''}`,
          ),
        );
      }
      return noteOverflow(alerts, evidence.overflow);
    },
  };
}
