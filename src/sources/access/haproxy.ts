/**
 * HAProxy's default HTTP log format (`option httplog`):
 *
 *   %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r
 *
 * usually behind a syslog prefix (`Feb  6 12:14:14 localhost haproxy[14389]: `, or RFC 5424's), and
 * with captured request / response headers (`{…}`) only when `capture` is configured. The accept date
 * has no time zone: it is read in `utcOffsetMinutes`.
 */
import { TimeCache, decodePath, emptyList, splitRequestLine, unescapeField } from './fields.ts';
import type { AccessRecord, LineParser } from './types.ts';

/** Fields between the accept date and the request, before the optional captures. */
const FIXED_FIELDS = 10;

export class HaproxyParser implements LineParser {
  readonly format = 'haproxy' as const;
  private readonly times = new TimeCache();
  private readonly utcOffsetMinutes: number;

  constructor(utcOffsetMinutes: number) {
    this.utcOffsetMinutes = utcOffsetMinutes;
  }

  parse(line: string, file: string, lineNumber: number): AccessRecord | string {
    const open = findAcceptDate(line);
    if (open < 0) return 'no "client:port [accept date]" (not an HAProxy HTTP log line)';
    const clientStart = line.lastIndexOf(' ', open - 1) + 1;
    const client = line.slice(clientStart, open);
    const colon = client.lastIndexOf(':');
    if (colon <= 0) return 'client address without a port';
    const close = line.indexOf('] ', open);
    if (close < 0) return 'unterminated accept date';
    const time = this.times.clf(line.slice(open + 2, close), this.utcOffsetMinutes);
    if (Number.isNaN(time)) return 'no valid accept date';

    // HAProxy writes a `"` inside the request as #22, so the request starts at the last ` "`.
    const quote = line.lastIndexOf(' "');
    const head = line.slice(close + 2, quote < close ? line.length : quote);
    const tokens = head.split(' ', FIXED_FIELDS);
    if (tokens.length < FIXED_FIELDS) return 'too few fields for option httplog';
    const [, backendServer = '', timers = '', statusText = '', bytesText = ''] = tokens;
    const captures = head.slice(tokens.join(' ').length).trimStart();
    if (captures !== '' && !captures.startsWith('{')) return 'unexpected fields before the request';
    const slash = backendServer.indexOf('/');
    if (slash < 0) return 'no backend/server field';
    const status = statusText === '-1' ? 0 : Number(statusText);
    if (!Number.isInteger(status)) return 'no valid status code';
    const bytes = Number(bytesText.startsWith('+') ? bytesText.slice(1) : bytesText);
    if (!Number.isFinite(bytes)) return 'bytes read is not a number';
    const timerValues = timers.split('/');
    if (timerValues.length !== 5) return 'timers are not TR/Tw/Tc/Tr/Ta';
    const total = milliseconds(timerValues[4]);
    const response = milliseconds(timerValues[3]);

    let request = quote < close ? '' : line.slice(quote + 2);
    if (request.endsWith('"')) request = request.slice(0, -1);
    const parts = splitRequestLine(unescapeField(request === '<BADREQ>' ? '' : request));
    const method = parts.method;
    const protocol = parts.protocol;
    const question = parts.target.indexOf('?');
    const path = question < 0 ? parts.target : parts.target.slice(0, question);
    const server = backendServer.slice(slash + 1);
    return {
      time,
      clientIp: client.slice(0, colon),
      remoteUser: undefined,
      method,
      scheme: undefined,
      host: undefined,
      path,
      decodedPath: decodePath(path),
      query: question < 0 ? '' : parts.target.slice(question + 1),
      protocol,
      status,
      bytesSent: bytes,
      requestLength: undefined,
      requestTime: total,
      upstreamResponseTime: response,
      upstreamAddrs: server === '' || server === '<NOSRV>' ? emptyList() : [server],
      upstreamStatus: undefined,
      upstreamName: backendServer.slice(0, slash),
      alternativeUpstreamName: undefined,
      routerName: undefined,
      userAgent: undefined,
      referer: undefined,
      requestId: undefined,
      forwardedFor: undefined,
      extra: undefined,
      source: { file, line: lineNumber },
    };
  }
}

/** Index of the space before `[dd/Mon/yyyy:` that follows the client address, or -1. */
function findAcceptDate(line: string): number {
  let at = line.indexOf(' [');
  while (at >= 0) {
    if (
      line.charCodeAt(at + 4) === 0x2f &&
      line.charCodeAt(at + 8) === 0x2f &&
      line.charCodeAt(at + 13) === 0x3a
    ) {
      return at;
    }
    at = line.indexOf(' [', at + 2);
  }
  return -1;
}

function milliseconds(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value.startsWith('-')) return undefined;
  const ms = Number(value.startsWith('+') ? value.slice(1) : value);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}
