/**
 * Line lookup for block-style YAML by indentation alone: the way kubectl, Helm and most people write
 * manifests. It answers exactly what the `yaml` library would (the line of a map key, or of where a
 * sequence item's node starts, for the deepest node that exists along a path) at a fraction of the
 * cost, because it never builds a tree. Anything it does not fully understand (flow collections to
 * descend into, anchors, tags, complex keys, tab indentation, escapes in quoted keys, lone CRs)
 * makes it answer UNSUPPORTED, and the caller asks the `yaml` library instead.
 */
import type { PathSegment } from '../../model/field-path.ts';

export const UNSUPPORTED = Symbol('unsupported');
type Unsupported = typeof UNSUPPORTED;

class Fallback extends Error {}

function unsupported(): never {
  throw new Fallback();
}

/** Entries of one block node start at `column`, the first on `line`; the node ends before line `end`. */
interface Block {
  readonly line: number;
  readonly column: number;
  readonly end: number;
}

interface KeyEntry {
  readonly key: string;
  /** Column of the first character after `key:` and its spaces. */
  readonly valueColumn: number;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const CR = 13;
/** Plain keys that YAML 1.2 would read as a number, boolean or null, which the map would not hold as the same string. */
const LONE_CR = /\r(?!\n)/;
/** Characters that start a key we leave to the library: properties, aliases, flow and reserved indicators. */
const UNUSUAL_KEY_START = new Set(Array.from('&!*?[{|>@`%,', (c) => c.charCodeAt(0)));
/** A quote starts a quoted scalar inside a flow collection only where a scalar can start. */
const FLOW_QUOTE_FOLLOWS = new Set(Array.from('[{,: ', (c) => c.charCodeAt(0)));
const NON_STRING_KEY = /^(?:[-+]?[0-9.]|~$|null$|true$|false$|\.(?:inf|nan)$)/i;

export class BlockLocator {
  private readonly text: string;
  /** Offsets where lines start, and one past the end. */
  private starts: Int32Array | undefined;
  /** Column of the first character, or -1 for blank and comment-only lines. */
  private indents: Int32Array | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /** 0-based line, within the text, of the deepest node along `segments`; undefined for an empty document. */
  locate(segments: readonly PathSegment[]): number | undefined | Unsupported {
    try {
      return this.walk(segments);
    } catch (error) {
      if (error instanceof Fallback) return UNSUPPORTED;
      throw error;
    }
  }

  private walk(segments: readonly PathSegment[]): number | undefined {
    this.index();
    const first = this.nextContentLine(0, this.lineCount());
    if (first === -1) return undefined;
    let block: Block | undefined = { line: first, column: this.indentOf(first), end: this.lineCount() };
    if (this.text.charCodeAt(this.lineStart(first) + block.column) === 37) unsupported(); // a directive
    let found = first;
    for (const segment of segments) {
      if (!block) break;
      const kind = this.kindAt(block.line, block.column);
      if (kind === 'map') {
        const entry = this.findKey(block, String(segment));
        if (!entry) break;
        found = entry.line;
        block = this.valueOf(entry.line, block.column, entry.valueColumn, block.end);
      } else if (kind === 'seq' && typeof segment === 'number') {
        const item = this.findItem(block, segment);
        if (!item) break;
        found = item.line;
        block = item;
      } else if (kind === 'flow') {
        // Every node of a flow collection written on one line is on that line: the answer is known.
        if (!this.flowEndsOnLine(block.line, block.column)) unsupported();
        found = block.line;
        break;
      } else {
        break;
      }
    }
    return found;
  }

  private index(): void {
    if (this.starts) return;
    const text = this.text;
    // A CR that does not end a line, or a byte-order mark inside the text: line breaks are the library's call.
    // includes() first: the regular expression costs more than the whole index when there is no CR.
    if ((text.includes('\r') && LONE_CR.test(text)) || text.includes('\uFEFF')) unsupported();
    // One pass to find the line starts (small integers: an array the GC need not trace), copied into
    // a typed array of the right size, rather than a counting pass and a filling pass.
    const found = [0];
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) found.push(at + 1);
    const lines = found.length;
    const starts = new Int32Array(lines + 1);
    starts.set(found);
    starts[lines] = text.length + 1;
    const indents = new Int32Array(lines);
    for (let line = 0; line < lines; line++) {
      const start = found[line] ?? 0;
      // lineEnd(), inlined: this loop runs for every line of every document with a finding.
      let end = (starts[line + 1] ?? 1) - 1;
      if (end > start && text.charCodeAt(end - 1) === CR) end--;
      let cursor = start;
      while (cursor < end && text.charCodeAt(cursor) === SPACE) cursor++;
      const code = text.charCodeAt(cursor);
      if (cursor < end && code === TAB) {
        // A tab among the leading blanks: YAML forbids it for indentation; let the library decide.
        let rest = cursor;
        while (rest < end && (text.charCodeAt(rest) === TAB || text.charCodeAt(rest) === SPACE)) rest++;
        if (rest < end && text.charCodeAt(rest) !== HASH) unsupported();
        indents[line] = -1;
      } else {
        indents[line] = cursor >= end || code === HASH ? -1 : cursor - start;
      }
    }
    this.starts = starts;
    this.indents = indents;
  }

  private lineCount(): number {
    return this.indents?.length ?? 0;
  }

  private lineStart(line: number): number {
    return this.starts?.[line] ?? 0;
  }

  /** End of the line's content: before its newline, and before a CR that ends it. */
  private lineEnd(line: number, starts: Int32Array | undefined = this.starts): number {
    let end = (starts?.[line + 1] ?? 1) - 1;
    if (end > (starts?.[line] ?? 0) && this.text.charCodeAt(end - 1) === CR) end--;
    return end;
  }

  private indentOf(line: number): number {
    return this.indents?.[line] ?? -1;
  }

  private nextContentLine(from: number, end: number): number {
    for (let line = from; line < end; line++) if (this.indentOf(line) !== -1) return line;
    return -1;
  }

  private charAt(line: number, column: number): number {
    const position = this.lineStart(line) + column;
    return position < this.lineEnd(line) ? this.text.charCodeAt(position) : -1;
  }

  /** Is there a `-` item indicator at this column: a dash followed by a space or the end of the line? */
  private isDash(line: number, column: number): boolean {
    if (this.charAt(line, column) !== DASH) return false;
    const next = this.charAt(line, column + 1);
    if (next === TAB) unsupported();
    return next === SPACE || next === -1;
  }

  private kindAt(line: number, column: number): 'map' | 'seq' | 'flow' | 'scalar' {
    if (this.isDash(line, column)) return 'seq';
    const code = this.charAt(line, column);
    if (code === 0x3f /* ? */ || code === 0x26 /* & */ || code === 0x21 /* ! */ || code === 0x2a /* * */)
      unsupported();
    if (code === 0x5b /* [ */ || code === 0x7b /* { */) return 'flow';
    if (code === 0x7c /* | */ || code === 0x3e /* > */) return 'scalar';
    return this.readKey(line, column) ? 'map' : 'scalar';
  }

  /** `key:` at this position, or undefined when the line holds no key there (a scalar). */
  private readKey(line: number, column: number): KeyEntry | undefined {
    const text = this.text;
    const start = this.lineStart(line) + column;
    const end = this.lineEnd(line);
    let key: string;
    let after: number;
    const quote = text.charCodeAt(start);
    if (UNUSUAL_KEY_START.has(quote)) unsupported();
    if (quote === 0x22 /* " */ || quote === 0x27 /* ' */) {
      const close = this.closingQuote(start, end, quote);
      if (close === -1) return undefined;
      const raw = text.slice(start + 1, close);
      if (quote === 0x22 && raw.includes('\\')) unsupported();
      key = quote === 0x27 ? raw.replaceAll("''", "'") : raw;
      after = close + 1;
      while (after < end && text.charCodeAt(after) === SPACE) after++;
      if (text.charCodeAt(after) !== COLON || after >= end) return undefined;
    } else {
      after = -1;
      for (let cursor = start; cursor < end; cursor++) {
        const code = text.charCodeAt(cursor);
        if (code === HASH && cursor > start && isBlank(text.charCodeAt(cursor - 1))) return undefined; // a comment
        if (code === COLON && (cursor + 1 >= end || isBlank(text.charCodeAt(cursor + 1)))) {
          after = cursor;
          break;
        }
      }
      if (after === -1) return undefined;
      key = text.slice(start, after).trimEnd();
      if (key === '' || NON_STRING_KEY.test(key) || key.includes('\t')) unsupported();
    }
    let valueColumn = after + 1;
    while (valueColumn < end && isBlank(text.charCodeAt(valueColumn))) valueColumn++;
    return { key, valueColumn: valueColumn - this.lineStart(line) };
  }

  private closingQuote(start: number, end: number, quote: number): number {
    for (let cursor = start + 1; cursor < end; cursor++) {
      const code = this.text.charCodeAt(cursor);
      if (quote === 0x22 && code === 0x5c /* \ */) {
        cursor++;
        continue;
      }
      if (code === quote) {
        if (quote === 0x27 && this.text.charCodeAt(cursor + 1) === 0x27 && cursor + 1 < end) {
          cursor++;
          continue;
        }
        return cursor;
      }
    }
    return -1;
  }

  /** Do the brackets opened at this column close on the same line (outside quoted strings and before a comment)? */
  private flowEndsOnLine(line: number, column: number): boolean {
    const text = this.text;
    const end = this.lineEnd(line);
    let depth = 0;
    let previous = SPACE;
    for (let cursor = this.lineStart(line) + column; cursor < end; cursor++) {
      const code = text.charCodeAt(cursor);
      if ((code === 0x22 || code === 0x27) && FLOW_QUOTE_FOLLOWS.has(previous)) {
        const close = this.closingQuote(cursor, end, code);
        if (close === -1) return false;
        cursor = close;
        previous = code;
        continue;
      }
      if (code === HASH && isBlank(previous)) return false;
      if (code === 0x5b || code === 0x7b) depth++;
      else if (code === 0x5d || code === 0x7d) {
        depth--;
        if (depth === 0) return true;
      }
      if (code !== SPACE) previous = code;
      else previous = SPACE;
    }
    return false;
  }

  /** The entry of a map block whose key is `key`, checking that every entry line is one YAML would agree on. */
  private findKey(block: Block, key: string): (KeyEntry & { line: number }) | undefined {
    for (let line = block.line; line < block.end; line++) {
      const indent = line === block.line ? block.column : this.indentOf(line);
      if (indent === -1 || indent > block.column) continue;
      if (indent < block.column) unsupported();
      // A `- ` at the key's own column is a sequence written flush under the previous key.
      if (line !== block.line && this.isDash(line, indent)) continue;
      const entry = this.readKey(line, indent);
      if (!entry) unsupported();
      if (entry.key === key) return { ...entry, line };
    }
    return undefined;
  }

  /** The node under a key: a block on the following lines, or undefined for a scalar, null or flow value on the key's line. */
  private valueOf(line: number, keyColumn: number, valueColumn: number, end: number): Block | undefined {
    const code = this.charAt(line, valueColumn);
    if (code !== -1 && code !== HASH) {
      if (code === 0x26 || code === 0x21 || code === 0x2a) unsupported(); // anchor, tag, alias
      if (code === 0x5b || code === 0x7b) return { line, column: valueColumn, end: line + 1 }; // flow: descending is unsupported
      return undefined;
    }
    const next = this.nextContentLine(line + 1, end);
    if (next === -1) return undefined;
    const indent = this.indentOf(next);
    if (indent > keyColumn)
      return { line: next, column: indent, end: this.endOfDeeper(next, keyColumn, end) };
    if (indent === keyColumn && this.isDash(next, indent))
      return { line: next, column: indent, end: this.endOfFlushSequence(next, keyColumn, end) };
    return undefined;
  }

  /** First line after `from` that is back at `column` or less. */
  private endOfDeeper(from: number, column: number, end: number): number {
    for (let line = from + 1; line < end; line++) {
      const indent = this.indentOf(line);
      if (indent !== -1 && indent <= column) return line;
    }
    return end;
  }

  /** A sequence at its key's column ends at the first line there (or less) that is not an item. */
  private endOfFlushSequence(from: number, column: number, end: number): number {
    for (let line = from + 1; line < end; line++) {
      const indent = this.indentOf(line);
      if (indent === -1 || indent > column) continue;
      if (indent < column || !this.isDash(line, indent)) return line;
    }
    return end;
  }

  private findItem(block: Block, wanted: number): Block | undefined {
    let count = -1;
    for (let line = block.line; line < block.end; line++) {
      const indent = line === block.line ? block.column : this.indentOf(line);
      if (indent === -1 || indent > block.column) continue;
      if (indent < block.column || !this.isDash(line, indent)) unsupported();
      count++;
      if (count === wanted) return this.itemNode(line, indent, this.endOfItem(line, block));
    }
    return undefined;
  }

  private endOfItem(line: number, block: Block): number {
    for (let next = line + 1; next < block.end; next++) {
      const indent = this.indentOf(next);
      if (indent !== -1 && indent <= block.column) return next;
    }
    return block.end;
  }

  /** Where an item's node starts: after `- ` on the same line, or on the next content line. */
  private itemNode(line: number, dashColumn: number, end: number): Block {
    let column = dashColumn + 1;
    while (this.charAt(line, column) === SPACE) column++;
    const code = this.charAt(line, column);
    if (code === TAB) unsupported();
    if (code !== -1 && code !== HASH) return { line, column, end };
    const next = this.nextContentLine(line + 1, end);
    if (next === -1) unsupported(); // an empty item: where its null starts is the library's call
    return { line: next, column: this.indentOf(next), end };
  }
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}
