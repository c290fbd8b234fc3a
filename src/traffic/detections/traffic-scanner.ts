import { LogMemo } from '../memo.ts';
import { customScannerMatcher, scannerOf, CRS_SCANNER_LIST } from '../../knowledge/scanner-user-agents.ts';
import {
  defineTrafficDetection,
  EvidenceMap,
  noteOverflow,
  plural,
  type TrafficAlert,
} from '../detection.ts';
import { detach } from '../../sources/access/index.ts';
import { durationText } from '../settings.ts';

const ID = 'traffic-scanner';

export default defineTrafficDetection({
  id: ID,
  severity: 'warning',
  needsRouteTable: false,
  docs: {
    summary:
      'One client asked for at least 20 distinct paths that do not exist (404) within 5 minutes, or sent the user agent of a known vulnerability scanner (sqlmap, Nikto, Nuclei, ZGrab…; src/knowledge/scanner-user-agents.ts).',
    threshold: 'one IP with ≥ 20 distinct 404 paths in 5 minutes, or a known scanner user agent',
    investigate:
      'A scanner maps what a host serves before attacking it: check which of its requests did not get a 404 (those found something), and whether the IP is your own security tooling (then list it under traffic.ignoreClients).',
    references: [
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/',
      'https://attack.mitre.org/techniques/T1595/',
      CRS_SCANNER_LIST,
    ],
  },
  create({ settings, severity }) {
    const { distinctNotFound, windowMs, userAgents } = settings.scanner;
    const custom = customScannerMatcher(userAgents);
    const toolOf = new LogMemo(
      (agent: string): string | undefined => scannerOf(agent)?.tool ?? custom(agent),
      4096,
    );
    /** Per IP: the 404 paths asked for in the window, oldest first. */
    const notFound = new Map<string, Misses>();
    const evidence = new EvidenceMap();
    const tools = new Map<string, string>();
    const distinct = new Map<string, number>();
    let lastSweep = Number.NEGATIVE_INFINITY;

    return {
      observe(event) {
        if (event.ignored) return;
        const { record } = event;
        const ip = record.clientIp;
        const agent = record.userAgent;
        const tool = agent === undefined || agent === '' || agent === '-' ? undefined : toolOf.get(agent);
        const known = evidence.map.get(ip);
        if (tool !== undefined) {
          const target = known ?? evidence.of(ip);
          if (!target) return;
          if (!tools.has(ip)) tools.set(detach(ip), tool);
          target.add(event);
          return;
        }
        if (record.status !== 404) return;
        if (known) {
          known.add(event);
          return;
        }
        if (record.time - lastSweep > windowMs) {
          const since = (lastSweep = record.time) - windowMs;
          notFound.forEach((misses, client) => {
            prune(misses, since);
            if (misses.paths.length === 0) notFound.delete(client);
          });
        }
        let misses = notFound.get(ip);
        if (!misses) notFound.set(detach(ip), (misses = { paths: [], times: [] }));
        touch(misses, record.path, record.time);
        if (misses.paths.length < distinctNotFound) return;
        prune(misses, record.time - windowMs);
        if (misses.paths.length < distinctNotFound) return;
        const target = evidence.of(ip);
        if (!target) return;
        distinct.set(detach(ip), misses.paths.length);
        notFound.delete(ip);
        target.add(event);
        target.count = misses.paths.length;
      },
      alerts() {
        const alerts: TrafficAlert[] = [];
        for (const [ip, target] of evidence.map) {
          const tool = tools.get(ip);
          const paths = distinct.get(ip);
          target.details.userAgentTool = tool ?? null;
          target.details.distinctNotFound = paths ?? null;
          target.details.window = durationText(windowMs);
          const why =
            tool !== undefined
              ? `sends the ${tool} user agent`
              : `asked for ${plural(paths ?? 0, 'missing path')} (404) within ${durationText(windowMs)}`;
          alerts.push(
            target.alert(
              { id: ID },
              severity,
              `${ID}:${ip}`,
              `${ip} is scanning: ${why} (${plural(target.count, 'request')})`,
            ),
          );
        }
        return noteOverflow(alerts, evidence.overflow);
      },
    };
  },
});

/**
 * One client's missing paths and when each was last asked for, oldest first. Two small arrays, not a
 * Map per client: most clients have one or two 404s in a window, and thousands of clients' Maps,
 * made and dropped as the window moves, were most of what the young generation had to copy.
 */
interface Misses {
  readonly paths: string[];
  readonly times: number[];
}

/** The path asked for now: moved to the end (most recent last), as a copy that keeps no chunk of the log. */
function touch(misses: Misses, path: string, time: number): void {
  const known = misses.paths.indexOf(path);
  if (known >= 0) {
    misses.paths.splice(known, 1);
    misses.times.splice(known, 1);
  }
  misses.paths.push(detach(path));
  misses.times.push(time);
}

/** Drops the paths last asked for before `since` (from the oldest, up to the first that is not). */
function prune(misses: Misses, since: number): void {
  let stale = 0;
  while (stale < misses.times.length && (misses.times[stale] ?? since) < since) stale++;
  if (stale === 0) return;
  misses.paths.splice(0, stale);
  misses.times.splice(0, stale);
}
