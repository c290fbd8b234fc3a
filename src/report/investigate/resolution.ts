/**
 * The resolution commands of an investigation: delete the object, put back a version from the
 * ledger (as a manifest), and take the actor out of the binding that let them. Every value in a
 * command is shell-quoted: names and subjects come from audit events. Pure.
 */
import type { JsonObject } from '../../model/resource.ts';
import { toKubeYaml } from '../kube-yaml.ts';

export type ResolutionAction = 'delete' | 'revert' | 'restore' | 'remove-binding';

export interface Resolution {
  readonly action: ResolutionAction;
  /** One line: what the command does and what to check first. */
  readonly summary: string;
  /** A shell command (or a pipeline) to copy. */
  readonly command: string;
  /** The manifest the command applies (revert, restore). */
  readonly manifest?: string;
  /** Ledger reference of the version the manifest is. */
  readonly basedOn?: string;
}

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX shell quoting: plain words as they are, anything else in single quotes. */
export function shellQuote(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `ingresses.networking.k8s.io`, `configmaps`: the resource as kubectl takes it, group included. */
export function kubectlResource(resource: string, apiGroup: string): string {
  return apiGroup === '' ? resource : `${resource}.${apiGroup}`;
}

function namespaceFlag(namespace: string | null): string {
  return namespace ? ` -n ${shellQuote(namespace)}` : '';
}

const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A state from the ledger as a manifest: without status and the fields the server sets. */
export function manifestOf(state: JsonObject): JsonObject {
  const metadata: JsonObject = Object.fromEntries(
    Object.entries((state.metadata ?? {}) as JsonObject).filter(([key]) => !SERVER_FIELDS.includes(key)),
  );
  const annotations = metadata.annotations;
  if (
    annotations !== null &&
    typeof annotations === 'object' &&
    !Array.isArray(annotations) &&
    LAST_APPLIED in annotations
  ) {
    const kept: JsonObject = Object.fromEntries(
      Object.entries(annotations).filter(([key]) => key !== LAST_APPLIED),
    );
    if (Object.keys(kept).length > 0) metadata.annotations = kept;
    else delete metadata.annotations;
  }
  const out: JsonObject = { ...state, metadata };
  delete out.status;
  return out;
}

const HEREDOC = 'GATEWATCH_EOF';

/** `kubectl VERB -f - <<'GATEWATCH_EOF'` … : the manifest inline, nothing expanded by the shell. */
function withManifest(verb: 'replace' | 'create', manifest: string): string {
  return `kubectl ${verb} -f - <<'${HEREDOC}'\n${manifest}${HEREDOC}`;
}

export interface ObjectCoordinates {
  readonly kind: string;
  readonly resource: string;
  readonly apiGroup: string;
  readonly namespace: string | null;
  readonly name: string;
}

function label(object: ObjectCoordinates): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

export function deleteResolution(object: ObjectCoordinates): Resolution {
  return {
    action: 'delete',
    summary: `Delete ${label(object)} (takes its routes down).`,
    command: `kubectl delete ${kubectlResource(object.resource, object.apiGroup)} ${shellQuote(object.name)}${namespaceFlag(object.namespace)}`,
  };
}

export function revertResolution(
  object: ObjectCoordinates,
  state: JsonObject,
  ref: string,
  time: string,
): Resolution {
  const manifest = toKubeYaml(manifestOf(state));
  return {
    action: 'revert',
    summary: `Put ${label(object)} back as it was at ${time} (ledger ${ref}); replace overwrites every later change.`,
    command: withManifest('replace', manifest),
    manifest,
    basedOn: ref,
  };
}

export function restoreResolution(
  object: ObjectCoordinates,
  state: JsonObject,
  ref: string,
  time: string,
): Resolution {
  const manifest = toKubeYaml(manifestOf(state));
  return {
    action: 'restore',
    summary: `Recreate ${label(object)} as it last was, at ${time} (ledger ${ref}).`,
    command: withManifest('create', manifest),
    manifest,
    basedOn: ref,
  };
}

export interface BindingSubjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface BindingToCut {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly namespace: string;
  readonly name: string;
  readonly subject: BindingSubjectRef;
  /** Index of the subject in `subjects`, when the binding object is known. */
  readonly subjectIndex?: number;
  /** How many subjects the binding has, when known. */
  readonly subjects?: number;
}

function subjectLabel(subject: BindingSubjectRef): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount ${subject.namespace ?? '?'}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

/**
 * Takes the subject out of the binding: delete a binding that has only this subject; otherwise a JSON
 * patch that first tests the subject is still at that index (it fails rather than remove another one);
 * without the binding object at hand, a jq filter on the live object.
 */
export function removeBindingResolution(binding: BindingToCut): Resolution {
  const resource = binding.kind === 'RoleBinding' ? 'rolebinding' : 'clusterrolebinding';
  const target = `${resource} ${shellQuote(binding.name)}${binding.namespace ? ` -n ${shellQuote(binding.namespace)}` : ''}`;
  const where = `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}`;
  const who = subjectLabel(binding.subject);
  const members = binding.subject.kind === 'Group' ? ' (every member of the group loses it)' : '';
  if (binding.subjects === 1)
    return {
      action: 'remove-binding',
      summary: `Delete ${where}: its only subject is ${who}${members}.`,
      command: `kubectl delete ${target}`,
    };
  if (binding.subjectIndex !== undefined) {
    const patch = JSON.stringify([
      { op: 'test', path: `/subjects/${String(binding.subjectIndex)}/name`, value: binding.subject.name },
      { op: 'remove', path: `/subjects/${String(binding.subjectIndex)}` },
    ]);
    return {
      action: 'remove-binding',
      summary: `Remove ${who} from ${where}${members}.`,
      command: `kubectl patch ${target} --type=json -p ${shellQuote(patch)}`,
    };
  }
  const select = [
    `.kind == ${JSON.stringify(binding.subject.kind)}`,
    `.name == ${JSON.stringify(binding.subject.name)}`,
    ...(binding.subject.namespace !== undefined
      ? [`.namespace == ${JSON.stringify(binding.subject.namespace)}`]
      : []),
  ].join(' and ');
  return {
    action: 'remove-binding',
    summary: `Remove ${who} from ${where}${members}; if it is the only subject, delete the binding instead.`,
    command: `kubectl get ${target} -o json | jq ${shellQuote(`del(.subjects[] | select(${select}))`)} | kubectl replace -f -`,
  };
}
