/**
 * Structured JSON logs (pino) for `serve`: one line per event, to stdout by default. What is logged is
 * chosen, never dumped: no request bodies, no headers (Authorization carries tokens), no Secret
 * values; strings from requests and manifests are values of JSON fields, never part of the message.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; stdout when omitted (tests pass a stream). */
  readonly destination?: DestinationStream;
}

/**
 * Lines are written synchronously in batches: when 4 KiB have gathered, at least once a second, at
 * once for a warning or an error, and when the process exits. One write(2) per line cost the admission
 * webhook ~30 µs per request at 500 requests/s, most of it waking the reader of stdout's pipe; the API
 * server batches its own logs the same way (klog flushes every 5 s). Asynchronous writes cost more
 * still: each is handed to a libuv pool thread.
 */
const LOG_BATCH_BYTES = 4096;
const LOG_FLUSH_MS = 1000;
const WARN_LEVEL = 40;

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'gatewatch',
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A last line of defence: should a field ever carry one of these, it is masked.
      redact: {
        paths: ['authorization', 'token', '*.authorization', '*.token', 'req.headers'],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, write, level) {
          write.apply(this, args);
          if (level >= WARN_LEVEL) flushLogs(this);
        },
      },
    },
    options.destination ?? batchedStdout(),
  );
}

const batchedStreams = new Set<{ flushSync(): void }>();

/** Standard output, batched; what is held is written when the process exits (pino does not for sync streams). */
function batchedStdout(): DestinationStream {
  const stdout = pino.destination({
    fd: 1,
    sync: true,
    minLength: LOG_BATCH_BYTES,
    periodicFlush: LOG_FLUSH_MS,
  });
  if (batchedStreams.size === 0)
    process.on('exit', () => {
      for (const stream of batchedStreams) stream.flushSync();
    });
  batchedStreams.add(stdout);
  return stdout;
}

/**
 * Writes out the lines the logger holds, now (a line that must not wait for its batch). pino.flush()
 * would fsync asynchronously on a pool thread; sonic-boom's flushSync writes here and now.
 */
export function flushLogs(logger: Logger): void {
  const stream = (logger as unknown as Record<symbol, { flushSync?: () => void } | undefined>)[
    pino.symbols.streamSym
  ];
  stream?.flushSync?.();
}

/** A logger that drops everything (tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
