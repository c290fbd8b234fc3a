/** A Kubernetes object as read from any source, with where it came from. Pure types, no I/O. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  /** '' for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
}

export interface Origin {
  readonly file: string;
  /** 1-based line of the document's first content line. */
  readonly line: number;
  /** 1-based line of the field at `path` (see field-path.ts), when it can be found. */
  locate(path: string): number | undefined;
}

export interface Resource extends ObjectRef {
  /** The object as read. Secret `data` is never kept here: see model/secret.ts. */
  readonly body: JsonObject;
  readonly origin?: Origin;
  /** The chart template a `helm template` document came from (its `# Source:` comment). */
  readonly helmSource?: string;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(asObject(value))) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}

export function refOf(resource: ObjectRef): ObjectRef {
  return {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    namespace: resource.namespace,
    name: resource.name,
  };
}

/**
 * `kind/namespace/name`. Joined rather than concatenated: a concatenation is a tree of string pieces,
 * several times the size of the flat string join makes — and keys are kept for every stored object.
 */
export function keyOf(kind: string, namespace: string, name: string): string {
  return [kind, namespace, name].join('/');
}

export function displayName(ref: { kind: string; namespace: string; name: string }): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}
