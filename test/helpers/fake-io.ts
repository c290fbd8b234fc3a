/** An in-memory Io for CLI tests: captured stdout/stderr, a chosen environment, cwd and stdin. */
import type { Io } from '../../src/cli/main.ts';

export interface FakeIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

export function fakeIo(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  isTty?: boolean;
  stdin?: string;
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
    ...(stdin === undefined ? {} : { readStdin: () => Promise.resolve(stdin) }),
    out: () => out,
    err: () => err,
  };
}
