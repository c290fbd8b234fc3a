import { defineRule } from '../engine/rule.ts';
import {
  findGateway,
  hostnameFieldPath,
  hostnameIntersection,
  listenerAllowsKind,
  listenerAllowsNamespace,
  parentRefSelectsListener,
  GATEWAY_API_GROUP,
  type RouteView,
} from '../model/gateway-api.ts';
import type { Model } from '../model/model.ts';
import { routeVisitors } from './support/gateway-api.ts';

interface AcceptingListener {
  readonly label: string;
  readonly hostname: string | undefined;
}

/** The listeners of the route's parent Gateways that accept it, hostnames aside. */
function acceptingListeners(model: Model, route: RouteView): AcceptingListener[] {
  const out: AcceptingListener[] = [];
  for (const ref of route.parentRefs) {
    if (ref.group !== GATEWAY_API_GROUP || ref.kind !== 'Gateway') continue;
    const gateway = findGateway(model, ref.namespace, ref.name);
    if (!gateway) continue;
    for (const listener of gateway.listeners) {
      if (!parentRefSelectsListener(ref, listener) || !listenerAllowsKind(listener, route.kind)) continue;
      if (!listenerAllowsNamespace(gateway, listener, route.resource.namespace, model)) continue;
      out.push({
        label: `${ref.namespace}/${ref.name}:${listener.name} (${listener.hostname ?? '*'})`,
        hostname: listener.hostname,
      });
    }
  }
  return out;
}

export default defineRule({
  id: 'route-hostname-unmatched',
  severity: 'warning',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A route hostname intersects the hostname of none of the listeners that accept the route (Gateway API hostname intersection, where *.example.com matches one or more labels), so the route is dead for that host.',
    remediation:
      'Fix the hostname, attach the route to a listener whose hostname covers it (parentRefs sectionName), or widen the listener hostname.',
    references: [
      'https://gateway-api.sigs.k8s.io/concepts/hostnames/',
      'https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec',
    ],
  },
  messages: {
    unmatched: 'Hostname "{{hostname}}" matches no listener accepting this route: {{listeners}}.',
  },
  needs: ['Gateway'],
  create({ model, report }) {
    return routeVisitors(model, (route) => {
      if (route.hostnames.length === 0) return;
      const listeners = acceptingListeners(model, route);
      // A route no listener accepts is detached altogether: route-parent-missing and the Gateway's
      // allowedRoutes explain that, not its hostnames.
      if (listeners.length === 0) return;
      route.hostnames.forEach((hostname, index) => {
        if (listeners.some((l) => hostnameIntersection(l.hostname, [hostname]).length > 0)) return;
        report({
          path: hostnameFieldPath(index),
          messageId: 'unmatched',
          data: { hostname, listeners: listeners.map((l) => l.label).join(', ') },
        });
      });
    });
  },
});
