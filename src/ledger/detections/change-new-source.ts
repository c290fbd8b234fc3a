import { defineDetection } from './detection.ts';
import { isSuccessfulWrite, objectLabel } from './support/objects.ts';

/**
 * A user agent without its version numbers: `kubectl/v1.30.2 (linux/amd64) kubernetes/3968350` and the
 * same kubectl one release later are one source; kubectl on darwin/arm64 (another machine) is another.
 */
export function userAgentFamily(userAgent: string): string {
  return userAgent
    .replace(/\bv?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.-]+)?/g, '*')
    .replace(/\bkubernetes\/[0-9a-f]{6,}/g, 'kubernetes/*');
}

export default defineDetection({
  id: 'change-new-source',
  severity: 'info',
  subject: 'ingress-related',
  docs: {
    summary:
      'An actor changed an ingress object from a source IP, or a user agent (versions ignored), that the ledger never saw for that actor before. Actors seen for the first time have no baseline and do not raise it.',
    investigate:
      'Stolen credentials are used from somewhere else: confirm with the person that the address and tool are theirs (a new laptop, a VPN exit, a CI runner).',
    references: [
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/',
      'https://attack.mitre.org/techniques/T1078/',
    ],
  },
  detect(change, { alert, actorBefore }) {
    if (!isSuccessfulWrite(change) || actorBefore.changes === 0) return [];
    const knownIps = new Set(actorBefore.sourceIPs);
    const newIps = change.actor.sourceIPs.filter((ip) => !knownIps.has(ip));
    const userAgent = change.actor.userAgent;
    const knownAgents = new Set(actorBefore.userAgents.map(userAgentFamily));
    const newAgent = userAgent !== null && !knownAgents.has(userAgentFamily(userAgent)) ? userAgent : null;
    if (newIps.length === 0 && newAgent === null) return [];
    const what = [
      ...(newIps.length > 0 ? [`new source IP ${newIps.join(', ')}`] : []),
      ...(newAgent !== null ? ['new user agent'] : []),
    ];
    return [
      alert({
        summary: `${objectLabel(change.object)} changed from a ${what.join(' and a ')} for this actor`,
        details: {
          newSourceIPs: newIps,
          newUserAgent: newAgent,
          knownSourceIPs: [...actorBefore.sourceIPs],
          knownUserAgents: [...actorBefore.userAgents],
        },
      }),
    ];
  },
});
