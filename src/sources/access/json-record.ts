/**
 * JSON-lines access logs: Traefik's `json` format and Envoy's JSON (Envoy Gateway's default field
 * names, and Contour's). One `JSON.parse` per line; the record is built with the same key order as
 * the template builder.
 */
import {
  TimeCache,
  decodePath,
  emptyList,
  normalizeHost,
  splitRequestLine,
  splitUpstreamList,
  stripPort,
  sumNumberList,
} from './fields.ts';
import { firstForwarded, upstreamUrlAddress } from './template.ts';
import type { AccessRecord } from './types.ts';

type Json = Record<string, unknown>;

export function parseJsonObject(line: string): Json | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  return value as Json;
}

function text(object: Json, key: string): string | undefined {
  const value = object[key];
  if (typeof value === 'string') return value === '' || value === '-' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function number(object: Json, key: string): number | undefined {
  const value = object[key];
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value !== '' && value !== '-') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

function firstText(object: Json, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = text(object, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

interface Target {
  path: string;
  query: string;
}

function splitTarget(target: string): Target {
  const question = target.indexOf('?');
  return question < 0
    ? { path: target, query: '' }
    : { path: target.slice(0, question), query: target.slice(question + 1) };
}

export function isTraefikJson(object: Json): boolean {
  return 'DownstreamStatus' in object || ('RequestMethod' in object && 'RequestPath' in object);
}

export function isEnvoyJson(object: Json): boolean {
  return 'response_code' in object && ('start_time' in object || '@timestamp' in object);
}

/** Traefik access log, `format: json` (pkg/middlewares/accesslog field names). */
export function traefikJsonRecord(
  object: Json,
  times: TimeCache,
  file: string,
  lineNumber: number,
): AccessRecord | string {
  if (!isTraefikJson(object)) return 'not a Traefik access log entry (no DownstreamStatus)';
  const start = firstText(object, ['StartUTC', 'StartLocal', 'time']);
  const time = start === undefined ? Number.NaN : times.iso(start, 0);
  if (Number.isNaN(time)) return 'no valid timestamp (StartUTC)';
  const status = number(object, 'DownstreamStatus') ?? 0;
  if (!Number.isInteger(status)) return 'no valid status code (DownstreamStatus)';
  const { path, query } = splitTarget(text(object, 'RequestPath') ?? '');
  const duration = number(object, 'Duration');
  const origin = number(object, 'OriginDuration');
  const clientAddr = text(object, 'ClientAddr');
  const serviceAddr = text(object, 'ServiceAddr');
  const forwardedFor = text(object, 'request_X-Forwarded-For');
  return {
    time,
    clientIp: text(object, 'ClientHost') ?? (clientAddr === undefined ? '' : stripPort(clientAddr)),
    remoteUser: text(object, 'ClientUsername'),
    method: text(object, 'RequestMethod') ?? '',
    scheme: text(object, 'RequestScheme'),
    host: normalizeHost(text(object, 'RequestHost') ?? ''),
    path,
    decodedPath: decodePath(path),
    query,
    protocol: text(object, 'RequestProtocol') ?? '',
    status,
    bytesSent: number(object, 'DownstreamContentSize') ?? 0,
    requestLength: number(object, 'RequestContentSize'),
    requestTime: duration === undefined ? undefined : duration / 1e9,
    upstreamResponseTime: origin === undefined || serviceAddr === undefined ? undefined : origin / 1e9,
    upstreamAddrs: serviceAddr === undefined ? emptyList() : [serviceAddr],
    upstreamStatus: text(object, 'OriginStatus'),
    upstreamName: text(object, 'ServiceName'),
    alternativeUpstreamName: undefined,
    routerName: text(object, 'RouterName'),
    userAgent: text(object, 'request_User-Agent'),
    referer: text(object, 'request_Referer'),
    requestId: text(object, 'request_X-Request-Id'),
    forwardedFor,
    extra: undefined,
    source: { file, line: lineNumber },
  };
}

/** Envoy `json_format` access log with Envoy Gateway's (or Contour's) field names. */
export function envoyJsonRecord(
  object: Json,
  times: TimeCache,
  file: string,
  lineNumber: number,
): AccessRecord | string {
  if (!isEnvoyJson(object)) return 'not an Envoy access log entry (no response_code)';
  const start = firstText(object, ['start_time', '@timestamp']);
  const time = start === undefined ? Number.NaN : times.iso(start, 0);
  if (Number.isNaN(time)) return 'no valid timestamp (start_time)';
  const status = number(object, 'response_code') ?? 0;
  if (!Number.isInteger(status)) return 'no valid status code (response_code)';
  const target = firstText(object, ['x-envoy-origin-path', 'path']) ?? '';
  const request = target === '' ? undefined : splitRequestLine(`GET ${target}`);
  const { path, query } = splitTarget(request?.target ?? '');
  const forwardedFor = firstText(object, ['x-forwarded-for', 'x_forwarded_for']);
  const remote = text(object, 'downstream_remote_address');
  const duration = number(object, 'duration');
  const upstreamTime = firstText(object, ['x-envoy-upstream-service-time', 'upstream_service_time']);
  const upstreamMs = upstreamTime === undefined ? undefined : sumNumberList(upstreamTime);
  const upstreamHost = text(object, 'upstream_host');
  return {
    time,
    clientIp:
      remote !== undefined
        ? stripPort(remote)
        : forwardedFor !== undefined
          ? firstForwarded(forwardedFor)
          : '',
    remoteUser: undefined,
    method: text(object, 'method') ?? '',
    scheme: undefined,
    host: normalizeHost(firstText(object, [':authority', 'authority']) ?? ''),
    path,
    decodedPath: decodePath(path),
    query,
    protocol: text(object, 'protocol') ?? '',
    status,
    bytesSent: number(object, 'bytes_sent') ?? 0,
    requestLength: number(object, 'bytes_received'),
    requestTime: duration === undefined ? undefined : duration / 1000,
    upstreamResponseTime: upstreamMs === undefined ? undefined : upstreamMs / 1000,
    upstreamAddrs:
      upstreamHost === undefined ? emptyList() : splitUpstreamList(upstreamUrlAddress(upstreamHost)),
    upstreamStatus: undefined,
    upstreamName: text(object, 'upstream_cluster'),
    alternativeUpstreamName: undefined,
    routerName: text(object, 'route_name'),
    userAgent: firstText(object, ['user-agent', 'user_agent']),
    referer: firstText(object, ['referer', 'referrer']),
    requestId: firstText(object, ['x-request-id', 'request_id']),
    forwardedFor,
    extra: undefined,
    source: { file, line: lineNumber },
  };
}
