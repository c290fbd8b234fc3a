/**
 * argv → command → exit code. The only place that reads argv, writes stdout/stderr and decides exit
 * codes (spec/cli.md): 0 clean, 1 findings at or above --fail-on, 2 usage error or nothing readable,
 * 3 completed but some input could not be read.
 */
import type { Readable } from 'node:stream';
import { Command, CommanderError, Option } from 'commander';
import { TOOL_VERSION } from '../version.ts';
import { UsageError } from './config-location.ts';
import { tuneHeap } from './heap-tuning.ts';
import { ConfigError } from '../engine/config-error.ts';

export const EXIT = { ok: 0, findings: 1, usage: 2, partial: 3 } as const;

type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

/**
 * Each command's module, imported only when that command runs: a `scan` need not load the PostgreSQL
 * driver, the Kubernetes client or the CEL compiler (start-up time and memory). Help and unknown
 * commands load them all. The long-running commands set V8's heap up for themselves first, before
 * their modules are loaded (heap-tuning.ts).
 */
const COMMANDS: Readonly<Record<string, () => Promise<readonly Register[]>>> = {
  scan: async () => [(await import('./scan-command.ts')).registerScan],
  routes: async () => [(await import('./routing-commands.ts')).registerRouting],
  route: async () => [(await import('./routing-commands.ts')).registerRouting],
  exposure: async () => [(await import('./routing-commands.ts')).registerRouting],
  rules: async () => [(await import('./rules-command.ts')).registerRules],
  'who-can': async () => [(await import('./who-can-command.ts')).registerWhoCan],
  // `audit policy` is a subcommand of `audit`: registered after it.
  audit: async () => [
    (await import('./audit-command.ts')).registerAudit,
    (await import('./audit-policy-command.ts')).registerAuditPolicy,
  ],
  report: async () => [(await import('./report-command.ts')).registerReport],
  history: async () => [(await import('./history-command.ts')).registerHistory],
  rbac: async () => [(await import('./rbac-command.ts')).registerRbac],
  investigate: async () => [(await import('./investigate-command.ts')).registerInvestigate],
  drift: async () => [(await import('./drift-command.ts')).registerDrift],
  serve: async () => {
    tuneHeap({ keepYoungGeneration: false });
    return [(await import('./serve-command.ts')).registerServe];
  },
  traffic: async () => [(await import('./traffic-command.ts')).registerTraffic],
  watch: async () => {
    tuneHeap({ keepYoungGeneration: true });
    return [(await import('./watch-command.ts')).registerWatch];
  },
};

/** The registers a run needs: its command's, or every one (help, version, a typo). */
async function registersFor(argv: readonly string[]): Promise<Register[]> {
  const name = argv.find((arg) => !arg.startsWith('-'));
  const load = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load) return [...(await load())];
  const all = await Promise.all(Object.values(COMMANDS).map((loader) => loader()));
  return [...new Set(all.flat())];
}

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTty: boolean;
  /** Whether stderr is a terminal (progress lines for long work). */
  readonly stderrIsTty?: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly readStdin?: () => Promise<string>;
  /** Standard input as a stream, for input read as it arrives (`audit -`) rather than whole. */
  readonly openStdin?: () => Readable;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stdout.isTTY,
  stderrIsTty: process.stderr.isTTY,
  env: process.env,
  cwd: process.cwd(),
  openStdin: () => process.stdin,
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
  for (const register of await registersFor(argv)) register(program, io, setExit);
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
