/**
 * argv → command → exit code. The only place that reads argv, writes stdout/stderr and decides exit
 * codes (spec/cli.md): 0 clean, 1 findings at or above --fail-on, 2 usage error or nothing readable,
 * 3 completed but some input could not be read.
 */
import { Command, CommanderError, Option } from 'commander';
import { TOOL_VERSION } from '../version.ts';
import { registerScan } from './scan-command.ts';
import { registerRouting } from './routing-commands.ts';
import { registerRules } from './rules-command.ts';
import { registerWhoCan } from './who-can-command.ts';
import { registerAudit } from './audit-command.ts';
import { registerReport } from './report-command.ts';
import { UsageError } from './config-file.ts';
import { ConfigError } from '../engine/config.ts';

export const EXIT = { ok: 0, findings: 1, usage: 2, partial: 3 } as const;

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTty: boolean;
  /** Whether stderr is a terminal (progress lines for long work). */
  readonly stderrIsTty?: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly readStdin?: () => Promise<string>;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stdout.isTTY,
  stderrIsTty: process.stderr.isTTY,
  env: process.env,
  cwd: process.cwd(),
};

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command()
    .name('gatewatch')
    .description('Audit Kubernetes ingress: configuration, routing, changes, access and traffic.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerScan(program, io, setExit);
  registerRouting(program, io, setExit);
  registerRules(program, io, setExit);
  registerWhoCan(program, io, setExit);
  registerAudit(program, io, setExit);
  registerReport(program, io, setExit);
  program.addOption(new Option('--no-color', 'plain output').hideHelp());
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`gatewatch: ${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`gatewatch: internal error: ${message}\n`);
    if (io.env.GATEWATCH_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.usage;
  }
  return exitCode;
}
