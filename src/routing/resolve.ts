/**
 * What stands behind and in front of an entry: backends resolved against the Services of the model,
 * the TLS certificate that serves its host, and the controls (authentication, allowlist, rate limit,
 * WAF) a controller applies to it.
 */
import { hasAuthentication } from '../knowledge/authentication-annotations.ts';
import { HAPROXY_ALLOWLIST_KEYS } from '../knowledge/haproxy-annotations.ts';
import { certificateCoversHost } from '../model/certificate.ts';
import type { ControllerType } from '../model/controllers.ts';
import type { BackendRef, IngressView } from '../model/ingress.ts';
import type { Model } from '../model/model.ts';
import { effectiveAllowlist, hasNginxRateLimit, hasNginxWaf } from '../model/nginx-annotations.ts';
import { asObject, stringMap, type Resource } from '../model/resource.ts';
import { matchServicePort, servicePorts, type ServicePortView } from '../model/services.ts';
import type { BackendProblem, Controls, ResolvedBackend, TlsInfo } from './types.ts';

interface ServiceLookup {
  readonly exists: boolean | undefined;
  readonly servicePort: number | undefined;
  readonly problem: BackendProblem | undefined;
  readonly selector: Readonly<Record<string, string>> | undefined;
}

/** A Service reference checked against the model; absence only counts when Services were read at all. */
export function lookupService(
  model: Model,
  namespace: string,
  name: string,
  port: { readonly number?: number; readonly name?: string },
): ServiceLookup {
  const service = model.get('Service', namespace, name);
  if (!service) {
    const known = model.whyUnknown('Service') === undefined;
    return {
      exists: known ? false : undefined,
      servicePort: undefined,
      problem: known ? 'service-missing' : undefined,
      selector: undefined,
    };
  }
  const { selector, ports, externalName } = serviceFacts(service);
  // An ExternalName Service has no ports to check: the controller proxies to the port as written.
  if (externalName) return { exists: true, servicePort: port.number, problem: undefined, selector };
  const matched = matchServicePort(ports, port);
  return {
    exists: true,
    servicePort: matched?.port,
    problem: matched ? undefined : 'port-missing',
    selector,
  };
}

interface ServiceFacts {
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortView[];
  readonly externalName: boolean;
}

/** Many routes share a Service: its facts are read once per Service object. */
const serviceFactsCache = new WeakMap<Resource, ServiceFacts>();

function serviceFacts(service: Resource): ServiceFacts {
  let facts = serviceFactsCache.get(service);
  if (!facts) {
    const spec = asObject(service.body.spec);
    facts = {
      selector: stringMap(spec.selector),
      ports: servicePorts(service),
      externalName: spec.type === 'ExternalName',
    };
    serviceFactsCache.set(service, facts);
  }
  return facts;
}

export function resolveIngressBackend(model: Model, namespace: string, backend: BackendRef): ResolvedBackend {
  if (backend.type === 'service') {
    const lookup = lookupService(model, namespace, backend.service, backend.port);
    return {
      kind: 'Service',
      namespace,
      name: backend.service,
      port: backend.port.number ?? backend.port.name,
      servicePort: lookup.servicePort,
      exists: lookup.exists,
      problem: lookup.problem,
      weight: 1,
      selector: lookup.selector,
      fieldPath: backend.path,
    };
  }
  if (backend.type === 'resource') {
    return {
      kind: backend.kind,
      namespace,
      name: backend.name,
      port: undefined,
      servicePort: undefined,
      exists: model.get(backend.kind, namespace, backend.name) !== undefined ? true : undefined,
      problem: undefined,
      weight: 1,
      selector: undefined,
      fieldPath: backend.path,
    };
  }
  return {
    kind: 'Service',
    namespace,
    name: '',
    port: undefined,
    servicePort: undefined,
    exists: false,
    problem: 'no-backend',
    weight: 1,
    selector: undefined,
    fieldPath: backend.path,
  };
}

/** Whether a backend is known not to answer: the controller sends an error instead. */
export function isBroken(backend: ResolvedBackend): boolean {
  return backend.problem !== undefined && backend.problem !== 'unknown';
}

/** TLS served for a host from a Secret (`namespace/name`), with whether its certificate names the host. */
export function tlsFromSecret(
  model: Model,
  namespace: string,
  secretName: string | undefined,
  host: string | undefined,
): TlsInfo {
  if (secretName === undefined)
    return { terminated: true, secret: null, coversHost: null, secretExists: null };
  const secret = model.secret(namespace, secretName);
  const known = model.whyUnknown('Secret') === undefined;
  const leaf = secret?.tls?.certificateError === undefined ? secret?.tls?.chain[0] : undefined;
  return {
    terminated: true,
    secret: `${namespace}/${secretName}`,
    coversHost: leaf && host !== undefined ? certificateCoversHost(leaf, host) : null,
    secretExists: secret ? true : known ? false : null,
  };
}

const NO_CONTROLS: Controls = { auth: false, allowlist: null, rateLimit: false, waf: false };

function cidrList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

const HAPROXY_RATE_LIMIT_KEYS = [
  'haproxy.org/rate-limit-requests',
  'haproxy-ingress.github.io/limit-rps',
  'ingress.kubernetes.io/limit-rps',
];
const HAPROXY_WAF_KEYS = ['haproxy-ingress.github.io/waf', 'ingress.kubernetes.io/waf'];

function firstAnnotation(
  annotations: Readonly<Record<string, string>>,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const value = annotations[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * The controls a controller applies to an Ingress's routes. Traefik applies middlewares gatewatch cannot
 * see into: a middleware chain counts as authentication (as the rules count it) and nothing else.
 */
export function ingressControls(
  model: Model,
  ingress: IngressView,
  controller: ControllerType | undefined,
): Controls {
  const { annotations } = ingress;
  const auth = hasAuthentication(annotations, controller);
  switch (controller) {
    case 'nginx': {
      const allowlist = effectiveAllowlist(ingress);
      return {
        auth,
        allowlist: allowlist ? cidrList(allowlist.value) : null,
        rateLimit: hasNginxRateLimit(ingress),
        waf: hasNginxWaf(model, ingress),
      };
    }
    case 'haproxy': {
      const allowlist = firstAnnotation(annotations, HAPROXY_ALLOWLIST_KEYS);
      return {
        auth,
        allowlist: allowlist === undefined ? null : cidrList(allowlist),
        rateLimit: firstAnnotation(annotations, HAPROXY_RATE_LIMIT_KEYS) !== undefined,
        waf: firstAnnotation(annotations, HAPROXY_WAF_KEYS) !== undefined,
      };
    }
    case 'traefik':
    case undefined:
      return { ...NO_CONTROLS, auth };
  }
}

/** Gateway API: an ExternalAuth filter (experimental channel) authenticates; nothing else is known. */
export function routeFilterControls(filterTypes: readonly string[]): Controls {
  return { ...NO_CONTROLS, auth: filterTypes.includes('ExternalAuth') };
}
