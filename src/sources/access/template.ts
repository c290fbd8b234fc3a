/**
 * The engine behind every text format: a line template is a list of literals and fields
 * (`$remote_addr - $remote_user [$time_local] "$request" …`), compiled once. Matching walks the line
 * once, left to right, finding each field's end with `indexOf` of the literal that follows it — no
 * regular expression, so no backtracking whatever the line holds. Building the record is one switch
 * over precomputed field kinds: no closures are created per line.
 */
import {
  TimeCache,
  decodePath,
  emptyList,
  epochSecondsMs,
  normalizeHost,
  numberAt,
  optionalNumber,
  optionalText,
  splitRequestLine,
  splitUpstreamList,
  stripPort,
  sumNumberList,
  unescapeField,
} from './fields.ts';
import type { AccessRecord } from './types.ts';

/** What a field means. Numbers, not strings, so the builder's switch is a jump table. */
export const Field = {
  extra: 0,
  clientIp: 1,
  clientAddressWithPort: 2,
  remoteUser: 3,
  timeLocal: 4,
  timeIso: 5,
  timeMsec: 6,
  request: 7,
  method: 8,
  target: 9,
  uri: 10,
  query: 11,
  protocol: 12,
  scheme: 13,
  host: 14,
  status: 15,
  bodyBytes: 16,
  bytes: 17,
  requestLength: 18,
  requestTimeSeconds: 19,
  requestTimeMs: 20,
  upstreamTimeSeconds: 21,
  upstreamTimeMs: 22,
  upstreamAddr: 23,
  upstreamUrl: 24,
  upstreamStatus: 25,
  upstreamName: 26,
  alternativeUpstreamName: 27,
  routerName: 28,
  userAgent: 29,
  referer: 30,
  requestId: 31,
  forwardedFor: 32,
  ignore: 33,
} as const;

export type FieldKind = (typeof Field)[keyof typeof Field];

export interface TemplateField {
  readonly kind: FieldKind;
  /** The variable as written (`remote_addr`, `REQ(USER-AGENT)`); the key in `extra`. */
  readonly name: string;
}

export interface Template {
  /** literals[i] precedes fields[i]; literals[fields.length] ends the line. */
  readonly literals: readonly string[];
  readonly fields: readonly TemplateField[];
  /** Per field: the value may hold `, ` and ` : ` separators (nginx upstream lists). */
  readonly lists: readonly boolean[];
  /** Per field: sits between quotes, so a `\"` inside does not end it. */
  readonly quoted: readonly boolean[];
  /** Values are escaped (nginx `\xHH`, Go `\"`) and get unescaped; Envoy writes them raw. */
  readonly escaped: boolean;
}

const LIST_KINDS: ReadonlySet<FieldKind> = new Set([
  Field.upstreamAddr,
  Field.upstreamStatus,
  Field.upstreamTimeSeconds,
  Field.extra,
  Field.forwardedFor,
]);

export function makeTemplate(
  literals: readonly string[],
  fields: readonly TemplateField[],
  escaped = true,
): Template {
  if (literals.length !== fields.length + 1) throw new Error('a template needs one literal more than fields');
  return {
    literals,
    fields,
    lists: fields.map((field) => LIST_KINDS.has(field.kind)),
    escaped,
    quoted: fields.map(
      (_, i) => escaped && (literals[i] ?? '').endsWith('"') && (literals[i + 1] ?? '').startsWith('"'),
    ),
  };
}

/**
 * Find each field's value in a line: field i is `line.slice(bounds[2i], bounds[2i + 1])`. Returns
 * undefined on success, else why the line does not fit the template. Bounds, not strings: most values
 * are numbers or `-`, read in place by buildRecord without a string made for them.
 */
export function matchTemplate(template: Template, line: string, bounds: Int32Array): string | undefined {
  const { literals, fields, lists, quoted } = template;
  const first = literals[0] ?? '';
  if (!line.startsWith(first)) return `expected ${JSON.stringify(first)} at column 1`;
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x0d || line.charCodeAt(end - 1) === 0x20)) end--;
  const last = literals[fields.length] ?? '';
  let pos = first.length;
  for (let i = 0; i < fields.length; i++) {
    const next = literals[i + 1] ?? '';
    let stop: number;
    if (i === fields.length - 1) {
      // The last field runs to the closing literal at the very end of the line.
      stop = end - last.length;
      if (stop < pos || !line.startsWith(last, stop)) {
        return `expected ${JSON.stringify(last)} at the end of the line`;
      }
    } else if (next === '') {
      // Two fields with nothing between them: the first ends at the next space.
      stop = line.indexOf(' ', pos);
      if (stop < 0 || stop > end) stop = end;
    } else {
      stop = findDelimiter(line, next, pos, end, lists[i] === true, quoted[i] === true);
      if (stop < 0) return `expected ${JSON.stringify(next)} after field $${fields[i]?.name ?? ''}`;
    }
    bounds[2 * i] = pos;
    bounds[2 * i + 1] = stop;
    pos = stop + next.length;
  }
  if (fields.length === 0 && pos !== end) return 'unexpected text at the end of the line';
  return undefined;
}

function findDelimiter(
  line: string,
  delimiter: string,
  from: number,
  end: number,
  list: boolean,
  quoted: boolean,
): number {
  let at = line.indexOf(delimiter, from);
  while (at >= 0 && at < end) {
    if (quoted && escapedQuote(line, at, from)) {
      at = line.indexOf(delimiter, at + 1);
      continue;
    }
    if (list && delimiter.charCodeAt(0) === 0x20) {
      // `a, b` and `a : b` keep going; the real separator is a space with neither around it.
      if (at > from && line.charCodeAt(at - 1) === 0x2c) {
        at = line.indexOf(delimiter, at + 1);
        continue;
      }
      if (line.charCodeAt(at + 1) === 0x3a && line.charCodeAt(at + 2) === 0x20) {
        at = line.indexOf(delimiter, at + 3);
        continue;
      }
    }
    return at;
  }
  return -1;
}

/** A quote preceded by an odd number of backslashes is part of the value (Go's %q, JSON). */
function escapedQuote(line: string, at: number, from: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= from && line.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Everything a builder needs besides the values; one per parser, reused for every line. */
export interface BuildContext {
  readonly times: TimeCache;
  readonly utcOffsetMinutes: number;
}

/**
 * Turn matched values (matchTemplate's bounds in `line`) into a record, or say which value is wrong.
 * Every key of AccessRecord is set in the same order for every format (one hidden class).
 */
export function buildRecord(
  template: Template,
  line: string,
  bounds: Int32Array,
  context: BuildContext,
  file: string,
  lineNumber: number,
): AccessRecord | string {
  let time = Number.NaN;
  let clientIp = '';
  let remoteUser: string | undefined;
  let method = '';
  let scheme: string | undefined;
  let host: string | undefined;
  let target: string | undefined;
  let uri: string | undefined;
  let query: string | undefined;
  let protocol = '';
  let status = Number.NaN;
  let bodyBytes: number | undefined;
  let bytes: number | undefined;
  let requestLength: number | undefined;
  let requestTime: number | undefined;
  let upstreamResponseTime: number | undefined;
  let upstreamAddrs = emptyList();
  let upstreamStatus: string | undefined;
  let upstreamName: string | undefined;
  let alternativeUpstreamName: string | undefined;
  let routerName: string | undefined;
  let userAgent: string | undefined;
  let referer: string | undefined;
  let requestId: string | undefined;
  let forwardedFor: string | undefined;
  let extra: Record<string, string> | undefined;
  const { fields, escaped } = template;
  const unescape = escaped ? unescapeField : keep;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field === undefined) continue;
    const start = bounds[2 * i] ?? 0;
    const end = bounds[2 * i + 1] ?? 0;
    // `-` (or nothing): what nginx writes for an empty value; most kinds need no string for it.
    const dash = end - start === 1 && line.charCodeAt(start) === 0x2d;
    const absent = dash || end === start;
    switch (field.kind) {
      case Field.clientIp:
        clientIp = absent ? '' : line.slice(start, end);
        break;
      case Field.clientAddressWithPort:
        if (!dash) clientIp = stripPort(line.slice(start, end));
        break;
      case Field.remoteUser:
        remoteUser = absent ? undefined : optionalText(unescape(line.slice(start, end)));
        break;
      case Field.timeLocal:
        time = context.times.clfAt(line, start, end, context.utcOffsetMinutes);
        break;
      case Field.timeIso:
        time = context.times.iso(line.slice(start, end), context.utcOffsetMinutes);
        break;
      case Field.timeMsec:
        time = epochSecondsMs(line.slice(start, end));
        break;
      case Field.request: {
        const request = splitRequestLine(unescape(line.slice(start, end)));
        method = request.method;
        target = request.target;
        protocol = request.protocol;
        break;
      }
      case Field.method:
        method = absent ? '' : line.slice(start, end);
        break;
      case Field.target:
        target = absent ? '' : unescape(line.slice(start, end));
        break;
      case Field.uri:
        uri = absent ? '' : unescape(line.slice(start, end));
        break;
      case Field.query:
        query = absent ? '' : unescape(line.slice(start, end));
        break;
      case Field.protocol:
        protocol = absent ? '' : line.slice(start, end);
        break;
      case Field.scheme:
        scheme = absent ? undefined : line.slice(start, end);
        break;
      case Field.host:
        if (host === undefined && !absent) host = normalizeHost(unescape(line.slice(start, end)));
        break;
      case Field.status:
        status = dash ? 0 : end === start ? Number.NaN : numberAt(line, start, end);
        break;
      case Field.bodyBytes:
        bodyBytes = absent ? 0 : numberAt(line, start, end);
        break;
      case Field.bytes:
        bytes = absent ? 0 : numberAt(line, start, end);
        break;
      case Field.requestLength:
        requestLength = absent ? undefined : numberAt(line, start, end);
        break;
      case Field.requestTimeSeconds:
        requestTime = absent ? undefined : numberAt(line, start, end);
        break;
      case Field.requestTimeMs: {
        const raw = line.slice(start, end);
        const ms = optionalNumber(raw.endsWith('ms') ? raw.slice(0, -2) : raw);
        requestTime = ms === undefined ? undefined : ms / 1000;
        break;
      }
      case Field.upstreamTimeSeconds: {
        // One upstream (almost every request): the number itself; a list is summed.
        const single = absent ? Number.NaN : numberAt(line, start, end);
        upstreamResponseTime = Number.isFinite(single) ? single : sumNumberList(line.slice(start, end));
        break;
      }
      case Field.upstreamTimeMs: {
        const ms = sumNumberList(line.slice(start, end));
        upstreamResponseTime = ms === undefined ? undefined : ms / 1000;
        break;
      }
      case Field.upstreamAddr:
        upstreamAddrs = absent ? emptyList() : splitUpstreamList(line.slice(start, end));
        break;
      case Field.upstreamUrl:
        upstreamAddrs = splitUpstreamList(upstreamUrlAddress(unescape(line.slice(start, end))));
        break;
      case Field.upstreamStatus:
        upstreamStatus = absent ? undefined : line.slice(start, end);
        break;
      case Field.upstreamName:
        upstreamName = absent ? undefined : optionalText(unescape(line.slice(start, end)));
        break;
      case Field.alternativeUpstreamName:
        alternativeUpstreamName = absent ? undefined : line.slice(start, end);
        break;
      case Field.routerName:
        routerName = absent ? undefined : optionalText(unescape(line.slice(start, end)));
        break;
      case Field.userAgent:
        userAgent = absent ? undefined : optionalText(unescape(line.slice(start, end)));
        break;
      case Field.referer:
        referer = absent ? undefined : optionalText(unescape(line.slice(start, end)));
        break;
      case Field.requestId:
        requestId = absent ? undefined : line.slice(start, end);
        break;
      case Field.forwardedFor:
        forwardedFor = absent ? undefined : optionalText(unescape(line.slice(start, end)));
        break;
      case Field.extra:
        if (!absent) (extra ??= {})[field.name] = unescape(line.slice(start, end));
        break;
      case Field.ignore:
        break;
    }
  }
  if (Number.isNaN(time)) return 'no valid timestamp';
  if (!Number.isInteger(status) || status < 0 || status > 999) return 'no valid status code';
  const sent = bodyBytes ?? bytes ?? 0;
  if (!Number.isFinite(sent)) return 'bytes sent is not a number';
  if (clientIp === '' && forwardedFor !== undefined) clientIp = firstForwarded(forwardedFor);
  let path: string;
  if (target !== undefined) {
    const question = target.indexOf('?');
    path = question < 0 ? target : target.slice(0, question);
    query ??= question < 0 ? '' : target.slice(question + 1);
  } else {
    path = uri ?? '';
  }
  return {
    time,
    clientIp,
    remoteUser,
    method,
    scheme,
    host,
    path,
    decodedPath: decodePath(path),
    query: query ?? '',
    protocol,
    status,
    bytesSent: sent,
    requestLength: finiteOrUndefined(requestLength),
    requestTime: finiteOrUndefined(requestTime),
    upstreamResponseTime,
    upstreamAddrs,
    upstreamStatus,
    upstreamName,
    alternativeUpstreamName,
    routerName,
    userAgent,
    referer,
    requestId,
    forwardedFor,
    extra,
    source: { file, line: lineNumber },
  };
}

function keep(value: string): string {
  return value;
}

function finiteOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The client is the first X-Forwarded-For entry (formats that log no peer address, e.g. Envoy's default). */
export function firstForwarded(value: string): string {
  const comma = value.indexOf(',');
  return (comma < 0 ? value : value.slice(0, comma)).trim();
}

/** Traefik's `http://10.42.0.7:8080`, Envoy's `tcp://10.0.2.1:80` → the address. */
export function upstreamUrlAddress(url: string): string {
  const scheme = url.indexOf('://');
  const rest = scheme < 0 ? url : url.slice(scheme + 3);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** A parser over one template (the nginx family, Traefik common, Envoy text). */
export class TemplateParser {
  private readonly bounds: Int32Array;
  private readonly template: Template;
  private readonly context: BuildContext;

  constructor(template: Template, utcOffsetMinutes: number) {
    this.template = template;
    this.bounds = new Int32Array(2 * template.fields.length);
    this.context = { times: new TimeCache(), utcOffsetMinutes };
  }

  parse(line: string, file: string, lineNumber: number): AccessRecord | string {
    const problem = matchTemplate(this.template, line, this.bounds);
    if (problem !== undefined) return problem;
    return buildRecord(this.template, line, this.bounds, this.context, file, lineNumber);
  }
}
