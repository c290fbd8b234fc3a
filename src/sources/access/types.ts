/**
 * Access-log records and the reader's API (spec/traffic.md "Formats"). Every parser yields the same
 * record shape whatever the format; fields a format does not carry are `undefined` (never guessed).
 * Parsers always set every key, in the same order, so all records share one hidden class.
 */
import type { Readable } from 'node:stream';

/** Formats gatewatch reads; `--log-format` takes one of these or an nginx `log_format` string. */
export const LOG_FORMATS = [
  'ingress-nginx',
  'nginx-combined',
  'nginx-custom',
  'traefik-json',
  'traefik-common',
  'haproxy',
  'envoy',
] as const;

export type LogFormat = (typeof LOG_FORMATS)[number];

export interface SourceLocation {
  /** The path as given (`-` for stdin). */
  readonly file: string;
  /** 1-based line number in the (decompressed) file. */
  readonly line: number;
}

export interface AccessRecord {
  /** When the request was received (or logged, for formats that only have that), ms since the epoch. */
  readonly time: number;
  /** The client address as the proxy saw it (`$remote_addr`, ClientHost, haproxy client_ip…). */
  readonly clientIp: string;
  readonly remoteUser?: string;
  /** `GET`, `POST`…; empty when the request line was not HTTP (TLS on a plain port, garbage). */
  readonly method: string;
  readonly scheme?: string;
  /** Host header / :authority / server name, lower-cased, without port. Absent in ingress-nginx's default format. */
  readonly host?: string;
  /** The request target without its query, exactly as logged (percent-encoding kept). */
  readonly path: string;
  /** `path` percent-decoded (invalid escapes left as they are); detections match on this. */
  readonly decodedPath: string;
  /** The raw query without the `?`, '' when none. */
  readonly query: string;
  /** `HTTP/1.1`, `HTTP/2.0`…; '' when not logged. */
  readonly protocol: string;
  /** HTTP status sent to the client (0 when the proxy logged none, e.g. HAProxy `-1`). */
  readonly status: number;
  /** Response bytes sent to the client (body bytes where the format distinguishes). */
  readonly bytesSent: number;
  /** Request bytes received (request line, headers and body) when logged. */
  readonly requestLength?: number;
  /** Total time to serve the request, seconds. */
  readonly requestTime?: number;
  /** Time spent waiting on upstreams, seconds: the sum over all attempts (`0.010, 0.020` → 0.030). */
  readonly upstreamResponseTime?: number;
  /** Every upstream tried, in order (`$upstream_addr` "a, b : c" → [a, b, c]); empty when none. */
  readonly upstreamAddrs: readonly string[];
  /** Upstream status(es) as logged (`502, 200`), when logged. */
  readonly upstreamStatus?: string;
  /**
   * The upstream's configuration name: ingress-nginx `$proxy_upstream_name` (`namespace-service-port`),
   * Traefik ServiceName, HAProxy `backend`, Envoy cluster. ingress-nginx logs `upstream-default-backend`
   * for requests no Ingress rule matched.
   */
  readonly upstreamName?: string;
  /** ingress-nginx `$proxy_alternative_upstream_name` (canary backend). */
  readonly alternativeUpstreamName?: string;
  /** The proxy's route name: Traefik RouterName (`websecure-ns-ingress-host@kubernetes`), Envoy route_name. */
  readonly routerName?: string;
  readonly userAgent?: string;
  readonly referer?: string;
  readonly requestId?: string;
  readonly forwardedFor?: string;
  /** Fields a custom format logs that map to nothing above, by variable name (`$ssl_protocol` → ssl_protocol). */
  readonly extra?: Readonly<Record<string, string>>;
  readonly source: SourceLocation;
}

/** A line that could not be parsed: counted, reported, never fatal. */
export interface ParseProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface AccessCounters {
  /** Lines read (empty lines excluded). */
  lines: number;
  parsed: number;
  malformed: number;
  /** Inputs opened (files, rotated members, stdin). */
  inputs: number;
}

export interface ReadProgress {
  readonly file: string;
  /** Bytes of the file read so far (compressed bytes for .gz). */
  readonly bytesRead: number;
  /** Size of the file when opened; undefined for stdin. */
  readonly size?: number;
  readonly counters: Readonly<AccessCounters>;
}

export interface ReadAccessOptions {
  /** Force a format; otherwise each input is detected from its first lines. */
  readonly format?: LogFormat;
  /** An nginx `log_format` string; implies format `nginx-custom`. */
  readonly logFormat?: string;
  /** Keep reading the (last) file as it grows, across rotation and truncation, until `signal` aborts. */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
  /** The stream `-` reads (process.stdin by default). */
  readonly stdin?: Readable;
  /**
   * Minutes east of UTC for formats whose timestamps carry no zone (HAProxy's accept date, syslog
   * prefixes). Default 0 (UTC).
   */
  readonly utcOffsetMinutes?: number;
  readonly onProblem?: (problem: ParseProblem) => void;
  /** Called after each chunk of input. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Called once per input when its format is known (given or detected). */
  readonly onFormat?: (file: string, format: LogFormat) => void;
  /** Filled as the read goes on; pass your own object to watch it. */
  readonly counters?: AccessCounters;
  /** Poll interval for `follow`, ms (default 250). */
  readonly pollMs?: number;
}

/** One line → record, or a message saying why the line is not one. */
export interface LineParser {
  readonly format: LogFormat;
  parse(line: string, file: string, lineNumber: number): AccessRecord | string;
}
