/**
 * The Kubernetes CEL library functions ValidatingAdmissionPolicies use that `@bufbuild/cel` lacks
 * (its strings extension already has lowerAscii, split, join, replace, trim, indexOf…): list
 * functions, regex find/findAll, URLs, IP/CIDR checks and sets. Semantics follow
 * k8s.io/apiserver/pkg/cel/library; errors are thrown and become CEL errors.
 */
import { isIP } from 'node:net';
import {
  CelScalar,
  celFunc,
  celList,
  celMap,
  celMethod,
  isCelList,
  isCelMap,
  isCelUint,
  listType,
  mapType,
  type CelFunc,
  type CelInput,
  type CelList,
  type CelMap,
  type CelValue,
} from '@bufbuild/cel';

const { DYN, STRING, INT, BOOL } = CelScalar;
const LIST = listType(DYN);
const URL_MAP = mapType(STRING, DYN);

function numeric(value: CelValue): number | bigint | undefined {
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  if (isCelUint(value)) return value.value;
  return undefined;
}

/** Orders ints, uints, doubles (across types), strings and bools; anything else has no order. */
function compare(a: CelValue, b: CelValue): number {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Error('no such overload: values are not comparable');
}

function equal(a: CelValue, b: CelValue): boolean {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x == y; // int 1 == double 1.0, as CEL compares numbers
  if (isCelList(a) && isCelList(b)) {
    if (a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) {
      const left = a.get(i);
      const right = b.get(i);
      if (left === undefined || right === undefined || !equal(left, right)) return false;
    }
    return true;
  }
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) {
      const other = b.get(key);
      if (other === undefined || !equal(value, other)) return false;
    }
    return true;
  }
  return a === b;
}

function sum(this: CelList): CelValue {
  let total: bigint | number = 0n;
  let sawDouble = false;
  for (const item of this) {
    const n = numeric(item);
    if (n === undefined) throw new Error('sum: list holds a non-number');
    if (typeof n === 'number' || sawDouble) {
      sawDouble = true;
      total = Number(total) + Number(n);
    } else total = (total as bigint) + n;
  }
  return total;
}

function extreme(direction: 1 | -1) {
  return function (this: CelList): CelValue {
    let best: CelValue | undefined;
    for (const item of this) if (best === undefined || compare(item, best) * direction > 0) best = item;
    if (best === undefined) throw new Error(`${direction > 0 ? 'max' : 'min'}: the list is empty`);
    return best;
  };
}

function isSorted(this: CelList): boolean {
  let previous: CelValue | undefined;
  for (const item of this) {
    if (previous !== undefined && compare(previous, item) > 0) return false;
    previous = item;
  }
  return true;
}

function listIndexOf(this: CelList, value: CelValue): bigint {
  for (let i = 0; i < this.size; i++) {
    const item = this.get(i);
    if (item !== undefined && equal(item, value)) return BigInt(i);
  }
  return -1n;
}

function listLastIndexOf(this: CelList, value: CelValue): bigint {
  for (let i = this.size - 1; i >= 0; i--) {
    const item = this.get(i);
    if (item !== undefined && equal(item, value)) return BigInt(i);
  }
  return -1n;
}

function flatten(this: CelList, depth?: bigint): CelList {
  if (depth !== undefined && depth < 0n) throw new Error('flatten: depth must be non-negative');
  const out: CelValue[] = [];
  const walk = (list: CelList, level: bigint): void => {
    for (const item of list) {
      if (isCelList(item) && level > 0n) walk(item, level - 1n);
      else out.push(item);
    }
  };
  walk(this, depth ?? 1n);
  return celList(out);
}

function slice(this: CelList, start: bigint, end: bigint): CelList {
  if (start < 0n || end < start || end > BigInt(this.size))
    throw new Error(
      `slice: invalid range [${String(start)}, ${String(end)}) of a list of ${String(this.size)}`,
    );
  return celList([...this].slice(Number(start), Number(end)));
}

const regexCache = new Map<string, RegExp>();

/** RE2 patterns as JavaScript RegExps: the common subset is the same; a leading `(?i)` becomes the i flag. */
function regex(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (!compiled) {
    const insensitive = pattern.startsWith('(?i)');
    compiled = new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'giu' : 'gu');
    regexCache.set(pattern, compiled);
  }
  compiled.lastIndex = 0;
  return compiled;
}

function find(this: string, pattern: string): string {
  return regex(pattern).exec(this)?.[0] ?? '';
}

function findAll(this: string, pattern: string, limit?: bigint): CelList {
  const all = [...this.matchAll(regex(pattern))].map((m) => m[0]);
  return celList(limit === undefined || limit < 0n ? all : all.slice(0, Number(limit)));
}

/** url(): an absolute URI or an absolute path, as Go's url.ParseRequestURI accepts them. */
function parseUrl(text: string): URL | undefined {
  try {
    if (text.startsWith('/')) return new URL(text, 'relative:/');
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text)) return undefined;
    return new URL(text);
  } catch {
    return undefined;
  }
}

function url(text: string): CelMap {
  const parsed = parseUrl(text);
  if (!parsed) throw new Error(`URL parse error during conversion from string: ${text}`);
  const relative = parsed.protocol === 'relative:';
  const query = new Map<string, string[]>();
  for (const [key, value] of parsed.searchParams) query.set(key, [...(query.get(key) ?? []), value]);
  const entries: [string, CelInput][] = [
    ['@url', true],
    ['scheme', relative ? '' : parsed.protocol.slice(0, -1)],
    ['host', relative ? '' : parsed.host],
    ['hostname', relative ? '' : parsed.hostname.replace(/^\[(.*)\]$/, '$1')],
    ['port', relative ? '' : parsed.port],
    ['escapedPath', parsed.pathname],
    ['query', new Map([...query].map(([key, values]) => [key, values]))],
  ];
  return celMap(new Map(entries));
}

function urlPart(part: string) {
  return function (this: CelMap): CelValue {
    if (this.get('@url') !== true) throw new Error(`no such overload: ${part} needs a url()`);
    return this.get(part) ?? '';
  };
}

function isCidr(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  if (address === undefined || prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix))
    return false;
  const version = isIP(address);
  return version !== 0 && Number(prefix) <= (version === 4 ? 32 : 128);
}

function contains(list: CelList, items: CelList): boolean {
  for (const item of items) if (listIndexOf.call(list, item) < 0n) return false;
  return true;
}

export const KUBERNETES_LIBRARY: readonly CelFunc[] = [
  celMethod('sum', LIST, [], DYN, sum),
  celMethod('min', LIST, [], DYN, extreme(-1)),
  celMethod('max', LIST, [], DYN, extreme(1)),
  celMethod('isSorted', LIST, [], BOOL, isSorted),
  celMethod('indexOf', LIST, [DYN], INT, listIndexOf),
  celMethod('lastIndexOf', LIST, [DYN], INT, listLastIndexOf),
  celMethod('flatten', LIST, [], LIST, function (this: CelList) {
    return flatten.call(this);
  }),
  celMethod('flatten', LIST, [INT], LIST, flatten),
  celMethod('slice', LIST, [INT, INT], LIST, slice),
  celMethod('find', STRING, [STRING], STRING, find),
  celMethod('findAll', STRING, [STRING], LIST, function (this: string, pattern: string) {
    return findAll.call(this, pattern);
  }),
  celMethod('findAll', STRING, [STRING, INT], LIST, findAll),
  celFunc('url', [STRING], URL_MAP, url),
  celFunc('isURL', [STRING], BOOL, (text: string) => parseUrl(text) !== undefined),
  celMethod('getScheme', URL_MAP, [], DYN, urlPart('scheme')),
  celMethod('getHost', URL_MAP, [], DYN, urlPart('host')),
  celMethod('getHostname', URL_MAP, [], DYN, urlPart('hostname')),
  celMethod('getPort', URL_MAP, [], DYN, urlPart('port')),
  celMethod('getEscapedPath', URL_MAP, [], DYN, urlPart('escapedPath')),
  celMethod('getQuery', URL_MAP, [], DYN, urlPart('query')),
  celFunc('isIP', [STRING], BOOL, (text: string) => isIP(text) !== 0),
  celFunc('isCIDR', [STRING], BOOL, isCidr),
  celFunc('sets.contains', [LIST, LIST], BOOL, contains),
  celFunc('sets.intersects', [LIST, LIST], BOOL, (a: CelList, b: CelList) =>
    [...b].some((item) => listIndexOf.call(a, item) >= 0n),
  ),
  celFunc(
    'sets.equivalent',
    [LIST, LIST],
    BOOL,
    (a: CelList, b: CelList) => contains(a, b) && contains(b, a),
  ),
];
