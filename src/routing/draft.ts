/** Entries while the table is built: mutable, with what the builder needs beside the public fields. */
import type { Resource } from '../model/resource.ts';
import type { RouteEntry, SourceRef } from './types.ts';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Draft extends Mutable<RouteEntry> {
  /** The path as written (regex mode and nginx locations use it as is). */
  rawPath: string;
  /** host + pathType + path, normalised: equal keys claim exactly the same requests. */
  claimKey: string;
  /** The normalised host ('' for any): ingress-nginx builds one server per host. */
  hostKey: string;
  /** `Kind/namespace/name` of the source object. */
  objectKey: string;
  /** Regex paths: anchored at the start (ingress-nginx) or on the whole path (Gateway API). */
  anchor: 'start' | 'full';
  /** Ingress `use-regex`/`rewrite-target`, which turns every path of the host into a regex. */
  regexTrigger: string | undefined;
}

/**
 * A SourceRef whose line is located on first use (printing): locating a field reads the document again,
 * not worth it for every entry. A class, not an object literal with a getter: V8 allocates such literals
 * outside the young generation, and a route table built per admission request would then outlive every
 * young-generation collection.
 */
class LazySourceRef implements SourceRef {
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly name: string;
  readonly fieldPath: string;
  readonly file: string | undefined;
  readonly #origin: Resource['origin'];
  #line: number | undefined | null = null;

  constructor(resource: Resource, fieldPath: string) {
    this.kind = resource.kind;
    this.apiVersion = resource.apiVersion;
    this.namespace = resource.namespace;
    this.name = resource.name;
    this.fieldPath = fieldPath;
    this.file = resource.origin?.file;
    this.#origin = resource.origin;
  }

  get line(): number | undefined {
    if (this.#line === null)
      this.#line = this.#origin ? (this.#origin.locate(this.fieldPath) ?? this.#origin.line) : undefined;
    return this.#line;
  }
}

export function sourceRef(resource: Resource, fieldPath: string): SourceRef {
  return new LazySourceRef(resource, fieldPath);
}

export function objectKeyOf(resource: Resource): string {
  return `${resource.kind}/${resource.namespace}/${resource.name}`;
}

/** `namespace/name` of an entry's source, as messages and decisions name it. */
export function sourceName(source: { readonly namespace: string; readonly name: string }): string {
  return source.namespace ? `${source.namespace}/${source.name}` : source.name;
}

/**
 * Who keeps a contested route: the older object (creationTimestamp), then namespace/name in byte order;
 * objects not created yet come after every existing one, in input (apply) order.
 */
export function compareAge(
  a: { readonly created: number | undefined; readonly order: number; readonly source: SourceRef },
  b: { readonly created: number | undefined; readonly order: number; readonly source: SourceRef },
): number {
  if (a.created !== undefined && b.created !== undefined) {
    return (
      a.created - b.created ||
      byteCompare(a.source.namespace, b.source.namespace) ||
      byteCompare(a.source.name, b.source.name) ||
      a.order - b.order
    );
  }
  if (a.created !== undefined) return -1;
  if (b.created !== undefined) return 1;
  return a.order - b.order;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
