/**
 * The drift between approved manifests (the baseline) and live objects: objects missing from the live
 * side, live objects no baseline manages, and changed objects with every changed field (after
 * normalize.ts). Secret values are compared by keyed digest only and never returned. Pure.
 */
import { diffObjects } from '../ledger/diff.ts';
import { formatPath, parsePath, type PathSegment } from '../model/field-path.ts';
import { isNamespaced } from '../model/kinds.ts';
import {
  asArray,
  asObject,
  asString,
  isObject,
  keyOf,
  refOf,
  type Json,
  type ObjectRef,
  type Resource,
} from '../model/resource.ts';
import { isSecretResource, TLS_SECRET_TYPE } from '../model/secret.ts';
import type { DriftIgnoreRule } from '../engine/config.ts';
import { DEFAULT_CLASS_ANNOTATION } from './defaults.ts';
import { IgnoreRules, type UnusedIgnoreRule } from './ignore.ts';
import { normalizePair, type NormalizeContext, type ServicePort } from './normalize.ts';
import { toPointer } from './pointer.ts';

export type DriftStatus = 'changed' | 'missing' | 'unmanaged';

export interface FieldDrift {
  /** Field path as findings write it: `spec.rules[0].host`. */
  readonly path: string;
  /** The same as a JSON pointer (what ignore rules use): `/spec/rules/0/host`. */
  readonly pointer: string;
  readonly segments: readonly PathSegment[];
  /** `added`: only live has it; `removed`: only the approved manifest has it. */
  readonly change: 'changed' | 'added' | 'removed';
  /** null where that side has no value, and always for Secret data (`redacted`). */
  readonly approved: Json;
  readonly live: Json;
  /** Secret data: only the key is told, never a value. */
  readonly redacted: boolean;
}

export interface ObjectDrift {
  readonly status: DriftStatus;
  readonly object: ObjectRef;
  /** Where the approved manifest is (missing and changed objects). */
  readonly location?: { readonly file: string; readonly line: number };
  /** Changed objects: the fields, in path order. */
  readonly fields: readonly FieldDrift[];
}

export interface NotCompared {
  readonly object: ObjectRef;
  readonly reason: string;
}

/** Which live objects can be unmanaged: those of the baseline's kinds and namespaces, or all. */
export type UnmanagedScope = 'baseline' | 'all';

export interface DriftInput {
  readonly baseline: readonly Resource[];
  readonly live: readonly Resource[];
  readonly ignore?: readonly DriftIgnoreRule[];
  /** Kinds the live source could not read, with why: their baseline objects are not compared. */
  readonly unreadableKinds?: ReadonlyMap<string, string>;
  /** The live side is a cluster read, which lists only Secrets of type kubernetes.io/tls. */
  readonly liveIsCluster?: boolean;
  readonly unmanagedScope?: UnmanagedScope;
}

export interface DriftComparison {
  readonly objects: readonly ObjectDrift[];
  readonly notCompared: readonly NotCompared[];
  /** Pairs compared (present on both sides). */
  readonly compared: number;
  readonly ignored: { readonly objects: number; readonly fields: number };
  readonly unusedIgnoreRules: readonly UnusedIgnoreRule[];
}

export function compareObjects(input: DriftInput): DriftComparison {
  const ignore = new IgnoreRules(input.ignore ?? []);
  const liveByKey = new Map(input.live.map((r) => [keyOf(r.kind, r.namespace, r.name), r]));
  const baselineKeys = new Set(input.baseline.map((r) => keyOf(r.kind, r.namespace, r.name)));
  const context = normalizeContext(input.live, input.baseline);
  const objects: ObjectDrift[] = [];
  const notCompared: NotCompared[] = [];
  const ignored = { objects: 0, fields: 0 };
  let compared = 0;

  for (const approved of input.baseline) {
    const object = refOf(approved);
    const reason = whyNotComparable(approved, input);
    if (reason !== undefined) {
      notCompared.push({ object, reason });
      continue;
    }
    if (ignore.ignoresObject(object)) {
      ignored.objects++;
      continue;
    }
    const location = approved.origin ? { file: approved.origin.file, line: approved.origin.line } : undefined;
    const live = liveByKey.get(keyOf(approved.kind, approved.namespace, approved.name));
    if (!live) {
      objects.push({ status: 'missing', object, ...(location ? { location } : {}), fields: [] });
      continue;
    }
    compared++;
    const all = fieldDrift(approved, live, context);
    const fields = all.filter((field) => !ignore.ignoresField(object, field.segments));
    ignored.fields += all.length - fields.length;
    if (fields.length > 0)
      objects.push({ status: 'changed', object, ...(location ? { location } : {}), fields });
  }

  const inScope = unmanagedScope(input);
  for (const live of input.live) {
    if (baselineKeys.has(keyOf(live.kind, live.namespace, live.name))) continue;
    if (!inScope(live) || isMadeBySystem(live)) continue;
    if (ignore.ignoresObject(refOf(live))) {
      ignored.objects++;
      continue;
    }
    objects.push({ status: 'unmanaged', object: refOf(live), fields: [] });
  }

  objects.sort((a, b) => compareRefs(a.object, b.object));
  notCompared.sort((a, b) => compareRefs(a.object, b.object));
  return { objects, notCompared, compared, ignored, unusedIgnoreRules: ignore.unused() };
}

function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)
  );
}

function whyNotComparable(approved: Resource, input: DriftInput): string | undefined {
  const unreadable = input.unreadableKinds?.get(approved.kind);
  if (unreadable !== undefined) return unreadable;
  if (input.liveIsCluster && isSecretResource(approved) && approved.secretType !== TLS_SECRET_TYPE)
    return `the cluster is read for Secrets of type ${TLS_SECRET_TYPE} only; this one is ${approved.secretType}`;
  return undefined;
}

/** Every field that differs after normalisation, in path order; Secret data by key only. */
export function fieldDrift(approved: Resource, live: Resource, context: NormalizeContext): FieldDrift[] {
  const pair = normalizePair(approved.kind, approved.namespace, approved.body, live.body, context);
  const diff = diffObjects(pair.approved, pair.live);
  const out = new Map<string, FieldDrift>();
  const add = (segments: PathSegment[], change: FieldDrift['change'], redacted = false): void => {
    const path = formatPath(segments);
    const approvedValue = redacted || change === 'added' ? null : valueAt(pair.approved, segments);
    const liveValue = redacted || change === 'removed' ? null : valueAt(pair.live, segments);
    const earlier = out.get(path);
    // A primitive list item replaced in place is one removal and one addition at one index: one change.
    const merged = earlier !== undefined && earlier.change !== change ? 'changed' : change;
    out.set(path, {
      path,
      pointer: toPointer(segments),
      segments,
      change: merged,
      approved: merged === 'changed' && earlier ? (earlier.approved ?? approvedValue) : approvedValue,
      live: merged === 'changed' && earlier ? (earlier.live ?? liveValue) : liveValue,
      redacted,
    });
  };
  for (const path of diff.removed)
    for (const leaf of leaves(pair.approved, parsePath(path))) add(leaf, 'removed');
  for (const path of diff.added) for (const leaf of leaves(pair.live, parsePath(path))) add(leaf, 'added');
  for (const entry of diff.changed) add(parsePath(entry.path), 'changed');
  if (isSecretResource(approved) && isSecretResource(live)) {
    const before = approved.dataDigests ?? {};
    const after = live.dataDigests ?? {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const change = before[key] === undefined ? 'added' : after[key] === undefined ? 'removed' : 'changed';
      if (before[key] !== after[key]) add(['data', key], change, true);
    }
  }
  return [...out.values()].sort((a, b) => comparePaths(a.segments, b.segments));
}

/**
 * An object added or removed whole is told key by key (an annotation map added to an object that had
 * none is one line per annotation), so each can be read, attributed and ignored on its own.
 */
function leaves(root: Json, segments: PathSegment[]): PathSegment[][] {
  const value = valueAt(root, segments);
  if (!isObject(value) || Object.keys(value).length === 0) return [segments];
  return Object.keys(value).flatMap((key) => leaves(root, [...segments, key]));
}

function comparePaths(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const left = a[i] as PathSegment;
    const right = b[i] as PathSegment;
    if (left === right) continue;
    if (typeof left === 'number' && typeof right === 'number') return left - right;
    return String(left).localeCompare(String(right));
  }
  return a.length - b.length;
}

function valueAt(root: Json, segments: readonly PathSegment[]): Json {
  let node: Json | undefined = root;
  for (const segment of segments) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isObject(node) && typeof segment === 'string') node = node[segment];
    else return null;
  }
  return node ?? null;
}

/** Default IngressClasses and Service ports, from the live objects first and the baseline after. */
export function normalizeContext(live: readonly Resource[], baseline: readonly Resource[]): NormalizeContext {
  const defaultIngressClasses = new Set<string>();
  const services = new Map<string, ServicePort[]>();
  for (const resource of [...baseline, ...live]) {
    if (resource.kind === 'IngressClass') {
      const annotations = asObject(asObject(resource.body.metadata).annotations);
      if (annotations[DEFAULT_CLASS_ANNOTATION] === 'true') defaultIngressClasses.add(resource.name);
    }
    if (resource.kind === 'Service') {
      const ports = asArray(asObject(resource.body.spec).ports).flatMap((port): ServicePort[] => {
        const value = asObject(port);
        return typeof value.port === 'number' ? [{ name: asString(value.name), port: value.port }] : [];
      });
      // Live objects come last and win: the controller resolves names through the live Service.
      services.set(`${resource.namespace}/${resource.name}`, ports);
    }
  }
  return {
    defaultIngressClasses,
    servicePorts: (namespace, name) => services.get(`${namespace}/${name}`),
  };
}

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Objects the cluster makes for itself or a controller makes from another object: never in a
 * baseline, never unmanaged drift. Namespaces kube-*, and `default` itself; objects with an owner
 * (ReplicaSet Pods, cert-manager Secrets with owner references…); the per-namespace `default`
 * ServiceAccount and `kube-root-ca.crt` ConfigMap; the `kubernetes` Service; the API server's
 * bootstrap RBAC (`system:*`, label kubernetes.io/bootstrapping); service-account token Secrets and
 * Secrets cert-manager issues for a Certificate.
 */
export function isMadeBySystem(resource: Resource): boolean {
  const metadata = asObject(resource.body.metadata);
  const annotations = asObject(metadata.annotations);
  const labels = asObject(metadata.labels);
  if (SYSTEM_NAMESPACES.has(resource.namespace)) return true;
  if (resource.kind === 'Namespace' && (SYSTEM_NAMESPACES.has(resource.name) || resource.name === 'default'))
    return true;
  if (asArray(metadata.ownerReferences).length > 0) return true;
  if (resource.kind === 'ServiceAccount' && resource.name === 'default') return true;
  if (resource.kind === 'ConfigMap' && resource.name === 'kube-root-ca.crt') return true;
  if (resource.kind === 'Service' && resource.namespace === 'default' && resource.name === 'kubernetes')
    return true;
  if (/^(Cluster)?Role(Binding)?$/.test(resource.kind)) {
    if (resource.name.startsWith('system:') || labels['kubernetes.io/bootstrapping'] === 'rbac-defaults')
      return true;
  }
  if (isSecretResource(resource)) {
    if (resource.secretType === 'kubernetes.io/service-account-token') return true;
    if (typeof annotations['cert-manager.io/certificate-name'] === 'string') return true;
  }
  return false;
}

function unmanagedScope(input: DriftInput): (resource: Resource) => boolean {
  if (input.unmanagedScope === 'all') return () => true;
  const kinds = new Set(input.baseline.map((r) => r.kind));
  const namespaces = new Set(input.baseline.filter((r) => r.namespace !== '').map((r) => r.namespace));
  for (const r of input.baseline) if (r.kind === 'Namespace') namespaces.add(r.name);
  return (resource) => {
    if (!kinds.has(resource.kind)) return false;
    if (resource.kind === 'Namespace') return namespaces.has(resource.name);
    return !isNamespaced(resource.kind) || namespaces.has(resource.namespace);
  };
}
