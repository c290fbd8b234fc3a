import { defineRule } from '../engine/rule.ts';
import { gatewayView } from '../model/gateway-api.ts';

/** Protocols whose listeners route by hostname (Host header or SNI); TCP and UDP have no hostname. */
const HOSTNAME_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTPS', 'TLS']);

export default defineRule({
  id: 'gateway-listener-open-hostname',
  severity: 'error',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A Gateway listener has no hostname and admits routes from all namespaces (allowedRoutes.namespaces.from: All), so a route in any namespace can claim any host on it.',
    remediation:
      'Give the listener a hostname, or restrict allowedRoutes.namespaces to Same or to a Selector matching the namespaces trusted to publish hosts on this Gateway.',
    references: [
      'https://gateway-api.sigs.k8s.io/guides/multiple-ns/',
      'https://gateway-api.sigs.k8s.io/concepts/security-model/',
      'https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes',
    ],
  },
  messages: {
    openHostname:
      'Listener "{{listener}}" has no hostname and admits routes from all namespaces: any namespace can claim any host.',
  },
  create({ model, report }) {
    return {
      Gateway(resource) {
        for (const listener of gatewayView(model, resource).listeners) {
          if (listener.hostname !== undefined || listener.allowedRoutes.from !== 'All') continue;
          if (!HOSTNAME_PROTOCOLS.has(listener.protocol)) continue;
          report({
            path: `${listener.allowedRoutes.fieldPath}.namespaces.from`,
            messageId: 'openHostname',
            data: { listener: listener.name },
          });
        }
      },
    };
  },
});
