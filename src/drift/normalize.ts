/**
 * Brings an approved manifest and its live object to one form before they are compared, so only
 * what someone changed remains: server-written fields go, API defaults are filled into both sides,
 * values the server assigns are dropped from the live side where the manifest leaves them out, and
 * equivalent spellings (quantities, boolean annotations, a Service port by name or by number) are
 * made identical. Pure: returns new objects, reads `defaults.ts` for the data.
 */
import { isObject, type Json, type JsonObject } from '../model/resource.ts';
import { nginxAnnotation, NGINX_ANNOTATION_PREFIX } from '../knowledge/ingress-nginx-annotations.ts';
import {
  API_DEFAULTS,
  appliesTo,
  ASSIGNED_FIELDS,
  QUANTITY_FIELDS,
  SERVER_SET,
  type DefaultingContext,
  type PathPattern,
} from './defaults.ts';
import { sameQuantity } from './quantity.ts';

export interface ServicePort {
  readonly name: string | undefined;
  readonly port: number;
}

export interface NormalizeContext extends DefaultingContext {
  /** The ports of a Service (live first, else approved); undefined when the Service is unknown. */
  readonly servicePorts: (namespace: string, name: string) => readonly ServicePort[] | undefined;
}

export interface NormalizedPair {
  readonly approved: JsonObject;
  readonly live: JsonObject;
}

export function normalizePair(
  kind: string,
  namespace: string,
  approved: JsonObject,
  live: JsonObject,
  context: NormalizeContext,
): NormalizedPair {
  const a = structuredClone(approved);
  const l = structuredClone(live);
  for (const side of [a, l]) {
    stripServerSet(kind, side);
    if (namespace !== '') setNamespace(side, namespace);
    applyDefaults(kind, side);
  }
  dropAssigned(kind, a, l, context);
  reconcileQuantities(kind, a, l);
  reconcileBooleanAnnotations(a, l);
  if (kind === 'Ingress') reconcileBackendPorts(a, l, namespace, context);
  return { approved: prune(a) as JsonObject, live: prune(l) as JsonObject };
}

/** The objects at `pattern` (`*`: every element or key), with their own paths. */
export function holdersAt(root: Json, pattern: PathPattern): JsonObject[] {
  let level: Json[] = [root];
  for (const segment of pattern) {
    const next: Json[] = [];
    for (const node of level) {
      if (segment === '*') {
        if (Array.isArray(node)) next.push(...node);
        else if (isObject(node)) next.push(...Object.values(node));
      } else if (isObject(node) && node[segment] !== undefined) next.push(node[segment]);
    }
    level = next;
  }
  return level.filter(isObject);
}

/** Pairs of objects at `pattern` on both sides; `*` pairs array elements by index and map entries by key. */
export function pairsAt(
  a: Json,
  b: Json,
  pattern: PathPattern,
): [JsonObject | undefined, JsonObject | undefined][] {
  let level: [Json | undefined, Json | undefined][] = [[a, b]];
  for (const segment of pattern) {
    const next: [Json | undefined, Json | undefined][] = [];
    for (const [left, right] of level) {
      if (segment !== '*') {
        next.push([child(left, segment), child(right, segment)]);
        continue;
      }
      if (Array.isArray(left) || Array.isArray(right)) {
        const length = Math.max(
          Array.isArray(left) ? left.length : 0,
          Array.isArray(right) ? right.length : 0,
        );
        for (let i = 0; i < length; i++)
          next.push([Array.isArray(left) ? left[i] : undefined, Array.isArray(right) ? right[i] : undefined]);
      } else {
        const keys = new Set([
          ...Object.keys(isObject(left) ? left : {}),
          ...Object.keys(isObject(right) ? right : {}),
        ]);
        for (const key of keys) next.push([child(left, key), child(right, key)]);
      }
    }
    level = next;
  }
  return level.map(([left, right]) => [
    isObject(left) ? left : undefined,
    isObject(right) ? right : undefined,
  ]);
}

function child(node: Json | undefined, key: string): Json | undefined {
  return isObject(node) ? node[key] : undefined;
}

function stripServerSet(kind: string, object: JsonObject): void {
  for (const field of SERVER_SET) {
    if (!appliesTo(field.kinds, kind)) continue;
    const last = field.path.at(-1) ?? '';
    for (const holder of holdersAt(object, field.path.slice(0, -1))) Reflect.deleteProperty(holder, last);
  }
}

function setNamespace(object: JsonObject, namespace: string): void {
  const metadata = isObject(object.metadata) ? object.metadata : (object.metadata = {});
  metadata.namespace = namespace;
}

function applyDefaults(kind: string, object: JsonObject): void {
  for (const field of API_DEFAULTS) {
    if (!appliesTo(field.kinds, kind)) continue;
    const last = field.path.at(-1) ?? '';
    for (const holder of holdersAt(object, field.path.slice(0, -1))) {
      if (holder[last] !== undefined && holder[last] !== null) continue;
      const value =
        typeof field.value === 'function' ? field.value(holder, object) : structuredClone(field.value);
      if (value !== undefined) holder[last] = value;
    }
  }
}

function dropAssigned(
  kind: string,
  approved: JsonObject,
  live: JsonObject,
  context: DefaultingContext,
): void {
  for (const field of ASSIGNED_FIELDS) {
    if (!appliesTo(field.kinds, kind)) continue;
    const last = field.path.at(-1) ?? '';
    for (const [a, l] of pairsAt(approved, live, field.path.slice(0, -1))) {
      if (l === undefined || l[last] === undefined) continue;
      if (a !== undefined && a[last] !== undefined && a[last] !== null) continue;
      if (field.when && !field.when(l[last], approved, context)) continue;
      Reflect.deleteProperty(l, last);
    }
  }
}

/** Where both sides hold one amount in different spellings, the approved side takes the live spelling. */
function reconcileQuantities(kind: string, approved: JsonObject, live: JsonObject): void {
  for (const field of QUANTITY_FIELDS) {
    if (!appliesTo(field.kinds, kind)) continue;
    const last = field.path.at(-1) ?? '';
    for (const [a, l] of pairsAt(approved, live, field.path.slice(0, -1))) {
      if (a === undefined || l === undefined) continue;
      const keys = last === '*' ? Object.keys(a) : [last];
      for (const key of keys) {
        const liveValue = l[key];
        if (liveValue !== undefined && a[key] !== liveValue && sameQuantity(a[key], liveValue))
          a[key] = liveValue;
      }
    }
  }
}

/**
 * Go's strconv.ParseBool, which ingress-nginx uses for every boolean annotation
 * (internal/ingress/annotations/parser: GetBoolAnnotation): these spellings mean the same to it.
 */
export function parseGoBool(value: Json | undefined): boolean | undefined {
  if (typeof value !== 'string') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/**
 * Only annotations the controller reads as booleans: ingress-nginx annotations of boolean type
 * (knowledge/ingress-nginx-annotations.ts). Elsewhere `"True"` and `"true"` may differ (a controller
 * comparing strings), so they stay different.
 */
function reconcileBooleanAnnotations(approved: JsonObject, live: JsonObject): void {
  const a = annotationsOf(approved);
  const l = annotationsOf(live);
  if (a === undefined || l === undefined) return;
  for (const [key, value] of Object.entries(a)) {
    if (!key.startsWith(NGINX_ANNOTATION_PREFIX) || l[key] === undefined || l[key] === value) continue;
    if (nginxAnnotation(key.slice(NGINX_ANNOTATION_PREFIX.length))?.value.type !== 'bool') continue;
    const left = parseGoBool(value);
    if (left !== undefined && left === parseGoBool(l[key])) a[key] = l[key];
  }
}

function annotationsOf(object: JsonObject): JsonObject | undefined {
  const metadata = object.metadata;
  return isObject(metadata) && isObject(metadata.annotations) ? metadata.annotations : undefined;
}

const BACKEND_PATTERNS: readonly PathPattern[] = [
  ['spec', 'defaultBackend', 'service'],
  ['spec', 'rules', '*', 'http', 'paths', '*', 'backend', 'service'],
];

/**
 * `port: {name: http}` and `port: {number: 80}` send traffic to the same place when the Service maps
 * the name `http` to port 80 (the controller resolves a name through the Service's ports): the approved
 * side takes the live spelling.
 */
function reconcileBackendPorts(
  approved: JsonObject,
  live: JsonObject,
  namespace: string,
  context: NormalizeContext,
): void {
  for (const pattern of BACKEND_PATTERNS) {
    for (const [a, l] of pairsAt(approved, live, pattern)) {
      if (a === undefined || l === undefined || typeof a.name !== 'string' || a.name !== l.name) continue;
      if (!isObject(a.port) || !isObject(l.port)) continue;
      const ports = context.servicePorts(namespace, a.name);
      if (ports && samePort(a.port, l.port, ports)) a.port = structuredClone(l.port);
    }
  }
}

function samePort(a: JsonObject, b: JsonObject, ports: readonly ServicePort[]): boolean {
  const resolve = (port: JsonObject): number | undefined =>
    typeof port.number === 'number'
      ? port.number
      : typeof port.name === 'string'
        ? ports.find((p) => p.name === port.name)?.port
        : undefined;
  const left = resolve(a);
  return left !== undefined && left === resolve(b);
}

/**
 * What the API server never stores: null values, empty lists, and empty label and annotation maps
 * (Go's `omitempty`). Empty objects elsewhere stay (`emptyDir: {}` means something).
 */
function prune(value: Json, key = ''): Json | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => prune(item) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [name, item] of Object.entries(value)) {
    const kept = prune(item, name);
    if (kept !== undefined) out[name] = kept;
  }
  if (Object.keys(out).length === 0 && (key === 'labels' || key === 'annotations')) return undefined;
  return out;
}
