/**
 * Services as ingress backends: their type, ExternalName target and ports, and how an Ingress
 * backend port (number or name) resolves to one of them.
 */
import { asArray, asObject, asString, type ObjectRef, type Resource } from './resource.ts';
import type { BackendRef, IngressView } from './ingress.ts';
import { LastAnswer, ObjectMemo } from './memo.ts';

export type ServiceBackend = Extract<BackendRef, { type: 'service' }>;

export interface ServicePortView {
  readonly name: string | undefined;
  readonly port: number | undefined;
  readonly targetPort: number | string | undefined;
}

/** Every backend of an Ingress: rule paths first, then the default backend (`spec.backend` in v1beta1). */
export function ingressBackends(ingress: IngressView): BackendRef[] {
  const backends = ingress.paths.map((path) => path.backend);
  if (ingress.defaultBackend) backends.push(ingress.defaultBackend);
  return backends;
}

export function serviceBackends(ingress: IngressView): readonly ServiceBackend[] {
  return serviceBackendsOf.get(ingress);
}

// Once per Ingress, shared (frozen) by the rules that check backends against Services.
const serviceBackendsOf = new LastAnswer((ingress: IngressView): readonly ServiceBackend[] =>
  Object.freeze(
    ingressBackends(ingress).filter((backend): backend is ServiceBackend => backend.type === 'service'),
  ),
);

export function serviceRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: 'v1', kind: 'Service', namespace, name };
}

/** `spec.type`, ClusterIP when absent (the API default). */
export function serviceType(service: Resource): string {
  return asString(asObject(service.body.spec).type) ?? 'ClusterIP';
}

export function externalNameOf(service: Resource): string | undefined {
  if (serviceType(service) !== 'ExternalName') return undefined;
  return asString(asObject(service.body.spec).externalName) ?? '';
}

export function servicePorts(service: Resource): readonly ServicePortView[] {
  return servicePortsOf.get(service);
}

// Once per Service, shared (frozen): a Service is the backend of many paths.
const servicePortsOf = new ObjectMemo((service: Resource): readonly ServicePortView[] =>
  Object.freeze(readServicePorts(service)),
);

function readServicePorts(service: Resource): ServicePortView[] {
  return asArray(asObject(service.body.spec).ports).map((entry) => {
    const port = asObject(entry);
    const targetPort = port.targetPort;
    return {
      name: asString(port.name) || undefined,
      port: typeof port.port === 'number' ? port.port : undefined,
      targetPort: typeof targetPort === 'number' || typeof targetPort === 'string' ? targetPort : undefined,
    };
  });
}

/**
 * The Service port a backend port designates: a number matches `port` (never `targetPort`), a name
 * matches a port of that name (an unnamed port matches no name).
 */
export function matchServicePort(
  ports: readonly ServicePortView[],
  backendPort: ServiceBackend['port'],
): ServicePortView | undefined {
  if (backendPort.number !== undefined) return ports.find((p) => p.port === backendPort.number);
  if (backendPort.name !== undefined) return ports.find((p) => p.name === backendPort.name);
  return undefined;
}
