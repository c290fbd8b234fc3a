/**
 * Field decoding shared by every access-log parser: timestamps (without Date parsing per line),
 * request lines, percent-decoding, proxy escapes (nginx `\x22`, Go `\"`), hosts, number lists.
 */

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** Remembers the last timestamp's second: consecutive log lines mostly share it. */
export class TimeCache {
  private key = '';
  private ms = Number.NaN;

  /** `10/Oct/2000:13:55:36 -0700` (nginx `$time_local`, CLF); also `…:36.655` and no zone (HAProxy). */
  clf(text: string, defaultOffsetMinutes: number): number {
    // The second is the first 20 characters; a fraction follows it when present.
    const secondKey = text.length > 20 && text.charCodeAt(20) === 0x2e ? secondOf(text) : text;
    const fraction = secondKey === text ? 0 : fractionMs(text, 21);
    if (secondKey === this.key) return this.ms + fraction;
    const ms = parseClf(secondKey, defaultOffsetMinutes);
    if (Number.isNaN(ms)) return ms;
    this.key = secondKey;
    this.ms = ms;
    return ms + fraction;
  }

  /**
   * clf() of `line.slice(start, end)`; the slice is only made when the second differs from the
   * previous line's (a million lines mostly share their second with the line before).
   */
  clfAt(line: string, start: number, end: number, defaultOffsetMinutes: number): number {
    const key = this.key;
    // Equal to the key (which has no fraction): clf() would find the same second and add no fraction.
    if (end - start === key.length && line.charCodeAt(start + 20) !== 0x2e && line.startsWith(key, start))
      return this.ms;
    return this.clf(line.slice(start, end), defaultOffsetMinutes);
  }

  /** ISO 8601 / RFC 3339: `2026-06-01T12:00:00+02:00`, `…T12:00:00.310Z`, `…T12:00:00.123456789Z`. */
  iso(text: string, defaultOffsetMinutes: number): number {
    let zoneAt = 19;
    let fraction = 0;
    if (text.charCodeAt(19) === 0x2e) {
      zoneAt = 20;
      while (zoneAt < text.length && isDigit(text.charCodeAt(zoneAt))) zoneAt++;
      fraction = fractionMs(text, 20);
    }
    const key = zoneAt === 19 ? text : text.slice(0, 19) + text.slice(zoneAt);
    if (key === this.key) return this.ms + fraction;
    const ms = parseIso(key, defaultOffsetMinutes);
    if (Number.isNaN(ms)) return ms;
    this.key = key;
    this.ms = ms;
    return ms + fraction;
  }
}

function secondOf(text: string): string {
  let end = 21;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return text.slice(0, 20) + text.slice(end);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Milliseconds of the fraction digits starting at `from` (up to the first non-digit). */
function fractionMs(text: string, from: number): number {
  let value = 0;
  let scale = 100;
  for (let i = from; i < text.length && scale >= 1; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) break;
    value += (code - 0x30) * scale;
    scale /= 10;
  }
  return value;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return Number.NaN;
    value = value * 10 + code - 0x30;
  }
  return value;
}

/** `+0200`, `-07:00`, `Z` at `from` → minutes east of UTC; NaN when malformed. */
function zoneMinutes(text: string, from: number): number {
  const sign = text.charCodeAt(from);
  if (sign === 0x5a /* Z */) return from + 1 === text.length ? 0 : Number.NaN;
  if (sign !== 0x2b && sign !== 0x2d) return Number.NaN;
  const hours = digits(text, from + 1, 2);
  const minutesAt = text.charCodeAt(from + 3) === 0x3a ? from + 4 : from + 3;
  const minutes = digits(text, minutesAt, 2);
  if (minutesAt + 2 !== text.length) return Number.NaN;
  return (sign === 0x2d ? -1 : 1) * (hours * 60 + minutes);
}

function parseClf(text: string, defaultOffsetMinutes: number): number {
  // 10/Oct/2000:13:55:36 -0700
  if (text.charCodeAt(2) !== 0x2f || text.charCodeAt(6) !== 0x2f || text.charCodeAt(11) !== 0x3a) {
    return Number.NaN;
  }
  const month = MONTHS[text.slice(3, 6)];
  if (month === undefined) return Number.NaN;
  const offset =
    text.length === 20
      ? defaultOffsetMinutes
      : text.charCodeAt(20) === 0x20
        ? zoneMinutes(text, 21)
        : Number.NaN;
  return utc(
    digits(text, 7, 4),
    month,
    digits(text, 0, 2),
    digits(text, 12, 2),
    digits(text, 15, 2),
    digits(text, 18, 2),
    offset,
  );
}

function parseIso(text: string, defaultOffsetMinutes: number): number {
  // 2026-06-01T12:00:00(Z|+hh:mm)
  const separator = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== 0x2d ||
    text.charCodeAt(7) !== 0x2d ||
    (separator !== 0x54 && separator !== 0x20)
  ) {
    return Number.NaN;
  }
  const offset = text.length === 19 ? defaultOffsetMinutes : zoneMinutes(text, 19);
  return utc(
    digits(text, 0, 4),
    digits(text, 5, 2) - 1,
    digits(text, 8, 2),
    digits(text, 11, 2),
    digits(text, 14, 2),
    digits(text, 17, 2),
    offset,
  );
}

function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number,
): number {
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return Number.NaN;
  return Date.UTC(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
}

/** Exact powers of ten (up to 10^15, the most digits numberAt reads itself). */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, power) => 10 ** power);

/**
 * `Number(line.slice(start, end))` without making the string for plain decimals (`200`, `0.141`):
 * the digits (at most 15) make an exact integer and dividing it by an exact power of ten rounds once,
 * as Number() does, so the result is the same double. Anything else goes to Number().
 */
export function numberAt(line: string, start: number, end: number): number {
  let mantissa = 0;
  let point = -1;
  for (let i = start; i < end; i++) {
    const code = line.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) mantissa = mantissa * 10 + code - 0x30;
    else if (code === 0x2e && point < 0 && i > start && i < end - 1) point = i;
    else return Number(line.slice(start, end));
  }
  const digits = end - start - (point < 0 ? 0 : 1);
  if (digits === 0 || digits > 15) return Number(line.slice(start, end));
  return point < 0 ? mantissa : mantissa / (POWERS_OF_TEN[end - point - 1] ?? 1);
}

/** `1717243200.123` (nginx `$msec`, seconds with a fraction) → ms. */
export function epochSecondsMs(text: string): number {
  const value = Number(text);
  return text === '' || !Number.isFinite(value) ? Number.NaN : Math.round(value * 1000);
}

export interface RequestLine {
  method: string;
  target: string;
  protocol: string;
}

const SCRATCH_REQUEST: RequestLine = { method: '', target: '', protocol: '' };

/**
 * `GET /a?b HTTP/1.1` → method, target, protocol. Anything else (TLS bytes on a plain port, an empty
 * request `-`, a bare target) keeps the whole text as target with no method: it is still a request
 * the proxy answered and detections may want to see it. Returns a shared object: copy the fields.
 */
export function splitRequestLine(request: string): RequestLine {
  const out = SCRATCH_REQUEST;
  const first = request.indexOf(' ');
  if (first <= 0 || !isMethod(request, first)) {
    out.method = '';
    out.target = request === '-' ? '' : request;
    out.protocol = '';
    return out;
  }
  const last = request.lastIndexOf(' ');
  out.method = tokenAt(request, 0, first, METHODS);
  if (last > first && request.startsWith('HTTP/', last + 1)) {
    out.target = request.slice(first + 1, last);
    out.protocol = tokenAt(request, last + 1, request.length, PROTOCOLS);
  } else {
    out.target = request.slice(first + 1);
    out.protocol = '';
  }
  return out;
}

/** Methods and protocols nearly every request has: shared strings instead of one copy per line. */
const METHODS: readonly string[] = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
const PROTOCOLS: readonly string[] = ['HTTP/1.1', 'HTTP/2.0', 'HTTP/1.0', 'HTTP/2', 'HTTP/3'];

/** `text.slice(start, end)`, as the equal string of `common` when there is one. */
function tokenAt(text: string, start: number, end: number, common: readonly string[]): string {
  for (const candidate of common) {
    if (candidate.length === end - start && text.startsWith(candidate, start)) return candidate;
  }
  return text.slice(start, end);
}

function isMethod(text: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 0x41 && code <= 0x5a) || code === 0x2d || code === 0x5f)) return false;
  }
  return end <= 20;
}

/** Percent-decode a path; invalid or non-UTF-8 escapes stay as written (attack traffic is full of them). */
export function decodePath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return code < 0x80 ? String.fromCharCode(code) : escape;
    });
  }
}

/**
 * Undo the escaping proxies apply inside quoted fields: nginx `\xHH` (bytes, reassembled as UTF-8)
 * and Go/JSON-style `\"`, `\\`, `\n`, `\t`, `\uXXXX`. Text without a backslash is returned as is.
 */
export function unescapeField(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  let bytes: number[] | undefined;
  const flushBytes = (): void => {
    if (bytes !== undefined) {
      out += Buffer.from(bytes).toString('utf8');
      bytes = undefined;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char !== '\\' || i + 1 >= text.length) {
      flushBytes();
      out += char;
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 2, i + 4))) {
      (bytes ??= []).push(Number.parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
      continue;
    }
    flushBytes();
    if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
    i += 1;
  }
  flushBytes();
  return out;
}

/** Host header value → lower-case host without port (`Example.com:8443` → `example.com`, `[::1]:80` → `::1`). */
export function normalizeHost(value: string): string | undefined {
  if (value === '' || value === '-') return undefined;
  let host = value;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    host = close > 0 ? host.slice(1, close) : host;
  } else {
    const colon = host.indexOf(':');
    if (colon >= 0 && host.indexOf(':', colon + 1) < 0) host = host.slice(0, colon);
  }
  return host.toLowerCase();
}

/** `10.0.0.1:8080` → `10.0.0.1`; `[2001:db8::1]:443` → `2001:db8::1`; a bare address stays. */
export function stripPort(address: string): string {
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    return close > 0 ? address.slice(1, close) : address;
  }
  const colon = address.lastIndexOf(':');
  if (colon < 0 || address.indexOf(':') !== colon) return address;
  return address.slice(0, colon);
}

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * nginx upstream lists: `a, b` (servers tried within one upstream group) and `a : b` (groups after an
 * internal redirect) → [a, b]. `-` entries are dropped.
 */
export function splitUpstreamList(value: string): readonly string[] {
  if (value === '' || value === '-') return EMPTY;
  if (!value.includes(',') && !value.includes(' : ')) return [value];
  const out: string[] = [];
  for (const group of value.split(' : ')) {
    for (const item of group.split(',')) {
      const trimmed = item.trim();
      if (trimmed !== '' && trimmed !== '-') out.push(trimmed);
    }
  }
  return out;
}

export function emptyList(): readonly string[] {
  return EMPTY;
}

/** Sum of a numeric list (`0.010, 0.020 : 0.003` → 0.033); undefined when nothing is a number. */
export function sumNumberList(value: string): number | undefined {
  if (value === '' || value === '-') return undefined;
  if (!value.includes(',') && !value.includes(':')) {
    const single = Number(value);
    return Number.isFinite(single) ? single : undefined;
  }
  let total = 0;
  let any = false;
  for (const part of value.split(/[,:]/)) {
    const trimmed = part.trim();
    if (trimmed === '' || trimmed === '-') continue;
    const number = Number(trimmed);
    if (!Number.isFinite(number)) continue;
    total += number;
    any = true;
  }
  return any ? Math.round(total * 1e6) / 1e6 : undefined;
}

/** `-` and '' → undefined; numbers otherwise (NaN when not a number, for the caller to reject). */
export function optionalNumber(value: string): number | undefined {
  if (value === '' || value === '-') return undefined;
  return Number(value);
}

export function optionalText(value: string): string | undefined {
  return value === '' || value === '-' ? undefined : value;
}

/**
 * A copy of `text` that does not keep its source alive. Record fields are slices of the chunk they
 * were read from (V8 sliced strings): a consumer that keeps one as a map key (a client IP, a path)
 * keeps the whole 256 KiB chunk in memory with it. Keep `detach(field)` instead.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
