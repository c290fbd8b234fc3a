/**
 * Streaming reader for audit documents that are not one event per line: an `EventList` (what the
 * audit webhook backend POSTs, often pretty-printed), a JSON array of events, or pretty-printed
 * events one after another. Each element of `items` (or of a top-level array) is cut out and parsed
 * on its own as soon as it is complete, so memory holds one event, never the whole document.
 */
import { auditEventProblem, type AuditEvent, type AuditRecord } from './event.ts';
import type { LineProblem } from './lines.ts';

export interface DocumentOutput {
  readonly records: AuditRecord[];
  readonly problems: LineProblem[];
  events: number;
}

const DEFAULT_MAX_VALUE_CHARS = 64 * 1024 * 1024;

export class JsonDocumentScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  /** The last string closed at depth 1, and whether it was followed by ':' (it is a key). */
  private lastString = '';
  private stringStart = -1;
  /** The start of a depth-1 string that continues in the next chunk. */
  private stringHead = '';
  private currentKey = '';
  /** Depth of the array whose elements are events (1 for a top-level array, 2 for `items`). */
  private itemsDepth = 0;
  private outer: string[] = [];
  private outerFrom = -1;
  private outerLine = 0;
  private outerChars = 0;
  private item: string[] = [];
  private itemFrom = -1;
  private itemLine = 0;
  private itemChars = 0;
  private garbageReported = false;
  private out: DocumentOutput = { records: [], problems: [], events: 0 };
  private readonly maxValueChars: number;

  constructor(options: { maxValueChars?: number } = {}) {
    this.maxValueChars = options.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS;
  }

  push(text: string): DocumentOutput {
    for (let i = 0; i < text.length; i++) this.step(text, i, text.charCodeAt(i));
    this.flushCaptures(text);
    return this.take();
  }

  end(): DocumentOutput {
    if (this.depth > 0) this.problem(this.outerLine, 'document ends inside a JSON value (truncated?)');
    this.depth = 0;
    this.outer = [];
    this.item = [];
    return this.take();
  }

  private take(): DocumentOutput {
    const out = this.out;
    this.out = { records: [], problems: [], events: 0 };
    return out;
  }

  private step(text: string, i: number, code: number): void {
    if (code === 0x0a) this.line++;
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (code === 0x5c) this.escaped = true;
      else if (code === 0x22) this.closeString(text, i);
      return;
    }
    if (this.depth === 0) {
      this.atTopLevel(text, i, code);
      return;
    }
    switch (code) {
      case 0x22:
        this.inString = true;
        if (this.depth === 1) this.stringStart = i + 1;
        return;
      case 0x3a: // ':'
        if (this.depth === 1) this.currentKey = this.lastString;
        return;
      case 0x7b: // '{'
      case 0x5b: {
        // '['
        this.open(text, i, code);
        return;
      }
      case 0x7d: // '}'
      case 0x5d: {
        // ']'
        this.close(text, i);
        return;
      }
      default:
        return;
    }
  }

  private atTopLevel(text: string, i: number, code: number): void {
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) return;
    if (code !== 0x7b && code !== 0x5b) {
      if (!this.garbageReported) this.problem(this.line, 'text outside a JSON value');
      this.garbageReported = true;
      return;
    }
    this.garbageReported = false;
    this.depth = 1;
    this.currentKey = '';
    this.outerLine = this.line;
    this.outer = [];
    this.outerChars = 0;
    this.outerFrom = i;
    if (code === 0x5b) {
      // A top-level array: its elements are the events; the array itself is not kept.
      this.itemsDepth = 1;
      this.outerFrom = -1;
    }
  }

  private open(text: string, i: number, code: number): void {
    if (this.itemsDepth !== 0 && this.depth === this.itemsDepth && code === 0x7b) {
      this.itemFrom = i;
      this.itemLine = this.line;
      this.item = [];
      this.itemChars = 0;
    }
    this.depth++;
    if (this.depth === 2 && code === 0x5b && this.itemsDepth === 0 && this.currentKey === 'items') {
      // Keep `"items":[]` in the outer text, cut the elements out one by one.
      this.appendOuter(text.slice(this.outerFrom, i + 1));
      this.outerFrom = -1;
      this.itemsDepth = 2;
    }
  }

  private close(text: string, i: number): void {
    this.depth--;
    if (this.itemsDepth !== 0 && this.depth === this.itemsDepth && this.itemFrom >= 0) {
      this.appendItem(text.slice(this.itemFrom, i + 1));
      this.itemFrom = -1;
      this.emitItem();
    }
    if (this.itemsDepth === 2 && this.depth === 1) {
      this.itemsDepth = 0;
      this.outerFrom = i;
    }
    if (this.depth === 0) {
      if (this.itemsDepth === 1) {
        this.itemsDepth = 0;
        return;
      }
      if (this.outerFrom >= 0) this.appendOuter(text.slice(this.outerFrom, i + 1));
      this.outerFrom = -1;
      this.emitOuter();
    }
  }

  private closeString(text: string, i: number): void {
    this.inString = false;
    if (this.depth === 1 && this.stringStart >= 0) {
      this.lastString = this.stringHead + text.slice(this.stringStart, i);
    }
    this.stringStart = -1;
    this.stringHead = '';
  }

  /** At the end of a chunk, move what is being captured out of the chunk's text. */
  private flushCaptures(text: string): void {
    if (this.outerFrom >= 0) {
      this.appendOuter(text.slice(this.outerFrom));
      this.outerFrom = 0;
    }
    if (this.itemFrom >= 0) {
      this.appendItem(text.slice(this.itemFrom));
      this.itemFrom = 0;
    }
    if (this.stringStart >= 0) {
      // Only short keys matter (`items`); a long string value is not worth keeping here.
      this.stringHead = (this.stringHead + text.slice(this.stringStart)).slice(0, 64);
      this.stringStart = 0;
    }
  }

  private appendOuter(piece: string): void {
    this.outerChars += piece.length;
    if (this.outerChars <= this.maxValueChars) this.outer.push(piece);
  }

  private appendItem(piece: string): void {
    this.itemChars += piece.length;
    if (this.itemChars <= this.maxValueChars) this.item.push(piece);
  }

  private emitItem(): void {
    if (this.itemChars > this.maxValueChars) {
      this.problem(this.itemLine, `event larger than ${this.maxValueChars} characters; skipped`);
    } else {
      this.emit(this.item.join(''), this.itemLine);
    }
    this.item = [];
  }

  private emitOuter(): void {
    const text = this.outer.join('');
    this.outer = [];
    if (this.outerChars > this.maxValueChars) {
      this.problem(this.outerLine, `document larger than ${this.maxValueChars} characters; skipped`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      this.problem(this.outerLine, `invalid JSON: ${(error as Error).message}`);
      return;
    }
    if ((value as { kind?: unknown }).kind === 'EventList') return; // its items were emitted already
    this.accept(value, this.outerLine);
  }

  private emit(text: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      this.problem(line, `invalid JSON: ${(error as Error).message}`);
      return;
    }
    this.accept(value, line);
  }

  private accept(value: unknown, line: number): void {
    const problem = auditEventProblem(value);
    if (problem !== undefined) {
      this.problem(line, problem);
      return;
    }
    this.out.events++;
    this.out.records.push({ event: value as AuditEvent, line });
  }

  private problem(line: number, message: string): void {
    this.out.problems.push({ line, message });
  }
}
