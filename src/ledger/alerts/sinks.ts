/**
 * Sinks named on the command line: `stdout`, `file:PATH`, `webhook:URL`, `slack:URL`
 * (`--alert-sink`, repeatable). A relative file path is relative to the working directory.
 */
import { resolve } from 'node:path';
import { fileSink, stdoutSink } from './stream-sinks.ts';
import { slackSink, webhookSink } from './webhook-sinks.ts';
import type { AlertSink, ProblemHandler } from './sink.ts';

export const SINK_FORMS = ['stdout', 'file:PATH', 'webhook:URL', 'slack:URL'] as const;

export class SinkSpecError extends Error {}

function httpUrl(value: string, spec: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SinkSpecError(`alert sink "${spec}": not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new SinkSpecError(`alert sink "${spec}": only http and https URLs`);
  return value;
}

export function createSink(
  spec: string,
  io: { readonly stdout: (text: string) => void; readonly cwd: string },
  onProblem: ProblemHandler,
): AlertSink {
  if (spec === 'stdout') return stdoutSink(io.stdout, onProblem);
  const colon = spec.indexOf(':');
  const kind = colon === -1 ? spec : spec.slice(0, colon);
  const target = colon === -1 ? '' : spec.slice(colon + 1);
  if (kind === 'file' && target !== '') return fileSink(resolve(io.cwd, target), onProblem);
  if (kind === 'webhook' && target !== '') return webhookSink({ url: httpUrl(target, kind), onProblem });
  if (kind === 'slack' && target !== '') return slackSink({ url: httpUrl(target, kind), onProblem });
  throw new SinkSpecError(`alert sink "${spec.slice(0, 40)}": expected one of ${SINK_FORMS.join(', ')}`);
}
