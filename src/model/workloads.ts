/** Pods and pod templates of workloads, and what selects them. */
import { asArray, asObject, asString, stringMap, type Resource } from './resource.ts';

export const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet', 'Pod'] as const;

export interface ContainerView {
  readonly name: string;
  readonly image: string;
  readonly args: readonly string[];
  /** `spec.template.spec.containers[i]` or `spec.containers[i]` */
  readonly fieldPath: string;
}

export interface WorkloadView {
  readonly resource: Resource;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerView[];
}

export function viewWorkload(resource: Resource): WorkloadView {
  const spec = asObject(resource.body.spec);
  const isPod = resource.kind === 'Pod';
  const template = isPod ? resource.body : asObject(spec.template);
  const podSpec = asObject(template.spec);
  const base = isPod ? 'spec' : 'spec.template.spec';
  const containers = asArray(podSpec.containers).map((entry, index): ContainerView => {
    const container = asObject(entry);
    const args = [...asArray(container.command), ...asArray(container.args)].filter(
      (a): a is string => typeof a === 'string',
    );
    return {
      name: asString(container.name) ?? '',
      image: asString(container.image) ?? '',
      args,
      fieldPath: `${base}.containers[${index}]`,
    };
  });
  return { resource, podLabels: stringMap(asObject(template.metadata).labels), containers };
}

/** Kubernetes label selector semantics (matchLabels + matchExpressions). An empty selector matches everything. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const sel = asObject(selector);
  for (const [key, value] of Object.entries(stringMap(sel.matchLabels))) {
    if (labels[key] !== value) return false;
  }
  for (const entry of asArray(sel.matchExpressions)) {
    const expression = asObject(entry);
    const key = asString(expression.key) ?? '';
    const values = asArray(expression.values).map(String);
    const present = Object.hasOwn(labels, key);
    const value = labels[key];
    switch (asString(expression.operator)) {
      case 'In':
        if (!present || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (present && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service's `spec.selector` is a plain map; an empty or absent one selects nothing (endpoints are manual). */
export function serviceSelects(
  serviceSelector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  const entries = Object.entries(serviceSelector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}
