/** `gatewatch scan [PATH…|-]`: flags → pipeline → formatted output and exit code. */
import { writeFileSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { resolveConfig, type FailOn } from '../engine/config.ts';
import { baselineOf, type BaselineFile } from '../engine/suppressions.ts';
import { severityRank } from '../engine/finding.ts';
import { CONTROLLER_TYPES, type ControllerType } from '../model/controllers.ts';
import { scanPaths } from '../pipeline/scan.ts';
import { RULES } from '../rules/index.ts';
import { SCAN_FORMATS, isScanFormat } from '../report/formats/index.ts';
import { loadConfig, UsageError, CONFIG_FILE_NAME } from './config-file.ts';
import { EXIT, type Io } from './main.ts';
import { useColor, parseNow, collect } from './options.ts';

interface ScanFlags {
  filename: string[];
  output: string;
  outputFile?: string;
  config?: string;
  failOn?: FailOn;
  enable: string[];
  disable: string[];
  preset?: 'recommended' | 'strict';
  baseline?: string;
  writeBaseline?: string;
  now?: string;
  controller?: ControllerType;
  namespace?: string;
  quiet?: boolean;
  verbose?: boolean;
  color: boolean;
}

export function registerScan(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('review manifests: files, directories (recursive), - for stdin')
    .argument('[paths...]', 'files or directories; - reads stdin')
    .option(
      '-f, --filename <path>',
      'a file or directory (repeatable; same as a positional path)',
      collect,
      [],
    )
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(Object.keys(SCAN_FORMATS)).default('text'),
    )
    .option('--output-file <file>', 'write the output to a file')
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} found upward)`)
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that fails the run (default: error)').choices([
        'error',
        'warning',
        'info',
        'none',
      ]),
    )
    // Comma-separated and repeatable, not variadic: a variadic flag swallows the paths that follow it.
    .option('--enable <ids>', 'enable rules by id (comma-separated, repeatable)', collectIds, [])
    .option('--disable <ids>', 'disable rules by id (comma-separated, repeatable)', collectIds, [])
    .addOption(
      new Option('--preset <preset>', 'rule preset (default: recommended)').choices([
        'recommended',
        'strict',
      ]),
    )
    .option('--baseline <file>', 'fail only on findings not in this baseline file')
    .option('--write-baseline <file>', 'write the current findings as a baseline file')
    .option('--now <iso8601>', 'the time used for certificate checks')
    .addOption(
      new Option('--controller <type>', 'controller assumed when an Ingress does not say').choices(
        CONTROLLER_TYPES,
      ),
    )
    .option('-n, --namespace <ns>', 'namespace for objects that name none (default: default)')
    .option('-q, --quiet', 'print only errors')
    .option('--verbose', 'also print suppressed findings and skipped kinds')
    .option('--no-color', 'no colour even on a terminal')
    .action(async (positional: string[], flags: ScanFlags, command: Command) => {
      // `gatewatch --no-color scan …` sets the program's flag, not this command's.
      const color = flags.color && command.parent?.opts<{ color?: boolean }>().color !== false;
      setExit(await runScan([...positional, ...flags.filename], { ...flags, color }, io));
    });
}

async function runScan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  if (paths.length === 0)
    throw new UsageError(
      'scan needs a path, a directory or - for stdin (try `gatewatch scan .`); `--cluster` comes with a later release',
    );
  const format = flags.output;
  if (!isScanFormat(format)) throw new UsageError(`unknown output format "${format}"`);
  // Every path the user names is relative to the caller's working directory (io.cwd), not the process's.
  const fromCwd = (path: string): string => resolve(io.cwd, path);
  const loaded = loadConfig(flags.config === undefined ? undefined : fromCwd(flags.config), io.cwd);
  const config = resolveConfig(
    RULES,
    loaded.config,
    {
      ...(flags.preset ? { preset: flags.preset } : {}),
      enable: flags.enable,
      disable: flags.disable,
      ...(flags.failOn ? { failOn: flags.failOn } : {}),
      ...(flags.controller ? { controller: flags.controller } : {}),
    },
    loaded.file,
  );
  const baseline = flags.baseline ? readBaseline(fromCwd(flags.baseline), flags.baseline) : undefined;
  const outcome = await scanPaths(
    paths.map((path) => (path === '-' ? path : fromCwd(path))),
    {
      config,
      now: parseNow(flags.now),
      cwd: io.cwd,
      ...(flags.namespace ? { defaultNamespace: flags.namespace } : {}),
      ...(io.readStdin ? { readStdin: io.readStdin } : {}),
      ...(baseline ? { baseline } : {}),
      ...(loaded.file
        ? {
            configObject: {
              ref: { apiVersion: 'gatewatch.dev/v1', kind: 'Config', namespace: '', name: loaded.file },
              location: { file: displayPath(loaded.file, io.cwd), line: loaded.lineOf('exemptions') ?? 1 },
            },
          }
        : {}),
    },
  );
  let { report } = outcome;
  if (flags.quiet) report = { ...report, findings: report.findings.filter((f) => f.severity === 'error') };
  if (flags.writeBaseline) {
    const kept = [
      ...outcome.report.findings,
      ...outcome.report.suppressed.filter((f) => f.suppressed?.kind === 'baseline'),
    ];
    writeOutput(
      fromCwd(flags.writeBaseline),
      flags.writeBaseline,
      `${JSON.stringify(baselineOf(kept), null, 2)}\n`,
    );
  }
  const output = SCAN_FORMATS[format](report, {
    color: format === 'text' && useColor(io, flags.color, Boolean(flags.outputFile)),
    verbose: Boolean(flags.verbose),
    failOn: config.failOn,
  });
  if (flags.outputFile) writeOutput(fromCwd(flags.outputFile), flags.outputFile, output);
  else io.stdout(output);
  if (outcome.nothingRead) {
    io.stderr('gatewatch: nothing could be read from the given inputs\n');
    return EXIT.usage;
  }
  const failOn = config.failOn;
  const failing =
    failOn !== 'none' &&
    outcome.report.findings.some((f) => severityRank(f.severity) <= severityRank(failOn));
  if (failing && !flags.writeBaseline) return EXIT.findings;
  if (outcome.partial) return EXIT.partial;
  return EXIT.ok;
}

function readBaseline(file: string, shown: string): BaselineFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BaselineFile>;
    if (parsed.schemaVersion !== 1 || !Array.isArray(parsed.findings))
      throw new Error('not a gatewatch baseline (schemaVersion 1)');
    return parsed as BaselineFile;
  } catch (error) {
    throw new UsageError(`${shown}: cannot read baseline: ${describeError(error)}`);
  }
}

function writeOutput(file: string, shown: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`${shown}: cannot write: ${describeError(error)}`);
  }
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** `--enable a,b --enable c` → [a, b, c]. */
function collectIds(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  ];
}

/** Paths in output are relative to the working directory, like the inputs' (portable across machines). */
function displayPath(file: string, cwd: string): string {
  const shown = relative(cwd, file);
  return shown === '' || isAbsolute(shown) ? file : shown;
}
