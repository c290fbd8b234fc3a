/**
 * One LineParser per format, and format detection from a file's first lines.
 */
import { EnvoyParser } from './envoy.ts';
import { TimeCache } from './fields.ts';
import { HaproxyParser } from './haproxy.ts';
import { parseJsonObject, traefikJsonRecord } from './json-record.ts';
import {
  INGRESS_NGINX_LOG_FORMAT,
  NGINX_COMBINED_LOG_FORMAT,
  compileNginxLogFormat,
} from './nginx-format.ts';
import { Field, TemplateParser, makeTemplate, type Template } from './template.ts';
import type { AccessRecord, LineParser, LogFormat } from './types.ts';

/**
 * Traefik's common log format (pkg/middlewares/accesslog, CommonLogFormatter): CLF, then the request
 * count, `"router"`, `"server URL"` and the duration in ms. Quoted values use Go's %q escaping.
 */
const TRAEFIK_COMMON: Template = makeTemplate(
  ['', ' - ', ' [', '] "', ' ', ' ', '" ', ' ', ' "', '" "', '" ', ' "', '" "', '" ', 'ms'],
  [
    { kind: Field.clientIp, name: 'ClientHost' },
    { kind: Field.remoteUser, name: 'ClientUsername' },
    { kind: Field.timeLocal, name: 'StartLocal' },
    { kind: Field.method, name: 'RequestMethod' },
    { kind: Field.target, name: 'RequestPath' },
    { kind: Field.protocol, name: 'RequestProtocol' },
    { kind: Field.status, name: 'DownstreamStatus' },
    { kind: Field.bodyBytes, name: 'DownstreamContentSize' },
    { kind: Field.referer, name: 'request_Referer' },
    { kind: Field.userAgent, name: 'request_User-Agent' },
    { kind: Field.ignore, name: 'RequestCount' },
    { kind: Field.routerName, name: 'RouterName' },
    { kind: Field.upstreamUrl, name: 'ServiceURL' },
    { kind: Field.requestTimeMs, name: 'Duration' },
  ],
);

const INGRESS_NGINX: Template = compileNginxLogFormat(INGRESS_NGINX_LOG_FORMAT);
const NGINX_COMBINED: Template = compileNginxLogFormat(NGINX_COMBINED_LOG_FORMAT);

class TemplateLineParser implements LineParser {
  readonly format: LogFormat;
  private readonly parser: TemplateParser;

  constructor(format: LogFormat, template: Template, utcOffsetMinutes: number) {
    this.format = format;
    this.parser = new TemplateParser(template, utcOffsetMinutes);
  }

  parse(line: string, file: string, lineNumber: number): AccessRecord | string {
    return this.parser.parse(line, file, lineNumber);
  }
}

class TraefikJsonParser implements LineParser {
  readonly format = 'traefik-json' as const;
  private readonly times = new TimeCache();

  parse(line: string, file: string, lineNumber: number): AccessRecord | string {
    if (line.charCodeAt(0) !== 0x7b /* { */) return 'not a JSON object';
    const object = parseJsonObject(line);
    return typeof object === 'string' ? object : traefikJsonRecord(object, this.times, file, lineNumber);
  }
}

export interface ParserOptions {
  /** nginx `log_format` string, required for (and implying) `nginx-custom`. */
  readonly logFormat?: string;
  readonly utcOffsetMinutes?: number;
}

/** A parser for one format. Throws LogFormatError when a custom `log_format` cannot be compiled. */
export function createLineParser(format: LogFormat, options: ParserOptions = {}): LineParser {
  const offset = options.utcOffsetMinutes ?? 0;
  switch (format) {
    case 'ingress-nginx':
      return new TemplateLineParser(format, INGRESS_NGINX, offset);
    case 'nginx-combined':
      return new TemplateLineParser(format, NGINX_COMBINED, offset);
    case 'nginx-custom': {
      if (options.logFormat === undefined) throw new Error('nginx-custom needs a log_format string');
      return new TemplateLineParser(format, compileNginxLogFormat(options.logFormat), offset);
    }
    case 'traefik-common':
      return new TemplateLineParser(format, TRAEFIK_COMMON, offset);
    case 'traefik-json':
      return new TraefikJsonParser();
    case 'haproxy':
      return new HaproxyParser(offset);
    case 'envoy':
      return new EnvoyParser(offset);
  }
}

/** Formats tried by detection, most specific first (ties go to the earlier). */
const DETECTION_ORDER: readonly LogFormat[] = [
  'ingress-nginx',
  'traefik-common',
  'nginx-combined',
  'envoy',
  'haproxy',
  'traefik-json',
];

export interface Detection {
  readonly format: LogFormat;
  /** Sample lines the format parsed. */
  readonly parsed: number;
  readonly sampled: number;
}

/**
 * The format that parses most of the sample lines (empty lines ignored), or undefined when none
 * parses at least half of them.
 */
export function detectFormat(lines: readonly string[], options: ParserOptions = {}): Detection | undefined {
  const sample = lines.filter((line) => line.trim() !== '');
  if (sample.length === 0) return undefined;
  let best: Detection | undefined;
  for (const format of DETECTION_ORDER) {
    const parser = createLineParser(format, options);
    let parsed = 0;
    for (const [i, line] of sample.entries()) {
      if (typeof parser.parse(line, '', i + 1) !== 'string') parsed++;
    }
    if (parsed > (best?.parsed ?? 0)) best = { format, parsed, sampled: sample.length };
  }
  return best !== undefined && best.parsed * 2 >= sample.length ? best : undefined;
}
