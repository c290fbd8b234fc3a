/** An in-memory Io for CLI tests: captured stdout/stderr, a chosen environment, cwd and stdin. */
import { Readable } from 'node:stream';
import type { Io } from '../../src/cli/main.ts';

export interface FakeIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

export function fakeIo(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  isTty?: boolean;
  /** Text, or a stream for commands that read stdin as it arrives (Io.openStdin). */
  stdin?: string | Readable;
}): FakeIo {
  let out = '';
  let err = '';
  const { stdin } = options;
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    isTty: options.isTty ?? false,
    env: options.env ?? {},
    cwd: options.cwd,
    ...(typeof stdin === 'string'
      ? { readStdin: () => Promise.resolve(stdin), openStdin: () => Readable.from([stdin]) }
      : {}),
    ...(stdin instanceof Readable ? { openStdin: () => stdin } : {}),
    out: () => out,
    err: () => err,
  };
}
