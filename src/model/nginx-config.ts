/**
 * The configuration an ingress-nginx controller runs with: its ConfigMap (found through the
 * `--configmap` argument) joined to the controller workloads that read it. Controller rules judge
 * "subjects": one per ConfigMap (with every controller reading it), one per controller whose ConfigMap
 * is not in the input, and one per ConfigMap no controller in the input reads that is named like a
 * controller ConfigMap (`ingress-nginx-controller`, `<release>-ingress-nginx-controller`,
 * `nginx-configuration`), labelled as one by the chart, or holding a key only ingress-nginx reads
 * (`allow-snippet-annotations`…) — a chart rendered without its Deployment, or a ConfigMap applied on
 * its own, still says how the controller will run.
 */
import { asObject, stringMap, type Resource } from './resource.ts';
import type { Model } from './model.ts';
import type { ClassResolution, NginxControllerView } from './controllers.ts';
import { at } from './field-path.ts';
import type { Visitors } from '../engine/rule.ts';

export interface NginxConfigSubject {
  /** The ConfigMap, when it is in the input. */
  readonly configMap: Resource | undefined;
  /** The controllers reading it (none for a stray controller-like ConfigMap). */
  readonly controllers: readonly NginxControllerView[];
  readonly data: Readonly<Record<string, string>>;
}

const CONTROLLER_CONFIGMAP_NAMES = new Set(['ingress-nginx-controller', 'nginx-configuration']);
/** ConfigMap keys no other software uses: a ConfigMap holding one is an ingress-nginx controller's. */
const DISTINCTIVE_KEYS = [
  'allow-snippet-annotations',
  'annotations-risk-level',
  'compute-full-forwarded-for',
  'proxy-real-ip-cidr',
];

/** A ConfigMap that looks like an ingress-nginx controller's: by name, by the chart's labels, or by its keys. */
export function isControllerLikeConfigMap(configMap: Resource): boolean {
  if (CONTROLLER_CONFIGMAP_NAMES.has(configMap.name) || configMap.name.endsWith('-ingress-nginx-controller'))
    return true;
  const labels = stringMap(asObject(configMap.body.metadata).labels);
  if (
    labels['app.kubernetes.io/name'] === 'ingress-nginx' &&
    labels['app.kubernetes.io/component'] === 'controller'
  )
    return true;
  const data = asObject(configMap.body.data);
  return DISTINCTIVE_KEYS.some((key) => Object.hasOwn(data, key));
}

export function configMapData(configMap: Resource | undefined): Record<string, string> {
  return configMap ? stringMap(configMap.body.data) : {};
}

export function configMapKeyPath(key: string): string {
  return at('data', key);
}

export function nginxConfigSubjects(model: Model): NginxConfigSubject[] {
  const byConfigMap = new Map<Resource, NginxControllerView[]>();
  const subjects: NginxConfigSubject[] = [];
  for (const controller of model.nginxControllers()) {
    if (!controller.configMap) {
      subjects.push({ configMap: undefined, controllers: [controller], data: {} });
      continue;
    }
    let list = byConfigMap.get(controller.configMap);
    if (!list) byConfigMap.set(controller.configMap, (list = []));
    list.push(controller);
  }
  for (const [configMap, controllers] of byConfigMap)
    subjects.push({ configMap, controllers, data: configMapData(configMap) });
  for (const configMap of model.list('ConfigMap')) {
    if (!byConfigMap.has(configMap) && isControllerLikeConfigMap(configMap)) {
      subjects.push({ configMap, controllers: [], data: configMapData(configMap) });
    }
  }
  return subjects;
}

/**
 * Visitors that call `judge` once per subject, while the engine visits the subject's first controller
 * workload (or, for a stray ConfigMap, the ConfigMap itself). Controller workload kinds get visitors
 * only when the input holds a controller: that way a rule needing ConfigMaps is "not checked" when a
 * controller is present but no ConfigMap is, and silent when there is no controller at all.
 */
export function nginxConfigVisitors(model: Model, judge: (subject: NginxConfigSubject) => void): Visitors {
  const subjects = nginxConfigSubjects(model);
  const byOwner = new Map<Resource, NginxConfigSubject[]>();
  for (const subject of subjects) {
    const owner = subject.controllers[0]?.workload.resource ?? subject.configMap;
    if (!owner) continue;
    let list = byOwner.get(owner);
    if (!list) byOwner.set(owner, (list = []));
    list.push(subject);
  }
  const visit = (resource: Resource): void => {
    for (const subject of byOwner.get(resource) ?? []) judge(subject);
  };
  const controllerKinds = new Set(model.nginxControllers().map((c) => c.workload.resource.kind));
  return {
    ConfigMap: visit,
    ...(controllerKinds.has('Deployment') ? { Deployment: visit } : {}),
    ...(controllerKinds.has('DaemonSet') ? { DaemonSet: visit } : {}),
    ...(controllerKinds.has('StatefulSet') ? { StatefulSet: visit } : {}),
    ...(controllerKinds.has('Pod') ? { Pod: visit } : {}),
  };
}

/** Visitors calling `visit` for each controller container while its workload is visited. */
export function nginxControllerVisitors(
  model: Model,
  visit: (controller: NginxControllerView) => void,
): Visitors {
  const byWorkload = new Map<Resource, NginxControllerView[]>();
  for (const controller of model.nginxControllers()) {
    let list = byWorkload.get(controller.workload.resource);
    if (!list) byWorkload.set(controller.workload.resource, (list = []));
    list.push(controller);
  }
  const onWorkload = (resource: Resource): void => {
    for (const controller of byWorkload.get(resource) ?? []) visit(controller);
  };
  const kinds = new Set([...byWorkload.keys()].map((resource) => resource.kind));
  return {
    ...(kinds.has('Deployment') ? { Deployment: onWorkload } : {}),
    ...(kinds.has('DaemonSet') ? { DaemonSet: onWorkload } : {}),
    ...(kinds.has('StatefulSet') ? { StatefulSet: onWorkload } : {}),
    ...(kinds.has('Pod') ? { Pod: onWorkload } : {}),
  };
}

/** Field path of the controller container's `args[i]` holding `--flag`, or the container itself. */
export function controllerArgPath(controller: NginxControllerView, flag: string): string {
  const index = controller.container.args.findIndex((arg) => new RegExp(`^--?${flag}(?:=|$)`).test(arg));
  if (index < 0) return controller.container.fieldPath;
  return argFieldPath(controller, index);
}

function templateSpec(resource: Resource): unknown {
  return resource.kind === 'Pod' ? resource.body.spec : asObject(asObject(resource.body.spec).template).spec;
}

/** ContainerView.args joins `command` then `args`: map an index back to the list it came from. */
function argFieldPath(controller: NginxControllerView, index: number): string {
  const spec = asObject(templateSpec(controller.workload.resource));
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const containerIndex = Number(/\[(\d+)\]$/.exec(controller.container.fieldPath)?.[1] ?? 0);
  const container = asObject(containers[containerIndex]);
  const command = Array.isArray(container.command)
    ? container.command.filter((c) => typeof c === 'string')
    : [];
  if (index < command.length) return `${controller.container.fieldPath}.command[${index}]`;
  return `${controller.container.fieldPath}.args[${index - command.length}]`;
}

export function controllerImagePath(controller: NginxControllerView): string {
  return `${controller.container.fieldPath}.image`;
}

const GO_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** A ConfigMap boolean as the controller reads it (Go's strconv.ParseBool); undefined when absent or invalid. */
export function configBool(value: string | undefined): boolean | undefined {
  const text = value?.trim();
  if (text === undefined) return undefined;
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  return undefined;
}

/**
 * Whether this controller serves an Ingress of that class: through an IngressClass whose
 * spec.controller is its `--controller-class` (default k8s.io/ingress-nginx), or by class name equal
 * to its `--ingress-class` (default nginx) when no IngressClass object is in the input.
 */
export function controllerServes(controller: NginxControllerView, resolution: ClassResolution): boolean {
  if (resolution.controller !== 'nginx') return false;
  const controllerClass = controller.args.get('controller-class');
  const ingressClass = controller.args.get('ingress-class');
  if (resolution.ingressClass?.controllerId !== undefined) {
    return (
      resolution.ingressClass.controllerId ===
      (typeof controllerClass === 'string' ? controllerClass : 'k8s.io/ingress-nginx')
    );
  }
  if (resolution.className === undefined) return controller.args.has('watch-ingress-without-class');
  return resolution.className === (typeof ingressClass === 'string' ? ingressClass : 'nginx');
}
