import { defineDetection } from './detection.ts';
import { objectLabel } from './support/objects.ts';

function windowText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${String(ms / 3_600_000)}h`;
  if (ms % 60_000 === 0) return `${String(ms / 60_000)}m`;
  return `${String(ms / 1000)}s`;
}

export default defineDetection({
  id: 'change-denied-burst',
  severity: 'warning',
  subject: 'ingress-related',
  docs: {
    summary:
      'One actor had accountability.deniedBurst.count (5) writes to ingress objects denied (401/403 or an admission webhook) within deniedBurst.window (10m). It fires when the count reaches the threshold; a burst that goes on raises it again only after falling below.',
    investigate:
      'Repeated denials are someone probing what a credential may do, or automation failing in a loop; look at the denied requests and the webhook messages in `gatewatch history`.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/authorization/',
      'https://attack.mitre.org/techniques/T1069/',
    ],
  },
  detect(change, { alert, deniedInWindow, settings }) {
    if (!change.write || !change.outcome.denied) return [];
    const { count, windowMs } = settings.deniedBurst;
    if (deniedInWindow !== count) return [];
    return [
      alert({
        summary: `${String(count)} denied writes to ingress objects within ${windowText(windowMs)}, the last on ${objectLabel(change.object)}${change.outcome.deniedBy ? ` (denied by ${change.outcome.deniedBy})` : ''}`,
        details: {
          deniedCount: deniedInWindow,
          window: windowText(windowMs),
          code: change.outcome.code,
          deniedBy: change.outcome.deniedBy,
          reason: change.outcome.reason,
        },
      }),
    ];
  },
});
