import { defineRule } from '../engine/rule.ts';
import { findGateway, GATEWAY_API_GROUP } from '../model/gateway-api.ts';
import { routeVisitors } from './support/gateway-api.ts';

export default defineRule({
  id: 'route-parent-missing',
  severity: 'error',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'An HTTPRoute, GRPCRoute or TLSRoute parentRef names a Gateway that does not exist, or a listener (sectionName, port) the Gateway does not have, so the route is attached to nothing there.',
    remediation:
      "Point parentRefs at an existing Gateway (namespace defaults to the route's) and at one of its listener names or ports.",
    references: [
      'https://gateway-api.sigs.k8s.io/api-types/httproute/#parentrefs',
      'https://gateway-api.sigs.k8s.io/reference/spec/#parentreference',
    ],
  },
  messages: {
    gatewayMissing: 'Gateway "{{gateway}}" not found in namespace "{{namespace}}".',
    sectionMissing: 'Gateway "{{namespace}}/{{gateway}}" has no listener named "{{sectionName}}".',
    portMissing: 'Gateway "{{namespace}}/{{gateway}}" has no listener on port {{port}}.',
  },
  needs: ['Gateway'],
  create({ model, report }) {
    return routeVisitors(model, (route) => {
      for (const ref of route.parentRefs) {
        // Other parents (a Service for mesh routing, vendor kinds) are not Gateways to look up.
        if (ref.group !== GATEWAY_API_GROUP || ref.kind !== 'Gateway') continue;
        const data = { gateway: ref.name, namespace: ref.namespace };
        const related = [
          { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', ...data, name: ref.name },
        ];
        const gateway = findGateway(model, ref.namespace, ref.name);
        if (!gateway) {
          report({ path: `${ref.fieldPath}.name`, messageId: 'gatewayMissing', data, related });
          continue;
        }
        const named =
          ref.sectionName === undefined
            ? gateway.listeners
            : gateway.listeners.filter((l) => l.name === ref.sectionName);
        if (ref.sectionName !== undefined && named.length === 0) {
          report({
            path: `${ref.fieldPath}.sectionName`,
            messageId: 'sectionMissing',
            data: { ...data, sectionName: ref.sectionName },
            related,
          });
        } else if (ref.port !== undefined && !named.some((l) => l.port === ref.port)) {
          report({
            path: `${ref.fieldPath}.port`,
            messageId: 'portMissing',
            data: { ...data, port: ref.port },
            related,
          });
        }
      }
    });
  },
});
