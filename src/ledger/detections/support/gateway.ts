/** The pieces of Gateway API objects the detections compare: route hostnames and Gateway listeners. */
import { at } from '../../../model/field-path.ts';
import { asArray, asObject, asString, type JsonObject } from '../../../model/resource.ts';

export function routeHostnames(state: JsonObject): string[] {
  return asArray(asObject(state.spec).hostnames).filter((h): h is string => typeof h === 'string');
}

export interface ListenerSummary {
  readonly name: string;
  readonly index: number;
  readonly path: string;
  /** undefined: every hostname. */
  readonly hostname: string | undefined;
  readonly protocol: string;
  readonly port: number | undefined;
  /** `Same` (the default), `Selector` or `All`. */
  readonly routeNamespaces: string;
}

export function listeners(state: JsonObject): ListenerSummary[] {
  return asArray(asObject(state.spec).listeners).map((value, index) => {
    const listener = asObject(value);
    const port = listener.port;
    return {
      name: asString(listener.name) ?? `#${String(index)}`,
      index,
      path: at('spec', 'listeners', index),
      hostname: asString(listener.hostname) || undefined,
      protocol: asString(listener.protocol) ?? '',
      port: typeof port === 'number' ? port : undefined,
      routeNamespaces:
        asString(asObject(asObject(asObject(listener.allowedRoutes).namespaces)).from) ?? 'Same',
    };
  });
}

const NAMESPACE_REACH: Readonly<Record<string, number>> = { Same: 0, Selector: 1, All: 2 };
const TLS_PROTOCOLS: ReadonlySet<string> = new Set(['HTTPS', 'TLS']);

export function namespaceReach(from: string): number {
  return NAMESPACE_REACH[from] ?? 1;
}

export function terminatesOrPassesTls(protocol: string): boolean {
  return TLS_PROTOCOLS.has(protocol);
}
