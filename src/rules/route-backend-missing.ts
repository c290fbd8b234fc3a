import { defineRule } from '../engine/rule.ts';
import { serviceRef, servicePorts } from '../model/services.ts';
import { routeVisitors } from './support/gateway-api.ts';

export default defineRule({
  id: 'route-backend-missing',
  severity: 'error',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A route backendRef (kind Service unless set) names a Service that does not exist, gives no port, or a port the Service does not expose; the implementation answers those requests with an error (HTTP 500).',
    remediation:
      "Create the Service or fix the backendRef's name and namespace, and set port to one of the Service's ports (its port, not targetPort).",
    references: [
      'https://gateway-api.sigs.k8s.io/reference/spec/#backendref',
      'https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs',
    ],
  },
  messages: {
    serviceMissing: 'Service "{{service}}" not found in namespace "{{namespace}}".',
    portRequired: 'The backendRef to Service "{{service}}" gives no port (required for Services).',
    portMissing: 'Service "{{namespace}}/{{service}}" has no port {{port}} (it has: {{ports}}).',
  },
  needs: ['Service'],
  create({ model, report }) {
    return routeVisitors(model, (route) => {
      for (const rule of route.rules) {
        for (const ref of rule.backendRefs) {
          // Other kinds (a vendor backend, an InferencePool) are the implementation's business.
          if (ref.group !== '' || ref.kind !== 'Service') continue;
          const data = { service: ref.name, namespace: ref.namespace };
          const related = [serviceRef(ref.namespace, ref.name)];
          const service = model.get('Service', ref.namespace, ref.name);
          if (!service) {
            report({ path: `${ref.fieldPath}.name`, messageId: 'serviceMissing', data, related });
          } else if (ref.port === undefined) {
            report({ path: ref.fieldPath, messageId: 'portRequired', data, related });
          } else {
            const ports = servicePorts(service).flatMap((p) => (p.port === undefined ? [] : [p.port]));
            if (ports.includes(ref.port)) continue;
            report({
              path: `${ref.fieldPath}.port`,
              messageId: 'portMissing',
              data: { ...data, port: ref.port, ports: ports.length > 0 ? ports.join(', ') : '(none)' },
              related,
            });
          }
        }
      }
    });
  },
});
