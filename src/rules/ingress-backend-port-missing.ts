import { defineRule } from '../engine/rule.ts';
import {
  matchServicePort,
  serviceBackends,
  servicePorts,
  serviceRef,
  serviceType,
  type ServiceBackend,
  type ServicePortView,
} from '../model/services.ts';

export default defineRule({
  id: 'ingress-backend-port-missing',
  severity: 'error',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      'A backend port is not a port of its Service: a number must equal a Service `port` (not `targetPort`), a name must equal the name of a Service port.',
    remediation:
      'Point the backend at one of the Service ports (by its `port` number, or by its name once the Service port is named); the controller has no endpoints for any other port.',
    references: [
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressBackend',
      'https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports',
    ],
  },
  messages: {
    numberMissing: 'Service "{{service}}" has no port {{port}} (its ports: {{ports}}).',
    targetPort:
      'Port {{port}} is a targetPort of Service "{{service}}", not one of its ports: use port {{servicePort}}.',
    nameMissing: 'Service "{{service}}" has no port named "{{port}}" (its ports: {{ports}}).',
    unnamedPort:
      'Service "{{service}}" ports have no names, so port name "{{port}}" matches none of them: use the number ({{ports}}).',
  },
  needs: ['Service'],
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const { namespace } = ingress.resource;
        for (const backend of serviceBackends(ingress)) {
          const service = model.get('Service', namespace, backend.service);
          // A missing Service is ingress-backend-service-missing's finding.
          if (!service) continue;
          const ports = servicePorts(service);
          // An ExternalName Service without ports sends traffic to the backend port number as given.
          if (
            ports.length === 0 &&
            serviceType(service) === 'ExternalName' &&
            backend.port.number !== undefined
          )
            continue;
          if (matchServicePort(ports, backend.port)) continue;
          const related = [serviceRef(namespace, backend.service)];
          const data = { service: backend.service, ports: describePorts(ports) };
          const { number, name } = backend.port;
          if (number !== undefined) {
            const byTarget = ports.find((p) => p.targetPort === number && p.port !== undefined);
            if (byTarget?.port !== undefined) {
              report({
                path: portFieldPath(backend, 'number'),
                messageId: 'targetPort',
                data: { ...data, port: number, servicePort: byTarget.port },
                related,
              });
            } else {
              report({
                path: portFieldPath(backend, 'number'),
                messageId: 'numberMissing',
                data: { ...data, port: number },
                related,
              });
            }
          } else if (name !== undefined) {
            const allUnnamed = ports.length > 0 && ports.every((p) => p.name === undefined);
            report({
              path: portFieldPath(backend, 'name'),
              messageId: allUnnamed ? 'unnamedPort' : 'nameMissing',
              data: { ...data, port: name },
              related,
            });
          }
        }
      },
    };
  },
});

/** v1 has `service.port.number`/`.name`; v1beta1 one `servicePort` field for both. */
function portFieldPath(backend: ServiceBackend, field: 'number' | 'name'): string {
  return backend.portPath.endsWith('.servicePort') ? backend.portPath : `${backend.portPath}.${field}`;
}

function describePorts(ports: readonly ServicePortView[]): string {
  if (ports.length === 0) return 'none';
  return ports
    .map((p) => (p.name ? `${String(p.port ?? '?')} (${p.name})` : String(p.port ?? '?')))
    .join(', ');
}
