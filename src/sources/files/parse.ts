/**
 * Text → Kubernetes objects, with file and line. Multi-document YAML is split on `---` lines and each
 * document parsed by js-yaml (fast); documents with anchors go through `yaml`, which bounds alias
 * expansion (the billion-laughs defence). Line lookups are lazy: see locator.ts.
 */
import jsYaml from 'js-yaml';
import { parse as parseWithAliases } from 'yaml';
import type { Json, Origin } from '../../model/resource.ts';
import type { PathSegment } from '../../model/field-path.ts';
import { DocumentLocator } from './locator.ts';
import type { InputProblem } from '../problem.ts';

export interface ParsedDocument {
  readonly value: Json;
  readonly origin: Origin;
  /** Builds the origin of a nested object (a `kind: List` item). */
  readonly nested: (prefix: readonly PathSegment[]) => Origin;
  readonly helmSource: string | undefined;
}

export interface ParseLimits {
  /** Largest document read; the API server refuses bodies above 3 MiB, so nothing larger is a real object. */
  readonly maxDocumentBytes: number;
  readonly maxAliasCount: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxDocumentBytes: 3 * 1024 * 1024, maxAliasCount: 100 };

const DOCUMENT_SEPARATOR = /^(?:---|\.\.\.)(?:[ \t].*)?$/;
const LONE_CR = /\r(?!\n)/g;
const HELM_SOURCE = /^# Source: (.+)$/m;
/** An anchor or alias token: `&name` or `*name` after a space, `[`, `{`, `,` or `-`. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,[\]{}]+/m;

export function parseText(
  input: string,
  file: string,
  limits: ParseLimits = DEFAULT_LIMITS,
): { documents: ParsedDocument[]; problems: InputProblem[] } {
  // Old Mac line ends (a CR alone) are line breaks to YAML and to editors; make them the one kind
  // the splitter and the line numbers know, so `---` still separates and lines match what is shown.
  const text = input.includes('\r') ? input.replace(LONE_CR, '\n') : input;
  const documents: ParsedDocument[] = [];
  const problems: InputProblem[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = parseJson(text, file);
    if (json.problem) problems.push(json.problem);
    else documents.push(makeDocument(json.value as Json, text, file, 1));
    return { documents, problems };
  }
  for (const chunk of splitDocuments(text)) {
    if (chunk.text.length > limits.maxDocumentBytes) {
      problems.push({
        id: 'input-too-large',
        file,
        line: chunk.line,
        message: `document is ${chunk.text.length} bytes, more than the ${limits.maxDocumentBytes}-byte limit; not read`,
      });
      continue;
    }
    if (!hasContent(chunk.text)) continue;
    try {
      const value = mayHaveAliases(chunk.text)
        ? (parseWithAliases(chunk.text, {
            maxAliasCount: limits.maxAliasCount,
            prettyErrors: false,
            logLevel: 'error',
          }) as Json)
        : (jsYaml.load(chunk.text, { schema: jsYaml.CORE_SCHEMA, filename: file }) as Json);
      if (value === null) continue;
      documents.push(makeDocument(value, chunk.text, file, chunk.line));
    } catch (error) {
      // An error "at the end of the stream" points past the document: name its last line instead.
      const line = chunk.line + Math.min(errorLine(error), lastContentLineOffset(chunk.text));
      problems.push({ id: 'input-parse-error', file, line, message: yamlErrorMessage(error) });
    }
  }
  return { documents, problems };
}

/** The regular expression is the precise test; most documents contain neither character at all. */
function mayHaveAliases(text: string): boolean {
  return (text.includes('&') || text.includes('*')) && ANCHOR_OR_ALIAS.test(text);
}

function makeDocument(value: Json, text: string, file: string, line: number): ParsedDocument {
  const locator = new DocumentLocator(text, line);
  // The includes() test is the cheap common answer (no Helm comment) before a multi-line regex scan.
  const helmSource = text.includes('# Source: ') ? HELM_SOURCE.exec(text)?.[1]?.trim() : undefined;
  const contentLine = line + firstContentLineOffset(text);
  const nested = (prefix: readonly PathSegment[]): Origin => ({
    file,
    line: prefix.length === 0 ? contentLine : (locator.locate(prefix, '') ?? contentLine),
    locate: (path) => locator.locate(prefix, path),
  });
  return { value, origin: nested([]), nested, helmSource };
}

interface Chunk {
  text: string;
  line: number;
}

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let cursor = 0;
  while (cursor <= text.length) {
    let end = text.indexOf('\n', cursor);
    if (end === -1) end = text.length;
    // Only lines starting with '-' or '.' can separate documents; test the cheap byte first.
    const first = text.charCodeAt(cursor);
    if (
      (first === 45 || first === 46) &&
      DOCUMENT_SEPARATOR.test(text.slice(cursor, end).replace(/\r$/, ''))
    ) {
      chunks.push({ text: text.slice(start, cursor), line: startLine });
      start = end + 1;
      startLine = line + 1;
    }
    cursor = end + 1;
    line++;
  }
  if (start < text.length) chunks.push({ text: text.slice(start), line: startLine });
  return chunks;
}

/** Does the chunk hold anything but blank lines, comments and directives? Scans without splitting. */
function hasContent(text: string): boolean {
  return firstLineWhere(text, (first) => first !== 35 && first !== 37) !== -1;
}

/** Lines before the first that is neither blank nor a comment (the object's own first line). */
function lastContentLineOffset(text: string): number {
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    if ((lines[index] ?? '').trim() !== '') return index;
  }
  return 0;
}

function firstContentLineOffset(text: string): number {
  return Math.max(
    0,
    firstLineWhere(text, (first) => first !== 35, 200),
  );
}

/**
 * Index of the first non-blank line whose first non-blank character passes `accept`, or -1; looks at
 * no more than `maxLines` lines. Documents are mostly content from their first line, so this is
 * usually one step, where splitting the document into lines cost a copy of every line.
 */
function firstLineWhere(text: string, accept: (firstChar: number) => boolean, maxLines = Infinity): number {
  let index = 0;
  for (let start = 0; start < text.length && index < maxLines; index++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let cursor = start;
    while (cursor < end && isBlank(text.charCodeAt(cursor))) cursor++;
    if (cursor < end && accept(text.charCodeAt(cursor))) return index;
    start = end + 1;
  }
  return -1;
}

function isBlank(code: number): boolean {
  // space, tab, CR, and the other characters String.prototype.trim removes that occur in practice.
  return (
    code === 32 || code === 9 || code === 13 || code === 0xfeff || code === 0xa0 || code === 11 || code === 12
  );
}

function parseJson(text: string, file: string): { value?: unknown; problem?: InputProblem } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : 1;
    return { problem: { id: 'input-parse-error', file, line, message: `invalid JSON: ${message}` } };
  }
}

function errorLine(error: unknown): number {
  if (typeof error === 'object' && error !== null) {
    const mark = (error as { mark?: { line?: number } }).mark;
    if (typeof mark?.line === 'number') return mark.line;
    const linePos = (error as { linePos?: { line: number }[] }).linePos;
    if (linePos?.[0]) return linePos[0].line - 1;
  }
  return 0;
}

function yamlErrorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const reason = (error as { reason?: unknown }).reason;
    if (typeof reason === 'string') return `invalid YAML: ${reason}`;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') {
      if (/alias/i.test(message) && /excessive|count/i.test(message))
        return 'invalid YAML: too many alias expansions (alias bomb); not read';
      return `invalid YAML: ${message.split('\n')[0] ?? message}`;
    }
  }
  return 'invalid YAML';
}
