/**
 * Read audit inputs as batches of events: files (plain or gzip, recognised by their magic bytes),
 * directories (the audit logs in them), stdin (`-`). JSON-lines files stream through the byte
 * scanner (lines.ts) and can resume at a byte offset; EventList / pretty-printed documents stream
 * through the document scanner (document.ts). Memory stays bounded by the chunk size and the
 * largest single event, whatever the input size.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { JsonDocumentScanner } from './document.ts';
import type { AuditRecord } from './event.ts';
import { JsonLinesScanner, type LineFilter, type LineProblem, type PendingRecord } from './lines.ts';
import { expandRotatedPaths } from './rotation.ts';

export interface ReadBatch {
  readonly records: readonly (AuditRecord | PendingRecord)[];
  readonly problems: readonly LineProblem[];
  /** Audit events seen in this batch, parsed or not. */
  readonly events: number;
  /** Offset in the (decompressed) input just after the last consumed line. */
  readonly endOffset: number;
  readonly endLine: number;
  /** false for documents: their progress can only be recorded once complete. */
  readonly resumable: boolean;
  /** Bytes of the file (compressed, for gzip) read so far, for progress. */
  readonly bytesRead: number;
  /** The input could not be read to its end (unreadable file, corrupt gzip). */
  readonly failed?: boolean;
}

export interface ReadOptions {
  readonly filter?: LineFilter;
  /** Resume: offset in the decompressed input of the first unread line, and the lines before it. */
  readonly startOffset?: number;
  readonly startLine?: number;
  readonly chunkSize?: number;
  readonly maxLineBytes?: number;
  /** The stream `-` reads (process.stdin by default). */
  readonly stdin?: Readable;
}

export interface InputIdentity {
  /** sha256 of the first KiB: survives renames by rotation, unlike the path. */
  readonly identity: string;
  readonly size: number;
}

// 64 KiB: the latin1 view of a chunk (lines.ts) stays a young-generation string; larger chunks make
// each view a large object that only a full GC frees, and peak memory grows with the input.
const DEFAULT_CHUNK = 64 * 1024;
// Plain files are read 1 MiB at a time and handed on in chunks: one read per chunk (what a ReadStream
// does) costs more in allocation and thread-pool round trips than the scan of the chunk itself.
const FILE_READ_BYTES = 1024 * 1024;
const IDENTITY_BYTES = 1024;
const AUDIT_FILE = /\.(log|json|jsonl|ndjson)(\.\d+)?(\.gz)?$|\.gz$/;

export async function inputIdentity(path: string): Promise<InputIdentity | undefined> {
  if (path === '-') return undefined;
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(IDENTITY_BYTES);
    const { bytesRead } = await handle.read(head, 0, IDENTITY_BYTES, 0);
    const { size } = await handle.stat();
    const identity = createHash('sha256').update(head.subarray(0, bytesRead)).digest('hex');
    return { identity, size };
  } finally {
    await handle.close();
  }
}

/** Files named on the command line, directories expanded to the audit logs in them, oldest first. */
export function expandAuditPaths(paths: readonly string[]): Promise<string[]> {
  return expandRotatedPaths(paths, AUDIT_FILE);
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

interface OpenedInput {
  readonly stream: AsyncIterable<Buffer>;
  /** Decompressed bytes to drop before the first line (resume inside a gzip file). */
  readonly skip: number;
  readonly bytesRead: () => number;
}

async function openInput(path: string, startOffset: number, options: ReadOptions): Promise<OpenedInput> {
  const highWaterMark = options.chunkSize ?? DEFAULT_CHUNK;
  if (path === '-') {
    const stdin = options.stdin ?? process.stdin;
    let read = 0;
    return {
      stream: countBytes(stdin as AsyncIterable<Buffer>, (n) => (read += n)),
      skip: startOffset,
      bytesRead: () => read,
    };
  }
  if (await isGzip(path)) {
    const raw = createReadStream(path, { highWaterMark });
    const gunzip = createGunzip({ chunkSize: Math.min(highWaterMark, 1024 * 1024) });
    raw.on('error', (error) => gunzip.destroy(error));
    return { stream: raw.pipe(gunzip), skip: startOffset, bytesRead: () => raw.bytesRead };
  }
  const handle = await open(path, 'r');
  // Small files (rotated sets, fixtures) need no 1 MiB buffers; a file that grows is still read on.
  const size = await handle.stat().then(
    (info) => info.size,
    async (error: unknown) => {
      await handle.close();
      throw error;
    },
  );
  const readBytes = Math.max(highWaterMark, Math.min(FILE_READ_BYTES, size - startOffset));
  let position = startOffset;
  return {
    stream: readFileChunks(handle, startOffset, { readBytes, chunkSize: highWaterMark }, (end) => {
      position = end;
    }),
    skip: 0,
    bytesRead: () => position,
  };
}

/**
 * A plain file from `start`: reads of `readBytes` into fresh buffers (chunks are never reused:
 * records may point into them), yielded in `chunkSize` pieces. The next read is under way while
 * the consumer works on the current one. `onChunk` gets the file offset after each piece.
 */
async function* readFileChunks(
  handle: FileHandle,
  start: number,
  { readBytes, chunkSize }: { readBytes: number; chunkSize: number },
  onChunk: (end: number) => void,
): AsyncGenerator<Buffer> {
  const readAt = (position: number): Promise<{ buffer: Buffer; bytesRead: number }> =>
    handle.read(Buffer.allocUnsafe(readBytes), 0, readBytes, position);
  let position = start;
  let next = readAt(position);
  try {
    for (;;) {
      const { buffer, bytesRead } = await next;
      if (bytesRead === 0) return;
      next = readAt(position + bytesRead);
      for (let at = 0; at < bytesRead; at += chunkSize) {
        const end = Math.min(bytesRead, at + chunkSize);
        onChunk(position + end);
        yield buffer.subarray(at, end);
      }
      position += bytesRead;
    }
  } finally {
    // A read still under way when the consumer stops: let it end before the handle closes.
    await next.catch(() => undefined);
    await handle.close();
  }
}

async function* countBytes(source: AsyncIterable<Buffer>, add: (n: number) => void): AsyncIterable<Buffer> {
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    add(buffer.length);
    yield buffer;
  }
}

/** Document mode when the input starts with `[` or with a line holding only `{` (pretty-printed). */
function looksLikeDocument(head: Buffer): boolean {
  const text = head.subarray(0, 4096).toString('utf8').trimStart();
  if (text.startsWith('[')) return true;
  const firstLine = text.split('\n', 1)[0]?.trim() ?? '';
  return firstLine === '{';
}

/**
 * Read one input. Yields a batch per chunk; a read error (unreadable file, corrupt gzip) ends the
 * input with a problem at the line reached, never an exception.
 */
export async function* readAuditInput(path: string, options: ReadOptions = {}): AsyncGenerator<ReadBatch> {
  const startOffset = options.startOffset ?? 0;
  const startLine = options.startLine ?? 0;
  let opened: OpenedInput;
  try {
    opened = await openInput(path, startOffset, options);
  } catch (error) {
    yield failure(startOffset, startLine, 0, `cannot read: ${(error as Error).message}`);
    return;
  }
  let lines: JsonLinesScanner | undefined;
  let document: { scanner: JsonDocumentScanner; decoder: StringDecoder } | undefined;
  let toSkip = opened.skip;
  let lastOffset = startOffset;
  let lastLine = startLine;
  try {
    for await (const raw of opened.stream) {
      let chunk = raw;
      if (toSkip > 0) {
        const dropped = Math.min(toSkip, chunk.length);
        toSkip -= dropped;
        chunk = chunk.subarray(dropped);
        if (chunk.length === 0) continue;
      }
      if (lines === undefined && document === undefined) {
        if (startOffset === 0 && looksLikeDocument(chunk)) {
          document = { scanner: new JsonDocumentScanner(), decoder: new StringDecoder('utf8') };
        } else {
          lines = new JsonLinesScanner({ ...options, startOffset, startLine });
        }
      }
      if (lines !== undefined) {
        const out = lines.push(chunk);
        lastOffset = out.endOffset;
        lastLine = out.endLine;
        yield { ...out, resumable: true, bytesRead: opened.bytesRead() };
      } else if (document !== undefined) {
        const out = document.scanner.push(document.decoder.write(chunk));
        yield { ...out, endOffset: 0, endLine: 0, resumable: false, bytesRead: opened.bytesRead() };
      }
    }
  } catch (error) {
    const line = lines === undefined ? lastLine : lastLine + 1;
    yield failure(lastOffset, line, opened.bytesRead(), `read error: ${(error as Error).message}`);
    return;
  }
  if (document !== undefined) {
    const out = document.scanner.push(document.decoder.end());
    const last = document.scanner.end();
    yield {
      records: [...out.records, ...last.records],
      problems: [...out.problems, ...last.problems],
      events: out.events + last.events,
      endOffset: 0,
      endLine: 0,
      resumable: false,
      bytesRead: opened.bytesRead(),
    };
    return;
  }
  lines ??= new JsonLinesScanner({ ...options, startOffset, startLine });
  yield { ...lines.end(), resumable: true, bytesRead: opened.bytesRead() };
}

function failure(offset: number, line: number, bytesRead: number, message: string): ReadBatch {
  return {
    records: [],
    problems: [{ line: Math.max(line, 1), message }],
    events: 0,
    endOffset: offset,
    endLine: line,
    resumable: false,
    bytesRead,
    failed: true,
  };
}
