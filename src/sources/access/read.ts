/**
 * Read access logs: files (plain or gzip, recognised by their magic bytes), directories (the logs in
 * them), rotated sets (oldest first), stdin (`-`), and `follow` (tail the last file as it grows,
 * across rotation and truncation, until the AbortSignal fires). Each input's format is the one given
 * or the one detected from its first lines. Lines that do not parse are counted and reported with
 * file:line; nothing about a line stops the run.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { orderRotatedFiles } from '../audit/rotation.ts';
import { LogFormatError, compileNginxLogFormat } from './nginx-format.ts';
import { createLineParser, detectFormat } from './parsers.ts';
import type { AccessCounters, AccessRecord, LineParser, LogFormat, ReadAccessOptions } from './types.ts';

const CHUNK_BYTES = 256 * 1024;
/** Lines longer than this are reported and skipped rather than buffered without bound. */
const MAX_LINE_CHARS = 4 * 1024 * 1024;
/** Lines looked at to detect a format. */
const DETECTION_LINES = 32;
const ACCESS_LOG_FILE = /(access|\.log)[^/]*$|\.gz$/;

/** A reset in a followed file (rotation or truncation): a partial line must not join the next one. */
const RESET = Symbol('reset');
type Chunk = Buffer | typeof RESET;

export function newCounters(): AccessCounters {
  return { lines: 0, parsed: 0, malformed: 0, inputs: 0 };
}

/** Files named on the command line, directories expanded to the access logs in them, rotated sets oldest first. */
export async function expandAccessPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push(path);
      continue;
    }
    const info = await stat(path);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => ACCESS_LOG_FILE.test(name)).sort();
    files.push(...names.map((name) => join(path, name)));
  }
  return orderRotatedFiles(files);
}

/** Validate options up front, so a bad `--log-format` fails before any input is opened. */
export function checkReadOptions(options: ReadAccessOptions): void {
  if (options.logFormat !== undefined) compileNginxLogFormat(options.logFormat);
  if (options.format === 'nginx-custom' && options.logFormat === undefined) {
    throw new LogFormatError('format nginx-custom needs a log_format string');
  }
}

/** Records, one at a time. For throughput prefer readAccessLogBatches. */
export async function* readAccessLogs(
  inputs: readonly string[],
  options: ReadAccessOptions = {},
): AsyncGenerator<AccessRecord> {
  for await (const batch of readAccessLogBatches(inputs, options)) yield* batch;
}

/** Records in batches (one per chunk of input read, never empty). */
export async function* readAccessLogBatches(
  inputs: readonly string[],
  options: ReadAccessOptions = {},
): AsyncGenerator<AccessRecord[]> {
  checkReadOptions(options);
  const counters = options.counters ?? newCounters();
  const files = await expandAccessPaths(inputs);
  for (const [index, file] of files.entries()) {
    if (options.signal?.aborted === true) return;
    const follow = options.follow === true && index === files.length - 1 && file !== '-';
    yield* readOne(file, follow, counters, options);
  }
}

async function* readOne(
  file: string,
  follow: boolean,
  counters: AccessCounters,
  options: ReadAccessOptions,
): AsyncGenerator<AccessRecord[]> {
  counters.inputs++;
  const lines = new LineHandler(file, counters, options);
  const size = file === '-' ? undefined : await fileSize(file);
  let bytesRead = 0;
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false;
  let lineNumber = 0;
  try {
    for await (const chunk of openChunks(file, follow, options)) {
      if (chunk === RESET) {
        if (carry !== '' && !skipping) {
          const batch = lines.handle([{ text: carry, line: ++lineNumber }], false);
          if (batch.length > 0) yield batch;
        }
        carry = '';
        skipping = false;
        lineNumber = 0;
        continue;
      }
      bytesRead += chunk.length;
      const text = carry + decoder.write(chunk);
      const pending: PendingLine[] = [];
      let start = 0;
      for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
        lineNumber++;
        if (skipping) skipping = false;
        else pending.push({ text: text.slice(start, newline), line: lineNumber });
        start = newline + 1;
      }
      carry = start === 0 ? text : text.slice(start);
      if (carry.length > MAX_LINE_CHARS) {
        if (!skipping)
          lines.problem(lineNumber + 1, `line longer than ${String(MAX_LINE_CHARS)} characters skipped`);
        skipping = true;
        carry = '';
      }
      // A followed file may stay short: decide its format from what the first chunk holds.
      const batch = lines.handle(pending, follow);
      options.onProgress?.({ file, bytesRead, size, counters });
      if (batch.length > 0) yield batch;
      if (options.signal?.aborted === true) break;
    }
  } catch (error) {
    if (!isAbort(error)) lines.problem(lineNumber + 1, `read error: ${(error as Error).message}`);
  }
  const rest = carry + decoder.end();
  const final = rest === '' || skipping ? [] : [{ text: rest, line: lineNumber + 1 }];
  const batch = lines.handle(final, false, true);
  if (batch.length > 0) yield batch;
}

interface PendingLine {
  readonly text: string;
  readonly line: number;
}

/** Detects the format (buffering the first lines), then parses, counts and reports. */
class LineHandler {
  private parser: LineParser | undefined;
  private unrecognised = false;
  private readonly held: PendingLine[] = [];
  private readonly file: string;
  private readonly counters: AccessCounters;
  private readonly options: ReadAccessOptions;

  constructor(file: string, counters: AccessCounters, options: ReadAccessOptions) {
    this.file = file;
    this.counters = counters;
    this.options = options;
    const format: LogFormat | undefined = options.logFormat !== undefined ? 'nginx-custom' : options.format;
    if (format !== undefined) this.setParser(format);
  }

  /**
   * Parse lines. Before the format is known they are held until enough are seen, or `decide` (the
   * followed file has nothing more for now) or `end`.
   */
  handle(lines: readonly PendingLine[], decide: boolean, end = false): AccessRecord[] {
    let todo = lines;
    if (this.parser === undefined && !this.unrecognised) {
      for (const line of lines) if (line.text.trim() !== '') this.held.push(line);
      if (this.held.length < DETECTION_LINES && !decide && !end) return [];
      if (this.held.length === 0) return [];
      const detected = detectFormat(
        this.held.slice(0, DETECTION_LINES).map((line) => line.text),
        this.options,
      );
      if (detected === undefined) {
        this.unrecognised = true;
        this.problem(
          this.held[0]?.line ?? 1,
          'access log format not recognised from the first lines; give it with --log-format',
        );
      } else {
        this.setParser(detected.format);
      }
      todo = this.held.splice(0);
    }
    return this.parseAll(todo);
  }

  problem(line: number, message: string): void {
    this.options.onProblem?.({ file: this.file, line, message });
  }

  private setParser(format: LogFormat): void {
    this.parser = createLineParser(format, {
      logFormat: this.options.logFormat,
      utcOffsetMinutes: this.options.utcOffsetMinutes,
    });
    this.options.onFormat?.(this.file, format);
  }

  private parseAll(lines: readonly PendingLine[]): AccessRecord[] {
    const records: AccessRecord[] = [];
    const parser = this.parser;
    const counters = this.counters;
    for (const { text, line } of lines) {
      if (text === '' || text === '\r') continue;
      counters.lines++;
      if (parser === undefined) {
        counters.malformed++;
        continue;
      }
      const result = parser.parse(text, this.file, line);
      if (typeof result === 'string') {
        counters.malformed++;
        this.problem(line, result);
      } else {
        counters.parsed++;
        records.push(result);
      }
    }
    return records;
  }
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
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

async function* openChunks(file: string, follow: boolean, options: ReadAccessOptions): AsyncGenerator<Chunk> {
  if (file === '-') {
    for await (const chunk of options.stdin ?? process.stdin) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    }
    return;
  }
  if (await isGzip(file)) {
    const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    raw.on('error', (error) => gunzip.destroy(error));
    yield* raw.pipe(gunzip) as AsyncIterable<Buffer>;
    return;
  }
  if (!follow) {
    yield* createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
    return;
  }
  yield* followFile(file, options.signal, options.pollMs ?? 250);
}

/**
 * `tail -F`: read to the end, then poll. A new inode at the path (rotation by rename) means: finish
 * the old file, then start the new one from its beginning; a size below the position (truncation,
 * copytruncate) means: start again from 0. Ends when `signal` aborts.
 */
async function* followFile(
  path: string,
  signal: AbortSignal | undefined,
  pollMs: number,
): AsyncGenerator<Chunk> {
  let handle: FileHandle = await open(path, 'r');
  let inode = (await handle.stat()).ino;
  let position = 0;
  const buffer = Buffer.alloc(CHUNK_BYTES);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead > 0) {
        position += bytesRead;
        yield Buffer.from(buffer.subarray(0, bytesRead));
        continue;
      }
      if (signal?.aborted === true) return;
      try {
        await sleep(pollMs, undefined, { signal });
      } catch {
        return;
      }
      const current = await stat(path).catch(() => undefined);
      if (current === undefined) continue; // between rename and re-create
      if (current.ino !== inode) {
        yield* drain(handle, position, buffer);
        await handle.close();
        handle = await open(path, 'r');
        inode = (await handle.stat()).ino;
        position = 0;
        yield RESET;
      } else if (current.size < position) {
        position = 0;
        yield RESET;
      }
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function* drain(handle: FileHandle, from: number, buffer: Buffer): AsyncGenerator<Buffer> {
  let position = from;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield Buffer.from(buffer.subarray(0, bytesRead));
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
