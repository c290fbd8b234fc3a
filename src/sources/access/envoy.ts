/**
 * Envoy access logs: format strings (`%START_TIME%`, `%REQ(:METHOD)%`…) compiled into templates like
 * nginx's, with Envoy's default format and Istio's default (what Envoy-based Gateway API
 * implementations write in text mode), and Envoy JSON lines (json-record.ts).
 */
import { TimeCache } from './fields.ts';
import { envoyJsonRecord, parseJsonObject } from './json-record.ts';
import {
  Field,
  TemplateParser,
  makeTemplate,
  type FieldKind,
  type Template,
  type TemplateField,
} from './template.ts';
import type { AccessRecord, LineParser } from './types.ts';

/** Envoy's default format string (docs: configuration/observability/access_log/usage, "Default Format String"). */
export const ENVOY_DEFAULT_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" ' +
  '"%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n';

/** Istio's default proxy access log format (the text format of Istio's gateways). */
export const ISTIO_DEFAULT_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" ' +
  '%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" ' +
  '"%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% ' +
  '%UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% ' +
  '%ROUTE_NAME%\n';

const OPERATORS: Readonly<Record<string, FieldKind>> = {
  START_TIME: Field.timeIso,
  'REQ(:METHOD)': Field.method,
  'REQ(X-ENVOY-ORIGINAL-PATH?:PATH)': Field.target,
  'REQ(:PATH)': Field.target,
  PROTOCOL: Field.protocol,
  RESPONSE_CODE: Field.status,
  BYTES_SENT: Field.bodyBytes,
  BYTES_RECEIVED: Field.requestLength,
  DURATION: Field.requestTimeMs,
  'RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)': Field.upstreamTimeMs,
  'REQ(X-FORWARDED-FOR)': Field.forwardedFor,
  'REQ(USER-AGENT)': Field.userAgent,
  'REQ(X-REQUEST-ID)': Field.requestId,
  'REQ(:AUTHORITY)': Field.host,
  'REQ(REFERER)': Field.referer,
  UPSTREAM_HOST: Field.upstreamUrl,
  UPSTREAM_CLUSTER: Field.upstreamName,
  DOWNSTREAM_REMOTE_ADDRESS: Field.clientAddressWithPort,
  DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT: Field.clientIp,
  ROUTE_NAME: Field.routerName,
};

/** Compile an Envoy format string (command operators between `%`, `%%` a literal percent sign). */
export function compileEnvoyFormat(format: string): Template {
  const text = format.endsWith('\n') ? format.slice(0, -1) : format;
  const literals: string[] = [];
  const fields: TemplateField[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (char !== '%') {
      literal += char;
      i++;
      continue;
    }
    const close = text.indexOf('%', i + 1);
    if (close < 0) throw new Error(`unterminated command operator at ${String(i)}`);
    if (close === i + 1) {
      literal += '%';
      i += 2;
      continue;
    }
    // `%START_TIME(%s)%` has a `%` inside its parentheses: the operator ends at `)%` then.
    let end = close;
    const open = text.indexOf('(', i);
    if (open > 0 && open < close) {
      const closing = text.indexOf(')%', open);
      if (closing > 0) end = closing + 1;
    }
    const operator = text.slice(i + 1, end).replace(/:\d+$/, '');
    literals.push(literal);
    fields.push({ kind: kindOf(operator), name: operator });
    literal = '';
    i = end + 1;
  }
  literals.push(literal);
  // Envoy writes values as they are: a backslash in a header is a backslash.
  return makeTemplate(literals, fields, false);
}

function kindOf(operator: string): FieldKind {
  const known = OPERATORS[operator];
  if (known !== undefined) return known;
  if (operator.startsWith('START_TIME')) return Field.timeIso;
  return Field.extra;
}

const DEFAULT_TEMPLATES: readonly Template[] = [
  compileEnvoyFormat(ENVOY_DEFAULT_FORMAT),
  compileEnvoyFormat(ISTIO_DEFAULT_FORMAT),
];

/** Envoy text (default or Istio format) and JSON lines; the variant that matched last is tried first. */
export class EnvoyParser implements LineParser {
  readonly format = 'envoy' as const;
  private readonly parsers: TemplateParser[];
  private readonly times = new TimeCache();
  private preferred = 0;

  constructor(utcOffsetMinutes: number, templates: readonly Template[] = DEFAULT_TEMPLATES) {
    this.parsers = templates.map((template) => new TemplateParser(template, utcOffsetMinutes));
  }

  parse(line: string, file: string, lineNumber: number): AccessRecord | string {
    if (line.charCodeAt(0) === 0x7b /* { */) {
      const object = parseJsonObject(line);
      return typeof object === 'string' ? object : envoyJsonRecord(object, this.times, file, lineNumber);
    }
    const first = this.parsers[this.preferred];
    const result = first?.parse(line, file, lineNumber) ?? 'no Envoy format';
    if (typeof result !== 'string') return result;
    for (let i = 0; i < this.parsers.length; i++) {
      if (i === this.preferred) continue;
      const other = this.parsers[i]?.parse(line, file, lineNumber);
      if (other !== undefined && typeof other !== 'string') {
        this.preferred = i;
        return other;
      }
    }
    return result;
  }
}
