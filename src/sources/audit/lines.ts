/**
 * JSON-lines scanner for audit logs, working on bytes. The API server writes one compact Event per
 * line with its fields in a fixed order (kind, apiVersion, level, auditID, stage, requestURI, verb,
 * user, …, objectRef, …). On such lines the stage and the objectRef are read straight from the bytes
 * and a `LineFilter` decides whether the line is worth `JSON.parse` at all: in a real log ≥ 95% of
 * lines are kubelet and controller traffic that gatewatch does not track, and never decoding them is
 * what makes a 500 MiB log cheap. Any other line (other key order, whitespace, an EventList) takes
 * the slow path: it is parsed whole, so correctness never depends on the fast path.
 *
 * A line that is not a complete JSON object (truncated write, garbage) is counted as malformed with
 * its line number. Lines skipped by the fast path are checked only for that (starts with `{`, ends
 * with `}`), not parsed.
 */
import { auditEventProblem, type AuditEvent, type AuditRecord } from './event.ts';

/** What the fast path reads from a line without parsing it. */
export interface LineFacts {
  readonly stage: string;
  readonly verb: string;
  readonly resource: string;
  readonly subresource: string;
  readonly apiGroup: string;
  readonly namespace: string;
  readonly name: string;
}

export interface LineFilter {
  /**
   * Every resource `byResource` may not skip. When given, the scanner finds candidate lines with one
   * search per chunk instead of looking into every line (lines of other resources are skipped).
   */
  readonly resources?: readonly string[];
  /** From the resource alone: never parse, always parse, or look at the other facts first. */
  byResource(resource: string): 'skip' | 'parse' | 'inspect';
  /**
   * For an inspected resource, from its verb, before the rest of the objectRef is read: `skip` when no
   * line of this resource and verb is ever parsed (most are reads: kubelets and controllers reading
   * ConfigMaps and Secrets), `inspect` otherwise. Omitted: always inspect.
   */
  byVerb?(resource: string, verb: string): 'skip' | 'inspect';
  /**
   * From all the facts: parse now, skip, or `defer` — keep the line unparsed and let the consumer
   * decide when it reaches it (what is tracked can depend on the events before it in the same chunk,
   * e.g. a Secret becomes a TLS Secret when an Ingress that names it is created).
   */
  inspect(facts: LineFacts): 'parse' | 'skip' | 'defer';
}

/** Parse every line (no pre-filter). */
export const PARSE_ALL: LineFilter = { byResource: () => 'parse', inspect: () => 'parse' };

/** A line kept unparsed for the consumer to decide on (see LineFilter.inspect). */
export interface PendingRecord {
  readonly line: number;
  readonly facts: LineFacts;
  readonly text: Buffer;
}

/** A pending line whose bytes are cut from the chunk only when asked for (most are never parsed). */
class PendingLine implements PendingRecord {
  readonly line: number;
  readonly facts: LineFacts;
  private readonly chunk: Buffer;
  private readonly start: number;
  private readonly end: number;

  constructor(line: number, facts: LineFacts, chunk: Buffer, start: number, end: number) {
    this.line = line;
    this.facts = facts;
    this.chunk = chunk;
    this.start = start;
    this.end = end;
  }

  get text(): Buffer {
    return this.chunk.subarray(this.start, this.end);
  }
}

export function isPending(record: AuditRecord | PendingRecord): record is PendingRecord {
  return 'facts' in record;
}

/** Parse a pending line: the event, or why it is not one. */
export function parsePending(record: PendingRecord): AuditEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(record.text.toString('utf8')) as unknown;
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  return auditEventProblem(value) ?? (value as AuditEvent);
}

export interface LineProblem {
  readonly line: number;
  readonly message: string;
}

export interface ScanOutput {
  readonly records: (AuditRecord | PendingRecord)[];
  readonly problems: LineProblem[];
  /** Audit events seen (parsed or not), EventList items included. */
  events: number;
  /** Byte offset just after the last complete line consumed so far. */
  endOffset: number;
  /** Number of the last complete line consumed so far. */
  endLine: number;
}

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

// Lines are scanned in a latin1 view of the bytes: one character per byte, so string offsets are
// byte offsets, and V8's string search runs without crossing into C++ for every line.
const EVENT_PREFIX = '{"kind":"Event","apiVersion":"audit.k8s.io/v1",';
const EVENT_LIST_PREFIX = '{"kind":"EventList"';
const STAGE_KEY = '"stage":"';
const VERB_KEY = '"verb":"';
const OBJECT_REF_KEY = '"objectRef":{';

const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;

/** Finds one needle in one chunk, remembering the last hit so a scan over all lines stays linear. */
class Needle {
  private hit = -2;
  private readonly needle: string;
  private view = '';

  constructor(needle: string) {
    this.needle = needle;
  }

  reset(view: string): void {
    this.view = view;
    this.hit = -2;
  }

  /** Index of the needle in [from, to), or -1. */
  find(from: number, to: number): number {
    if (this.hit !== -1 && this.hit < from) this.hit = this.view.indexOf(this.needle, from);
    return this.hit !== -1 && this.hit + this.needle.length <= to ? this.hit : -1;
  }
}

/** Like Needle, for any of several resources' objectRef (`"objectRef":{"resource":"ingresses"`). */
class ResourceNeedle {
  private hit = -2;
  private readonly pattern: RegExp;
  private view = '';

  constructor(resources: readonly string[]) {
    const names = resources.map((r) => r.replace(/[^a-z0-9.-]/gi, '')).join('|');
    this.pattern = new RegExp(`"objectRef":\\{"resource":"(?:${names})"`, 'g');
  }

  reset(view: string): void {
    this.view = view;
    this.hit = -2;
  }

  find(from: number, to: number): number {
    if (this.hit !== -1 && this.hit < from) {
      this.pattern.lastIndex = from;
      this.hit = this.pattern.exec(this.view)?.index ?? -1;
    }
    return this.hit !== -1 && this.hit < to ? this.hit : -1;
  }
}

/** The string value starting at `start` (just after its opening quote), or undefined if escaped. */
function plainString(view: string, start: number, end: number): string | undefined {
  const close = view.indexOf('"', start);
  if (close < 0 || close >= end) return undefined;
  const value = view.slice(start, close);
  return value.includes('\\') ? undefined : value;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === NEWLINE;
}

const REF_MARKERS = {
  resource: '"resource":"',
  subresource: '"subresource":"',
  apiGroup: '"apiGroup":"',
  namespace: '"namespace":"',
  name: '"name":"',
} as const;

/** Value of `"key":"…"` inside the small objectRef region, '' when absent. */
function refField(region: string, key: keyof typeof REF_MARKERS): string {
  const marker = REF_MARKERS[key];
  const at = region.indexOf(marker);
  if (at < 0) return '';
  const start = at + marker.length;
  const end = region.indexOf('"', start);
  return end < 0 ? '' : region.slice(start, end);
}

export class JsonLinesScanner {
  /** The start of a line that continues in the next chunk (undefined while skipping a long line). */
  private carry: Buffer | undefined;
  /** Bytes of that unfinished line, skipped ones included. */
  private pendingBytes = 0;
  private skippingLongLine = false;
  private offset: number;
  private line: number;
  private readonly filter: LineFilter;
  private readonly maxLineBytes: number;
  private readonly stage = new Needle(STAGE_KEY);
  private readonly verb = new Needle(VERB_KEY);
  private readonly objectRef: Needle | ResourceNeedle;
  private out: ScanOutput;

  constructor(options: {
    filter?: LineFilter;
    startOffset?: number;
    startLine?: number;
    maxLineBytes?: number;
  }) {
    this.filter = options.filter ?? PARSE_ALL;
    const resources = this.filter.resources;
    this.objectRef = resources === undefined ? new Needle(OBJECT_REF_KEY) : new ResourceNeedle(resources);
    this.offset = options.startOffset ?? 0;
    this.line = options.startLine ?? 0;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.out = this.freshOutput();
  }

  private freshOutput(): ScanOutput {
    return { records: [], problems: [], events: 0, endOffset: this.offset, endLine: this.line };
  }

  /** Consume a chunk; returns what its complete lines held. */
  push(chunk: Buffer): ScanOutput {
    let position = 0;
    if (this.pendingBytes > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.extendCarry(chunk);
        return this.take();
      }
      this.extendCarry(chunk.subarray(0, newline + 1));
      const joined = this.carry;
      const bytes = this.pendingBytes;
      this.carry = undefined;
      this.pendingBytes = 0;
      if (this.skippingLongLine) this.skippingLongLine = false;
      else if (joined !== undefined) {
        const view = this.resetNeedles(joined);
        this.processLine(joined, view, 0, joined.length - 1);
      }
      this.offset += bytes;
      position = newline + 1;
    }
    const view = this.resetNeedles(chunk);
    for (;;) {
      const newline = view.indexOf('\n', position);
      if (newline < 0) break;
      this.processLine(chunk, view, position, newline);
      this.offset += newline + 1 - position;
      position = newline + 1;
    }
    if (position < chunk.length) this.extendCarry(chunk.subarray(position));
    return this.take();
  }

  /** End of input: a last line without newline is still a line (often a truncated one). */
  end(): ScanOutput {
    const rest = this.carry;
    if (rest !== undefined && !this.skippingLongLine) {
      const view = this.resetNeedles(rest);
      this.processLine(rest, view, 0, rest.length);
    }
    this.offset += this.pendingBytes;
    this.carry = undefined;
    this.pendingBytes = 0;
    this.skippingLongLine = false;
    return this.take();
  }

  private take(): ScanOutput {
    const out = this.out;
    out.endOffset = this.offset;
    out.endLine = this.line;
    this.out = this.freshOutput();
    return out;
  }

  private resetNeedles(buffer: Buffer): string {
    const view = buffer.toString('latin1');
    this.stage.reset(view);
    this.verb.reset(view);
    this.objectRef.reset(view);
    return view;
  }

  private extendCarry(piece: Buffer): void {
    this.pendingBytes += piece.length;
    if (this.skippingLongLine) return;
    if (this.pendingBytes > this.maxLineBytes) {
      this.carry = undefined;
      this.skippingLongLine = true;
      this.line++;
      this.out.problems.push({
        line: this.line,
        message: `line longer than ${this.maxLineBytes} bytes; skipped`,
      });
      return;
    }
    // Copy: the chunk's memory may be reused by the stream.
    this.carry = this.carry === undefined ? Buffer.from(piece) : Buffer.concat([this.carry, piece]);
  }

  private processLine(buffer: Buffer, view: string, start: number, end: number): void {
    this.line++;
    while (start < end && isSpace(view.charCodeAt(start))) start++;
    while (end > start && isSpace(view.charCodeAt(end - 1))) end--;
    if (start === end) return;
    if (view.charCodeAt(start) !== OPEN_BRACE || view.charCodeAt(end - 1) !== CLOSE_BRACE) {
      this.problem('not a complete JSON object (truncated line?)');
      return;
    }
    if (view.startsWith(EVENT_PREFIX, start)) this.fastPath(buffer, view, start, end);
    else this.slowPath(buffer, view, start, end);
  }

  private fastPath(buffer: Buffer, view: string, start: number, end: number): void {
    this.out.events++;
    // The resource first: it rules out most lines, and lines without objectRef are non-resource
    // requests (/healthz, /metrics, discovery). The stage is read only for lines still in play.
    const refAt = this.objectRef.find(start, end);
    if (refAt < 0) return;
    const refStart = refAt + OBJECT_REF_KEY.length;
    const refEnd = view.indexOf('}', refStart);
    if (refEnd < 0 || refEnd > end) {
      this.slowPathCounted(buffer, view, start, end);
      return;
    }
    // The API server writes `resource` first; otherwise look for it in the region.
    let resource: string;
    if (view.startsWith(REF_MARKERS.resource, refStart)) {
      const valueStart = refStart + REF_MARKERS.resource.length;
      const valueEnd = view.indexOf('"', valueStart);
      resource = valueEnd < 0 || valueEnd > refEnd ? '' : view.slice(valueStart, valueEnd);
    } else resource = refField(view.slice(refStart, refEnd), 'resource');
    const decision = this.filter.byResource(resource);
    if (decision === 'skip') return;
    const stageAt = this.stage.find(start, refAt);
    if (stageAt < 0) {
      this.slowPathCounted(buffer, view, start, end);
      return;
    }
    const stageStart = stageAt + STAGE_KEY.length;
    const complete = view.startsWith('ResponseComplete"', stageStart);
    if (!complete && !view.startsWith('Panic"', stageStart)) return;
    if (decision === 'inspect') {
      const verbAt = this.verb.find(start, refAt);
      const verb = verbAt < 0 ? undefined : plainString(view, verbAt + VERB_KEY.length, end);
      if (verb === undefined) {
        this.slowPathCounted(buffer, view, start, end);
        return;
      }
      if (this.filter.byVerb?.(resource, verb) === 'skip') return;
      const region = view.slice(refStart, refEnd);
      const facts: LineFacts = {
        stage: complete ? 'ResponseComplete' : 'Panic',
        verb,
        resource,
        subresource: refField(region, 'subresource'),
        apiGroup: refField(region, 'apiGroup'),
        namespace: refField(region, 'namespace'),
        name: refField(region, 'name'),
      };
      const verdict = this.filter.inspect(facts);
      if (verdict === 'skip') return;
      if (verdict === 'defer') {
        // No copy: stream chunks are never reused, and the record lives only as long as its batch.
        this.out.records.push(new PendingLine(this.line, facts, buffer, start, end));
        return;
      }
    }
    this.parseEvent(buffer, start, end);
  }

  /** A fast-path line whose shape surprised us: it was counted already, parse it like any other. */
  private slowPathCounted(buffer: Buffer, view: string, start: number, end: number): void {
    this.out.events--;
    this.slowPath(buffer, view, start, end);
  }

  private parseEvent(buffer: Buffer, start: number, end: number): void {
    const value = this.parse(buffer, start, end);
    if (value === undefined) {
      this.out.events--;
      return;
    }
    const problem = auditEventProblem(value);
    if (problem !== undefined) {
      this.out.events--;
      this.problem(problem);
      return;
    }
    this.out.records.push({ event: value as AuditEvent, line: this.line });
  }

  private slowPath(buffer: Buffer, view: string, start: number, end: number): void {
    const value = this.parse(buffer, start, end);
    if (value === undefined) return;
    if (view.startsWith(EVENT_LIST_PREFIX, start) || isEventList(value)) {
      this.eventListItems(value);
      return;
    }
    const problem = auditEventProblem(value);
    if (problem !== undefined) {
      this.problem(problem);
      return;
    }
    this.out.events++;
    this.out.records.push({ event: value as AuditEvent, line: this.line });
  }

  private eventListItems(value: unknown): void {
    const items = (value as { items?: unknown }).items;
    if (!Array.isArray(items)) {
      this.problem('EventList without items');
      return;
    }
    items.forEach((item: unknown, index) => {
      const problem = auditEventProblem(item);
      if (problem !== undefined) {
        this.problem(`items[${index}]: ${problem}`);
        return;
      }
      this.out.events++;
      this.out.records.push({ event: item as AuditEvent, line: this.line });
    });
  }

  private parse(buffer: Buffer, start: number, end: number): unknown {
    try {
      return JSON.parse(buffer.toString('utf8', start, end)) as unknown;
    } catch (error) {
      this.problem(`invalid JSON: ${(error as Error).message}`);
      return undefined;
    }
  }

  private problem(message: string): void {
    this.out.problems.push({ line: this.line, message });
  }
}

export function isEventList(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'EventList';
}
