/**
 * nginx `log_format` strings compiled into templates (as GoAccess does with its format strings):
 * `$variable` / `${variable}` become fields, everything else is a literal separator, nginx writes `-`
 * for an empty value. Known variables map to AccessRecord fields; unknown ones are kept in `extra`.
 */
import { Field, makeTemplate, type FieldKind, type Template, type TemplateField } from './template.ts';

/**
 * ingress-nginx's default `log-format-upstream` (internal/ingress/controller/config/config.go,
 * logFormatUpstream), the `upstreaminfo` format of every ingress-nginx controller not reconfigured.
 */
export const INGRESS_NGINX_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" ' +
  '"$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] ' +
  '$upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id';

/** nginx's predefined `combined` format (ngx_http_log_module). */
export const NGINX_COMBINED_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

/** Variables with a home in AccessRecord; any other ($http_x_real_ip, $ssl_protocol…) goes to `extra`. */
const VARIABLES: Readonly<Record<string, FieldKind>> = {
  remote_addr: Field.clientIp,
  remote_user: Field.remoteUser,
  time_local: Field.timeLocal,
  time_iso8601: Field.timeIso,
  msec: Field.timeMsec,
  request: Field.request,
  request_method: Field.method,
  request_uri: Field.target,
  uri: Field.uri,
  document_uri: Field.uri,
  args: Field.query,
  query_string: Field.query,
  server_protocol: Field.protocol,
  scheme: Field.scheme,
  host: Field.host,
  http_host: Field.host,
  server_name: Field.host,
  status: Field.status,
  body_bytes_sent: Field.bodyBytes,
  bytes_sent: Field.bytes,
  request_length: Field.requestLength,
  request_time: Field.requestTimeSeconds,
  upstream_response_time: Field.upstreamTimeSeconds,
  upstream_addr: Field.upstreamAddr,
  upstream_status: Field.upstreamStatus,
  proxy_upstream_name: Field.upstreamName,
  proxy_alternative_upstream_name: Field.alternativeUpstreamName,
  http_user_agent: Field.userAgent,
  http_referer: Field.referer,
  req_id: Field.requestId,
  request_id: Field.requestId,
  http_x_request_id: Field.requestId,
  http_x_forwarded_for: Field.forwardedFor,
};

export class LogFormatError extends Error {}

/**
 * Accepts the format itself (`$remote_addr - …`) or a whole directive as written in nginx.conf
 * (`log_format name '…' '…';`), whose quoted parts are joined.
 */
export function compileNginxLogFormat(format: string): Template {
  const text = unwrapDirective(format.trim());
  const literals: string[] = [];
  const fields: TemplateField[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (char !== '$') {
      literal += char;
      i++;
      continue;
    }
    const braced = text[i + 1] === '{';
    let end = braced ? i + 2 : i + 1;
    while (end < text.length && /[A-Za-z0-9_]/.test(text[end] ?? '')) end++;
    const name = text.slice(braced ? i + 2 : i + 1, end);
    if (name === '') {
      literal += char;
      i++;
      continue;
    }
    if (braced) {
      if (text[end] !== '}') throw new LogFormatError(`unterminated \${${name} in log format`);
      end++;
    }
    if (fields.length > 0 && literal === '' && isAmbiguous(fields[fields.length - 1])) {
      throw new LogFormatError(`$${name} directly follows another variable: the log format is ambiguous`);
    }
    literals.push(literal);
    fields.push({ kind: VARIABLES[name] ?? Field.extra, name });
    literal = '';
    i = end;
  }
  literals.push(literal);
  if (fields.length === 0) throw new LogFormatError('the log format has no $variables');
  if (!fields.some((field) => isTimeKind(field.kind))) {
    throw new LogFormatError('the log format needs a time variable ($time_local, $time_iso8601 or $msec)');
  }
  if (!fields.some((field) => field.kind === Field.status)) {
    throw new LogFormatError('the log format needs $status');
  }
  return makeTemplate(literals, fields);
}

function isAmbiguous(field: TemplateField | undefined): boolean {
  return field !== undefined && field.kind !== Field.ignore;
}

function isTimeKind(kind: FieldKind): boolean {
  return kind === Field.timeLocal || kind === Field.timeIso || kind === Field.timeMsec;
}

function unwrapDirective(format: string): string {
  if (!format.startsWith('log_format')) return format;
  // log_format name [escape=…] '…' "…" …;
  const parts: string[] = [];
  let i = 0;
  while (i < format.length) {
    const quote = format[i];
    if (quote !== "'" && quote !== '"') {
      i++;
      continue;
    }
    let part = '';
    i++;
    while (i < format.length && format[i] !== quote) {
      if (format[i] === '\\' && i + 1 < format.length) i++;
      part += format[i] ?? '';
      i++;
    }
    parts.push(part);
    i++;
  }
  if (parts.length === 0) throw new LogFormatError('no quoted format in the log_format directive');
  return parts.join('');
}
