/**
 * Read access logs: files (plain or gzip, recognised by their magic bytes), directories (the logs in
 * them), rotated sets (oldest first), stdin (`-`), and `follow` (tail the last file as it grows,
 * across rotation and truncation, until the AbortSignal fires). Each input's format is the one given
 * or the one detected from its first lines. Lines that do not parse are counted and reported with
 * file:line; nothing about a line stops the run.
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { expandRotatedPaths } from '../audit/rotation.ts';
import { LogFormatError, compileNginxLogFormat } from './nginx-format.ts';
import { createLineParser, detectFormat } from './parsers.ts';
import type { AccessCounters, AccessRecord, LineParser, LogFormat, ReadAccessOptions } from './types.ts';

const CHUNK_BYTES = 256 * 1024;
/** Bytes of a chunk decoded at a time (see LineSplitter). */
const PIECE_BYTES = 16 * 1024;
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
export function expandAccessPaths(paths: readonly string[]): Promise<string[]> {
  return expandRotatedPaths(paths, ACCESS_LOG_FILE);
}

/** Validate options up front, so a bad `--log-format` fails before any input is opened. */
export function checkReadOptions(options: ReadAccessOptions): void {
  if (options.logFormat !== undefined) compileNginxLogFormat(options.logFormat);
  if (options.format === 'nginx-custom' && options.logFormat === undefined) {
    throw new LogFormatError('format nginx-custom needs a log_format string');
  }
}

/** Records, one at a time. For throughput prefer visitAccessLogs. */
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
  let batch: AccessRecord[] = [];
  for await (const parsed of readInputs(inputs, options, (record) => batch.push(record))) {
    if (parsed === 0) continue;
    yield batch;
    batch = [];
  }
}

/**
 * Every record, handed to `visit` as soon as its line is parsed; `afterChunk` runs after each chunk of
 * input that gave records (where `--follow` prints new alerts). The fast path for a consumer that
 * keeps no record: nothing is collected, so a record is garbage by the next line and a young-generation
 * collection finds next to nothing alive. Batches of records alive at every collection made V8 grow
 * its young generation to the largest size it allows, most of the peak memory on a big log.
 */
export async function visitAccessLogs(
  inputs: readonly string[],
  options: ReadAccessOptions,
  visit: (record: AccessRecord) => void,
  afterChunk?: () => void,
): Promise<void> {
  for await (const parsed of readInputs(inputs, options, visit)) {
    if (parsed > 0) afterChunk?.();
  }
}

/** Where parsed records go, one at a time. */
type RecordSink = (record: AccessRecord) => void;

/**
 * Reads every input into `sink`; yields after each chunk of input (and each reset of a followed file)
 * how many records it gave.
 */
async function* readInputs(
  inputs: readonly string[],
  options: ReadAccessOptions,
  sink: RecordSink,
): AsyncGenerator<number> {
  checkReadOptions(options);
  const counters = options.counters ?? newCounters();
  const files = await expandAccessPaths(inputs);
  for (const [index, file] of files.entries()) {
    if (options.signal?.aborted === true) return;
    const follow = options.follow === true && index === files.length - 1 && file !== '-';
    yield* readOne(file, follow, counters, options, sink);
  }
}

async function* readOne(
  file: string,
  follow: boolean,
  counters: AccessCounters,
  options: ReadAccessOptions,
  sink: RecordSink,
): AsyncGenerator<number> {
  counters.inputs++;
  const lines = new LineHandler(file, counters, options, sink);
  const splitter = new LineSplitter(lines);
  const size = file === '-' ? undefined : await fileSize(file);
  let bytesRead = 0;
  const chunks = openChunks(file, follow, options)[Symbol.asyncIterator]();
  /** Records parsed since the last yield (each one went to the sink). */
  let parsedBefore = counters.parsed;
  const parsedSince = (): number => {
    const since = counters.parsed - parsedBefore;
    parsedBefore = counters.parsed;
    return since;
  };
  try {
    for (;;) {
      // Only reading errors are reported as problems; an exception of the sink (a bug) propagates.
      let next: IteratorResult<Chunk>;
      try {
        next = await chunks.next();
      } catch (error) {
        if (!isAbort(error))
          lines.problem(splitter.lineNumber + 1, `read error: ${(error as Error).message}`);
        break;
      }
      if (next.done === true) break;
      const chunk = next.value;
      if (chunk === RESET) {
        splitter.reset();
        yield parsedSince();
        continue;
      }
      bytesRead += chunk.length;
      splitter.write(chunk);
      // A followed file may stay short: decide its format from what the first chunk holds.
      if (follow) lines.decide();
      options.onProgress?.({ file, bytesRead, size, counters });
      yield parsedSince();
      if (options.signal?.aborted === true) break;
    }
  } finally {
    await chunks.return(undefined);
  }
  splitter.end();
  lines.decide();
  yield parsedSince();
}

/**
 * Bytes → numbered lines, handed to the LineHandler. A chunk is decoded a piece at a time, each piece
 * ending just after a newline, and lines are cut from the piece: they are slices of it (no copy), and
 * what is alive while a line is analysed is one small piece, not a whole chunk as a string — the
 * young generation then has next to nothing to copy when it is collected mid-chunk, which is what
 * keeps V8 from growing it on a long log.
 */
class LineSplitter {
  /** Line number of the last line ended (1-based; 0 before the first). */
  lineNumber = 0;
  readonly #lines: LineHandler;
  readonly #decoder = new StringDecoder('utf8');
  /** The unfinished line at the end of the last chunk. */
  #carry = '';
  /** Inside a line too long to keep: drop it up to its newline. */
  #skipping = false;

  constructor(lines: LineHandler) {
    this.#lines = lines;
  }

  write(chunk: Buffer): void {
    for (let from = 0; from < chunk.length;) {
      const cut = from + PIECE_BYTES < chunk.length ? chunk.indexOf(0x0a, from + PIECE_BYTES) : -1;
      const to = cut < 0 ? chunk.length : cut + 1;
      this.#piece(this.#decoder.write(chunk.subarray(from, to)));
      from = to;
    }
    if (this.#carry.length > MAX_LINE_CHARS) {
      if (!this.#skipping)
        this.#lines.problem(
          this.lineNumber + 1,
          `line longer than ${String(MAX_LINE_CHARS)} characters skipped`,
        );
      this.#skipping = true;
      this.#carry = '';
    }
  }

  /** A followed file was rotated or truncated: its unfinished line is a line of its own. */
  reset(): void {
    if (this.#carry !== '' && !this.#skipping) this.#lines.line(this.#carry, ++this.lineNumber);
    this.#carry = '';
    this.#skipping = false;
    this.lineNumber = 0;
  }

  /** The end of the input: the last line may have no newline. */
  end(): void {
    const rest = this.#carry + this.#decoder.end();
    if (rest !== '' && !this.#skipping) this.#lines.line(rest, this.lineNumber + 1);
  }

  #piece(text: string): void {
    let head = this.#carry;
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      this.lineNumber++;
      if (this.#skipping) this.#skipping = false;
      else {
        const line = text.slice(start, newline);
        this.#lines.line(head === '' ? line : head + line, this.lineNumber);
      }
      head = '';
      start = newline + 1;
    }
    this.#carry = start === 0 ? head + text : text.slice(start);
  }
}

interface HeldLine {
  readonly text: string;
  readonly line: number;
}

/** Detects the format (holding the first lines), then parses, counts, reports and hands records on. */
class LineHandler {
  private parser: LineParser | undefined;
  private unrecognised = false;
  private readonly held: HeldLine[] = [];
  private readonly file: string;
  private readonly counters: AccessCounters;
  private readonly options: ReadAccessOptions;
  private readonly sink: RecordSink;

  constructor(file: string, counters: AccessCounters, options: ReadAccessOptions, sink: RecordSink) {
    this.file = file;
    this.counters = counters;
    this.options = options;
    this.sink = sink;
    const format: LogFormat | undefined = options.logFormat !== undefined ? 'nginx-custom' : options.format;
    if (format !== undefined) this.setParser(format);
  }

  /** One line: parsed now, or held until enough lines are seen to detect the format. */
  line(text: string, line: number): void {
    if (this.parser !== undefined || this.unrecognised) {
      this.parse(text, line);
      return;
    }
    if (text.trim() === '') return;
    this.held.push({ text, line });
    if (this.held.length >= DETECTION_LINES) this.decide();
  }

  /** Detect the format from the lines held so far (a followed file that stays short, the end of input). */
  decide(): void {
    if (this.parser !== undefined || this.unrecognised || this.held.length === 0) return;
    const detected = detectFormat(
      this.held.map((line) => line.text),
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
    for (const { text, line } of this.held.splice(0)) this.parse(text, line);
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

  private parse(text: string, line: number): void {
    if (text === '' || text === '\r') return;
    const counters = this.counters;
    counters.lines++;
    const parser = this.parser;
    if (parser === undefined) {
      counters.malformed++;
      return;
    }
    const result = parser.parse(text, this.file, line);
    if (typeof result === 'string') {
      counters.malformed++;
      this.problem(line, result);
    } else {
      counters.parsed++;
      this.sink(result);
    }
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
