import { defineDetection, type AlertDraft } from './detection.ts';
import { isWildcardHost } from '../../model/hosts.ts';
import { isModification, objectLabel } from './support/objects.ts';
import { listeners, namespaceReach, terminatesOrPassesTls, type ListenerSummary } from './support/gateway.ts';

function widenings(
  before: ListenerSummary,
  after: ListenerSummary,
): { text: string; error: boolean; path: string }[] {
  const found: { text: string; error: boolean; path: string }[] = [];
  if (before.hostname !== undefined && after.hostname === undefined)
    found.push({
      text: `listener ${after.name} lost its hostname (every hostname)`,
      error: true,
      path: `${after.path}.hostname`,
    });
  else if (
    after.hostname !== undefined &&
    after.hostname !== before.hostname &&
    isWildcardHost(after.hostname)
  )
    found.push({
      text: `listener ${after.name} hostname now ${after.hostname}`,
      error: true,
      path: `${after.path}.hostname`,
    });
  if (terminatesOrPassesTls(before.protocol) && !terminatesOrPassesTls(after.protocol))
    found.push({
      text: `listener ${after.name} protocol ${before.protocol} → ${after.protocol} (TLS removed)`,
      error: true,
      path: `${after.path}.protocol`,
    });
  if (namespaceReach(after.routeNamespaces) > namespaceReach(before.routeNamespaces))
    found.push({
      text: `listener ${after.name} accepts routes from ${after.routeNamespaces === 'All' ? 'all namespaces' : 'selected namespaces'} (was ${before.routeNamespaces})`,
      error: false,
      path: `${after.path}.allowedRoutes.namespaces.from`,
    });
  return found;
}

export default defineDetection({
  id: 'gateway-listener-widened',
  severity: 'warning',
  subject: 'gateway-api',
  docs: {
    summary:
      'A Gateway gained a listener, or a listener now accepts routes from more namespaces; `error` when a listener lost its hostname, took a wildcard hostname, or stopped using TLS.',
    investigate:
      'A wider listener lets more routes, from more teams, publish more hostnames; check the Gateway owner meant it and which routes now attach.',
    references: [
      'https://gateway-api.sigs.k8s.io/reference/spec/#listener',
      'https://gateway-api.sigs.k8s.io/concepts/security-model/',
    ],
  },
  detect(change, { alert }) {
    if (change.object.resource !== 'gateways' || !isModification(change)) return [];
    const before = new Map(listeners(change.previous).map((l) => [l.name, l]));
    const found: { text: string; error: boolean; path: string }[] = [];
    for (const listener of listeners(change.state)) {
      const old = before.get(listener.name);
      if (!old) {
        const error = listener.hostname === undefined || isWildcardHost(listener.hostname);
        found.push({
          text: `listener ${listener.name} added (${listener.protocol} ${String(listener.port ?? '?')}, ${listener.hostname ?? 'every hostname'})`,
          error,
          path: listener.path,
        });
      } else found.push(...widenings(old, listener));
    }
    if (found.length === 0) return [];
    const draft: AlertDraft = {
      summary: `${objectLabel(change.object)} widened: ${found.map((f) => f.text).join('; ')}`,
      details: { paths: found.map((f) => f.path), reasons: found.map((f) => f.text) },
      ...(found.some((f) => f.error) ? { severity: 'error' as const } : {}),
    };
    return [alert(draft)];
  },
});
