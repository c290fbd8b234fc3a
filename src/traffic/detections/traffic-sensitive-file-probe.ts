import { detach } from '../../sources/access/index.ts';
import {
  defineTrafficDetection,
  EvidenceMap,
  noteOverflow,
  plural,
  type TrafficAlert,
} from '../detection.ts';

const ID = 'traffic-sensitive-file-probe';

export default defineTrafficDetection({
  id: ID,
  severity: 'warning',
  needsRouteTable: false,
  docs: {
    summary:
      'Requests for files and endpoints only a probe asks for — /.env, /.git/, /wp-admin, /server-status, /actuator, backups and keys (src/knowledge/probe-paths.ts) — counted per client IP. Raised to error when one of them was answered with a 2xx: the file may have been served.',
    threshold: 'requests for `/.env`, `/.git/`, `/wp-admin`, `/server-status`, `/actuator`…',
    investigate:
      'Any 2xx in the samples means a secret or an admin endpoint may be public: check the response size, remove the file from the image or block the path, and rotate what it contained.',
    references: [
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information',
      'https://attack.mitre.org/techniques/T1595/003/',
    ],
  },
  create({ settings, severity }) {
    const { minCount } = settings.sensitiveFiles;
    const evidence = new EvidenceMap();
    const targets = new Map<string, Set<string>>();
    const served = new Map<string, number>();
    return {
      observe(event) {
        if (event.ignored || !event.probe) return;
        const ip = event.record.clientIp;
        const target = evidence.of(ip);
        if (!target) return;
        target.add(event);
        let names = targets.get(ip);
        if (!names) targets.set(detach(ip), (names = new Set()));
        if (names.size < 10) names.add(event.probe.name);
        const { status } = event.record;
        if (status >= 200 && status < 300) served.set(detach(ip), (served.get(ip) ?? 0) + 1);
      },
      alerts() {
        const alerts: TrafficAlert[] = [];
        for (const [ip, target] of evidence.map) {
          if (target.count < minCount) continue;
          const ok = served.get(ip) ?? 0;
          const names = [...(targets.get(ip) ?? [])];
          target.details.targets = names;
          target.details.answered2xx = ok;
          alerts.push(
            target.alert(
              { id: ID },
              ok > 0 ? 'error' : severity,
              `${ID}:${ip}`,
              `${ip} asked for sensitive files (${names.join(', ')}) in ${plural(target.count, 'request')}${ok > 0 ? `; ${plural(ok, 'was', 'were')} answered 2xx` : ''}`,
            ),
          );
        }
        return noteOverflow(alerts, evidence.overflow);
      },
    };
  },
});
