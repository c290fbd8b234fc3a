import { defineDetection } from './detection.ts';
import { annotationPath } from '../../model/field-path.ts';
import { annotationsOf, isModification, objectLabel } from './support/objects.ts';
import { ALLOWLIST_FAMILIES, allowlistWidening, effectiveAllowlist } from './support/annotations.ts';

export default defineDetection({
  id: 'ingress-allowlist-widened',
  severity: 'error',
  subject: 'ingresses',
  docs: {
    summary:
      'A source-range allowlist (ingress-nginx `allowlist-source-range`/`whitelist-source-range`, HAProxy `allow-list`) was removed from an Ingress, or now admits addresses it did not.',
    investigate:
      'Something meant for a few networks is now reachable from more (often the Internet); confirm the new ranges with the owner and revert if unexpected.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#allowlist-source-range',
      'https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/#allow-list',
    ],
  },
  detect(change, { alert }) {
    if (!isModification(change)) return [];
    const before = annotationsOf(change.previous);
    const after = annotationsOf(change.state);
    const alerts = [];
    for (const family of ALLOWLIST_FAMILIES) {
      const old = effectiveAllowlist(before, family);
      if (!old) continue;
      const next = effectiveAllowlist(after, family);
      if (!next) {
        alerts.push(
          alert({
            summary: `Allowlist ${old.key} removed from ${objectLabel(change.object)}: every source address is admitted`,
            details: {
              removed: [annotationPath(old.key)],
              changed: [{ path: annotationPath(old.key), old: old.value, new: null }],
            },
          }),
        );
        continue;
      }
      const { widened, invalid } = allowlistWidening(old.value, next.value);
      if (widened.length === 0 && invalid.length === 0) continue;
      const admitted = [...widened, ...invalid.map((entry) => `${entry} (unparseable)`)];
      alerts.push(
        alert({
          summary: `Allowlist ${next.key} on ${objectLabel(change.object)} now admits ${admitted.join(', ')}`,
          details: {
            changed: [{ path: annotationPath(next.key), old: old.value, new: next.value }],
            widenedBy: widened,
            invalid,
          },
        }),
      );
    }
    return alerts;
  },
});
