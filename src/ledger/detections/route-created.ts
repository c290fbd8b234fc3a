import { defineDetection } from './detection.ts';
import { isCreate, isRoute, objectLabel } from './support/objects.ts';
import { routeHostnames } from './support/gateway.ts';

export default defineDetection({
  id: 'route-created',
  severity: 'info',
  subject: 'gateway-api',
  docs: {
    summary:
      'A Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute) was created: the Gateway API equivalent of ingress-created.',
    investigate:
      'Check that the creator was expected to publish this Service, which Gateways the route attaches to, and what hostnames it claims.',
    references: [
      'https://gateway-api.sigs.k8s.io/api-types/httproute/',
      'https://gateway-api.sigs.k8s.io/concepts/security-model/',
    ],
  },
  detect(change, { alert }) {
    if (!isRoute(change.object) || !isCreate(change)) return [];
    if (change.state === null)
      return [
        alert({
          summary: `${objectLabel(change.object)} created (content not recorded)`,
          details: { bodyless: true },
        }),
      ];
    const hostnames = routeHostnames(change.state);
    return [
      alert({
        summary: `${objectLabel(change.object)} created for ${hostnames.length > 0 ? hostnames.join(', ') : 'every hostname of its listeners'}`,
        details: { hostnames },
      }),
    ];
  },
});
