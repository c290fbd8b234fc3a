/**
 * One view of an Ingress whatever its apiVersion (networking.k8s.io/v1, v1beta1, extensions/v1beta1):
 * v1beta1's `serviceName`/`servicePort` and `spec.backend` are mapped to v1's shape, and every piece
 * keeps the field path it came from so findings point at the right line.
 */
import { asArray, asObject, asString, stringMap, type Resource } from './resource.ts';

export type BackendRef =
  | {
      readonly type: 'service';
      readonly service: string;
      readonly port: { readonly number?: number; readonly name?: string };
      readonly path: string;
      readonly servicePath: string;
      readonly portPath: string;
    }
  | {
      readonly type: 'resource';
      readonly apiGroup: string | undefined;
      readonly kind: string;
      readonly name: string;
      readonly path: string;
    }
  | { readonly type: 'none'; readonly path: string };

export interface IngressPathView {
  readonly host: string | undefined;
  readonly path: string | undefined;
  readonly pathType: string | undefined;
  readonly backend: BackendRef;
  readonly ruleIndex: number;
  readonly pathIndex: number;
  /** `spec.rules[i].http.paths[j]` */
  readonly fieldPath: string;
}

export interface IngressRuleView {
  readonly host: string | undefined;
  readonly index: number;
  readonly fieldPath: string;
  readonly paths: readonly IngressPathView[];
}

export interface IngressTlsView {
  readonly hosts: readonly string[];
  readonly secretName: string | undefined;
  readonly index: number;
  readonly fieldPath: string;
}

export interface IngressView {
  readonly resource: Resource;
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly IngressRuleView[];
  readonly paths: readonly IngressPathView[];
  readonly tls: readonly IngressTlsView[];
  readonly defaultBackend: BackendRef | undefined;
  readonly ingressClassName: string | undefined;
  readonly classAnnotation: string | undefined;
  readonly creationTimestamp: string | undefined;
}

export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export function viewIngress(resource: Resource): IngressView {
  const metadata = asObject(resource.body.metadata);
  const spec = asObject(resource.body.spec);
  const rules = asArray(spec.rules).map((rule, ruleIndex): IngressRuleView => {
    const ruleObject = asObject(rule);
    const host = asString(ruleObject.host) || undefined;
    const paths = asArray(asObject(ruleObject.http).paths).map((entry, pathIndex): IngressPathView => {
      const pathObject = asObject(entry);
      // Written out rather than at(…): every segment is a plain key, and this runs for every path.
      const fieldPath = `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`;
      return {
        host,
        path: asString(pathObject.path),
        pathType: asString(pathObject.pathType),
        backend: readBackend(pathObject.backend, `${fieldPath}.backend`),
        ruleIndex,
        pathIndex,
        fieldPath,
      };
    });
    return { host, index: ruleIndex, fieldPath: `spec.rules[${ruleIndex}]`, paths };
  });
  const tls = asArray(spec.tls).map((entry, index): IngressTlsView => {
    const tlsObject = asObject(entry);
    return {
      hosts: asArray(tlsObject.hosts).filter((h): h is string => typeof h === 'string'),
      secretName: asString(tlsObject.secretName) || undefined,
      index,
      fieldPath: `spec.tls[${index}]`,
    };
  });
  const defaultBackendField =
    spec.defaultBackend !== undefined ? 'defaultBackend' : spec.backend !== undefined ? 'backend' : undefined;
  const annotations = stringMap(metadata.annotations);
  return {
    resource,
    annotations,
    labels: stringMap(metadata.labels),
    rules,
    paths: rules.flatMap((rule) => rule.paths),
    tls,
    defaultBackend: defaultBackendField
      ? readBackend(spec[defaultBackendField], `spec.${defaultBackendField}`)
      : undefined,
    ingressClassName: asString(spec.ingressClassName) || undefined,
    classAnnotation: annotations[LEGACY_CLASS_ANNOTATION] || undefined,
    creationTimestamp: asString(metadata.creationTimestamp),
  };
}

function readBackend(value: unknown, path: string): BackendRef {
  const backend = asObject(value);
  const service = asObject(backend.service);
  const serviceName = asString(service.name);
  if (serviceName !== undefined) {
    const port = asObject(service.port);
    return {
      type: 'service',
      service: serviceName,
      port: portOf(port.number, port.name),
      path,
      servicePath: `${path}.service.name`,
      portPath: `${path}.service.port`,
    };
  }
  const legacyName = asString(backend.serviceName);
  if (legacyName !== undefined) {
    const legacyPort = backend.servicePort;
    // v1beta1's servicePort is an IntOrString: "80" and 80 both mean the number.
    const isNumeric =
      typeof legacyPort === 'number' || (typeof legacyPort === 'string' && /^\d+$/.test(legacyPort));
    return {
      type: 'service',
      service: legacyName,
      port: isNumeric ? portOf(Number(legacyPort), undefined) : portOf(undefined, legacyPort),
      path,
      servicePath: `${path}.serviceName`,
      portPath: `${path}.servicePort`,
    };
  }
  const resource = asObject(backend.resource);
  const resourceName = asString(resource.name);
  if (resourceName !== undefined) {
    return {
      type: 'resource',
      apiGroup: asString(resource.apiGroup),
      kind: asString(resource.kind) ?? '',
      name: resourceName,
      path,
    };
  }
  return { type: 'none', path };
}

function portOf(numberValue: unknown, nameValue: unknown): { number?: number; name?: string } {
  const port: { number?: number; name?: string } = {};
  if (typeof numberValue === 'number') port.number = numberValue;
  if (typeof nameValue === 'string' && nameValue !== '') port.name = nameValue;
  return port;
}

/** Hosts the Ingress serves: rule hosts, plus TLS hosts. */
export function ingressHosts(view: IngressView): string[] {
  const hosts = new Set<string>();
  for (const rule of view.rules) if (rule.host) hosts.add(rule.host);
  return [...hosts];
}

export function tlsHosts(view: IngressView): string[] {
  return view.tls.flatMap((entry) => entry.hosts);
}
