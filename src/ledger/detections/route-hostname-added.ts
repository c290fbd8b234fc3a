import { defineDetection } from './detection.ts';
import { at } from '../../model/field-path.ts';
import { isWildcardHost } from '../../model/hosts.ts';
import { isModification, isRoute, objectLabel } from './support/objects.ts';
import { routeHostnames } from './support/gateway.ts';

export default defineDetection({
  id: 'route-hostname-added',
  severity: 'warning',
  subject: 'gateway-api',
  docs: {
    summary:
      'A hostname appeared on an existing Gateway API route; `error` when it is a wildcard or when the list was emptied (the route then answers for every hostname of its listeners).',
    investigate:
      "As for ingress-host-added and ingress-wildcard-host-added: check the hostname belongs to the route's owner and that no other route is meant to serve it.",
    references: [
      'https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec',
      'https://gateway-api.sigs.k8s.io/concepts/security-model/',
    ],
  },
  detect(change, { alert }) {
    if (!isRoute(change.object) || !isModification(change)) return [];
    const before = routeHostnames(change.previous);
    const after = routeHostnames(change.state);
    if (after.length === 0) {
      if (before.length === 0) return [];
      return [
        alert({
          summary: `${objectLabel(change.object)} lost its hostnames: it now answers for every hostname of its listeners`,
          severity: 'error',
          details: { removed: [at('spec', 'hostnames')], hostnames: [] },
        }),
      ];
    }
    const old = new Set(before);
    // Going from "every hostname" to a list narrows the route: only additions to a list widen it.
    if (before.length === 0) return [];
    const added = after.flatMap((hostname, index) => (old.has(hostname) ? [] : [{ hostname, index }]));
    if (added.length === 0) return [];
    const wildcard = added.some(({ hostname }) => isWildcardHost(hostname));
    return [
      alert({
        summary: `Hostname ${added.map((a) => a.hostname).join(', ')} added to ${objectLabel(change.object)}`,
        ...(wildcard ? { severity: 'error' as const } : {}),
        details: {
          added: added.map(({ index }) => at('spec', 'hostnames', index)),
          hostnames: added.map((a) => a.hostname),
        },
      }),
    ];
  },
});
