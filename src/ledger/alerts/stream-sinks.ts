/** Sinks that write JSON lines: to a writer (stdout) or appended to a file. */
import { open, type FileHandle } from 'node:fs/promises';
import type { Alert } from './alert.ts';
import { DeliveryQueue, type AlertSink, type ProblemHandler, type SinkSummary } from './sink.ts';

/** One alert per line. JSON.stringify escapes every control character, so a line is always one line. */
export function alertLine(alert: Alert): string {
  return `${JSON.stringify(alert)}\n`;
}

/** JSON lines through a write function (the CLI passes its stdout). */
export function writerSink(
  name: string,
  write: (text: string) => void,
  onProblem: ProblemHandler,
): AlertSink {
  const queue = new DeliveryQueue(name, Number.POSITIVE_INFINITY, onProblem);
  return {
    name,
    send: (alert) =>
      queue.enqueue(alert, () => {
        write(alertLine(alert));
        return Promise.resolve(undefined);
      }),
    async close(): Promise<SinkSummary> {
      await queue.drain();
      return { sink: name, sent: queue.sent, failed: queue.failed };
    },
  };
}

export function stdoutSink(write: (text: string) => void, onProblem: ProblemHandler): AlertSink {
  return writerSink('stdout', write, onProblem);
}

/**
 * JSON lines appended to a file (created when missing, never truncated: several runs share one file).
 * The file is opened on the first alert, so a run without alerts leaves no file behind.
 */
export function fileSink(path: string, onProblem: ProblemHandler): AlertSink {
  const name = `file:${path}`;
  const queue = new DeliveryQueue(name, 10_000, onProblem);
  let handle: Promise<FileHandle> | undefined;
  return {
    name,
    send: (alert) =>
      queue.enqueue(alert, async () => {
        handle ??= open(path, 'a');
        try {
          await (await handle).appendFile(alertLine(alert));
          return undefined;
        } catch (error) {
          handle = undefined; // try to open again for the next alert
          return `cannot append to ${path}: ${error instanceof Error ? error.message : String(error)}`;
        }
      }),
    async close(): Promise<SinkSummary> {
      await queue.drain();
      if (handle) await (await handle.catch(() => undefined))?.close();
      handle = undefined;
      return { sink: name, sent: queue.sent, failed: queue.failed };
    },
  };
}
