/**
 * One view of an Ingress whatever its apiVersion (networking.k8s.io/v1, v1beta1, extensions/v1beta1):
 * v1beta1's `serviceName`/`servicePort` and `spec.backend` are mapped to v1's shape, and every piece
 * keeps the field path it came from so findings point at the right line.
 */
import { asArray, asObject, asString, isObject, stringMap, type Resource } from './resource.ts';

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
      const { fieldPath, backend } = pathStrings(ruleIndex, pathIndex);
      return {
        host,
        path: asString(pathObject.path),
        pathType: asString(pathObject.pathType),
        backend: readBackend(pathObject.backend, backend),
        ruleIndex,
        pathIndex,
        fieldPath,
      };
    });
    return { host, index: ruleIndex, fieldPath: indexedPath('spec.rules', ruleIndex), paths };
  });
  const tls = asArray(spec.tls).map((entry, index): IngressTlsView => {
    const tlsObject = asObject(entry);
    return {
      hosts: asArray(tlsObject.hosts).filter((h): h is string => typeof h === 'string'),
      secretName: asString(tlsObject.secretName) || undefined,
      index,
      fieldPath: indexedPath('spec.tls', index),
    };
  });
  const defaultBackendField =
    spec.defaultBackend !== undefined ? 'defaultBackend' : spec.backend !== undefined ? 'backend' : undefined;
  const annotations = stringsOf(metadata.annotations);
  return {
    resource,
    annotations,
    labels: stringsOf(metadata.labels),
    rules,
    paths: rules.flatMap((rule) => rule.paths),
    tls,
    defaultBackend: defaultBackendField
      ? readBackend(spec[defaultBackendField], backendPaths(`spec.${defaultBackendField}`))
      : undefined,
    ingressClassName: asString(spec.ingressClassName) || undefined,
    classAnnotation: annotations[LEGACY_CLASS_ANNOTATION] || undefined,
    creationTimestamp: asString(metadata.creationTimestamp),
  };
}

/**
 * The field paths of a backend: the same strings for the same position in every Ingress, so made once
 * (a watch keeps the views of every Ingress: each building its own copies of the same paths cost
 * several megabytes for 10,000 Ingresses).
 */
interface BackendPaths {
  readonly path: string;
  readonly servicePath: string;
  readonly portPath: string;
  readonly legacyServicePath: string;
  readonly legacyPortPath: string;
}

function backendPaths(path: string): BackendPaths {
  return {
    path,
    servicePath: `${path}.service.name`,
    portPath: `${path}.service.port`,
    legacyServicePath: `${path}.serviceName`,
    legacyPortPath: `${path}.servicePort`,
  };
}

/** Positions below this share their path strings (see BackendPaths); beyond, they are made each time. */
const SHARED_POSITIONS = 16;
const sharedPathStrings: { fieldPath: string; backend: BackendPaths }[] = [];
const sharedRulePaths: string[] = [];
const sharedTlsPaths: string[] = [];

function pathStrings(ruleIndex: number, pathIndex: number): { fieldPath: string; backend: BackendPaths } {
  const make = (): { fieldPath: string; backend: BackendPaths } => {
    // Written out rather than at(…): every segment is a plain key, and this runs for every path.
    const fieldPath = `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`;
    return { fieldPath, backend: backendPaths(`${fieldPath}.backend`) };
  };
  if (ruleIndex >= SHARED_POSITIONS || pathIndex >= SHARED_POSITIONS) return make();
  return (sharedPathStrings[ruleIndex * SHARED_POSITIONS + pathIndex] ??= make());
}

function indexedPath(field: 'spec.rules' | 'spec.tls', index: number): string {
  if (index >= SHARED_POSITIONS) return `${field}[${index}]`;
  const shared = field === 'spec.rules' ? sharedRulePaths : sharedTlsPaths;
  return (shared[index] ??= `${field}[${index}]`);
}

const NO_STRINGS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Annotations or labels as strings: the object itself when all its values are (as the API server
 * sends them), not a copy — views are kept for every Ingress of a watch — otherwise stringMap's copy.
 */
function stringsOf(value: unknown): Readonly<Record<string, string>> {
  if (value === undefined) return NO_STRINGS;
  if (isObject(value) && Object.values(value).every((v) => typeof v === 'string'))
    return value as Readonly<Record<string, string>>;
  return stringMap(value);
}

function readBackend(value: unknown, paths: BackendPaths): BackendRef {
  const { path } = paths;
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
      servicePath: paths.servicePath,
      portPath: paths.portPath,
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
      servicePath: paths.legacyServicePath,
      portPath: paths.legacyPortPath,
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
