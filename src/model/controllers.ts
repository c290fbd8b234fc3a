/**
 * Which controller reads an Ingress (class resolution), and the ingress controllers deployed in the
 * input (image, version, arguments, ConfigMap).
 */
import { asObject, asString, stringMap, type Resource } from './resource.ts';
import type { IngressView } from './ingress.ts';
import type { WorkloadView, ContainerView } from './workloads.ts';

export const CONTROLLER_TYPES = ['nginx', 'traefik', 'haproxy'] as const;
export type ControllerType = (typeof CONTROLLER_TYPES)[number];

/** `spec.controller` values of IngressClasses, per controller. */
const CONTROLLER_IDS: Record<string, ControllerType> = {
  'k8s.io/ingress-nginx': 'nginx',
  'traefik.io/ingress-controller': 'traefik',
  'haproxy.org/ingress-controller/haproxy': 'haproxy',
  'haproxy-ingress.github.io/controller': 'haproxy',
};

export const ANNOTATION_PREFIXES: Record<ControllerType, readonly string[]> = {
  nginx: ['nginx.ingress.kubernetes.io/'],
  traefik: ['traefik.ingress.kubernetes.io/'],
  haproxy: ['haproxy.org/', 'haproxy-ingress.github.io/', 'ingress.kubernetes.io/'],
};

export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

export interface IngressClassView {
  readonly resource: Resource;
  readonly name: string;
  readonly controllerId: string | undefined;
  readonly controller: ControllerType | undefined;
  readonly isDefault: boolean;
}

export function viewIngressClass(resource: Resource): IngressClassView {
  const controllerId = asString(asObject(resource.body.spec).controller);
  return {
    resource,
    name: resource.name,
    controllerId,
    controller: controllerId ? controllerFromId(controllerId) : undefined,
    isDefault: stringMap(asObject(resource.body.metadata).annotations)[DEFAULT_CLASS_ANNOTATION] === 'true',
  };
}

export function controllerFromId(controllerId: string): ControllerType | undefined {
  if (Object.hasOwn(CONTROLLER_IDS, controllerId)) return CONTROLLER_IDS[controllerId];
  if (controllerId.includes('ingress-nginx')) return 'nginx';
  if (controllerId.includes('traefik')) return 'traefik';
  if (controllerId.includes('haproxy')) return 'haproxy';
  return undefined;
}

export type ClassSource = 'spec' | 'annotation' | 'default' | 'none';
export type ControllerSource = 'ingressclass' | 'class-name' | 'fallback' | 'annotations' | 'unknown';

export interface ClassResolution {
  readonly className: string | undefined;
  readonly classSource: ClassSource;
  readonly ingressClass: IngressClassView | undefined;
  readonly controller: ControllerType | undefined;
  readonly controllerSource: ControllerSource;
}

export function resolveClass(
  ingress: IngressView,
  classes: ReadonlyMap<string, IngressClassView>,
  defaults: readonly IngressClassView[],
  fallback: ControllerType | undefined,
): ClassResolution {
  let className = ingress.ingressClassName;
  let classSource: ClassSource = 'spec';
  if (!className && ingress.classAnnotation) {
    className = ingress.classAnnotation;
    classSource = 'annotation';
  }
  if (!className && defaults[0]) {
    className = defaults[0].name;
    classSource = 'default';
  }
  if (!className) classSource = 'none';
  const ingressClass = className ? classes.get(className) : undefined;
  if (ingressClass?.controller) {
    return {
      className,
      classSource,
      ingressClass,
      controller: ingressClass.controller,
      controllerSource: 'ingressclass',
    };
  }
  const byName =
    className && !ingressClass
      ? controllerFromId(className.includes('nginx') ? 'ingress-nginx' : className)
      : undefined;
  if (byName)
    return { className, classSource, ingressClass, controller: byName, controllerSource: 'class-name' };
  if (fallback)
    return { className, classSource, ingressClass, controller: fallback, controllerSource: 'fallback' };
  const byAnnotations = controllerFromAnnotations(ingress.annotations);
  if (byAnnotations)
    return {
      className,
      classSource,
      ingressClass,
      controller: byAnnotations,
      controllerSource: 'annotations',
    };
  return { className, classSource, ingressClass, controller: undefined, controllerSource: 'unknown' };
}

/** The controller whose annotation prefix the Ingress uses most; undefined when none or a tie. */
function controllerFromAnnotations(
  annotations: Readonly<Record<string, string>>,
): ControllerType | undefined {
  const counts = CONTROLLER_TYPES.map((type) => ({
    type,
    count: Object.keys(annotations).filter((key) =>
      ANNOTATION_PREFIXES[type].some((prefix) => key.startsWith(prefix)),
    ).length,
  })).sort((a, b) => b.count - a.count);
  const [first, second] = counts;
  if (!first || first.count === 0 || (second && second.count === first.count)) return undefined;
  return first.type;
}

/** A deployed ingress-nginx controller: the container running its image. */
export interface NginxControllerView {
  readonly workload: WorkloadView;
  readonly container: ContainerView;
  readonly image: string;
  /** Semantic version without the leading `v`, when the tag says. */
  readonly version: string | undefined;
  readonly args: ReadonlyMap<string, string | true>;
  readonly configMap: Resource | undefined;
}

const NGINX_CONTROLLER_IMAGE =
  /(?:^|\/)(?:ingress-nginx\/controller(?:-chroot)?|kubernetes-ingress-controller\/nginx-ingress-controller(?:-[a-z0-9]+)?)(?::|@|$)/;

export function isIngressNginxImage(image: string): boolean {
  return NGINX_CONTROLLER_IMAGE.test(image);
}

export function imageVersion(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const match = /^v?(\d+\.\d+\.\d+)/.exec(withoutDigest.slice(colon + 1));
  return match?.[1];
}

export function parseArgs(args: readonly string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (const arg of args) {
    const match = /^--?([A-Za-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (match?.[1]) out.set(match[1], match[2] ?? true);
  }
  return out;
}

export function findNginxControllers(
  workloads: readonly WorkloadView[],
  configMaps: (namespace: string, name: string) => Resource | undefined,
): NginxControllerView[] {
  const out: NginxControllerView[] = [];
  for (const workload of workloads) {
    // A Pod owned by a Deployment in the same input would be counted twice; prefer the template.
    if (
      workload.resource.kind === 'Pod' &&
      asObject(workload.resource.body.metadata).ownerReferences !== undefined &&
      workloads.some((w) => w.resource.kind !== 'Pod' && w.resource.namespace === workload.resource.namespace)
    )
      continue;
    for (const container of workload.containers) {
      if (!isIngressNginxImage(container.image)) continue;
      const args = parseArgs(container.args);
      const configArg = args.get('configmap');
      let configMap: Resource | undefined;
      if (typeof configArg === 'string') {
        const [namespace, name] = configArg.includes('/')
          ? configArg.split('/', 2)
          : [workload.resource.namespace, configArg];
        configMap = configMaps(namespace ?? workload.resource.namespace, name ?? '');
      }
      configMap ??=
        configMaps(workload.resource.namespace, 'ingress-nginx-controller') ??
        configMaps(workload.resource.namespace, 'nginx-configuration');
      out.push({
        workload,
        container,
        image: container.image,
        version: imageVersion(container.image),
        args,
        configMap,
      });
    }
  }
  return out;
}
