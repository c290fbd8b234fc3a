/** `gatewatch scan [PATH…|-]`: flags → pipeline → formatted output and exit code. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { baselineOf, type BaselineFile } from '../engine/suppressions.ts';
import { severityRank } from '../engine/finding.ts';
import { scanLoaded } from '../pipeline/scan.ts';
import { SCAN_FORMATS, isScanFormat } from '../report/formats/index.ts';
import { UsageError } from './config-file.ts';
import {
  addClusterOptions,
  addColorOption,
  addFilenameOption,
  addOutputOptions,
  addReadingOptions,
  checkInputFlags,
  colorFlag,
  describeError,
  emit,
  loadInput,
  writeOutput,
  type InputFlags,
} from './input-options.ts';
import { EXIT, type Io } from './main.ts';
import { addRuleOptions, readRuleConfig, type RuleFlags } from './rule-options.ts';
import { useColor, parseNow } from './options.ts';

interface ScanFlags extends InputFlags, RuleFlags {
  output: string;
  baseline?: string;
  writeBaseline?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export function registerScan(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program
    .command('scan')
    .description('review manifests: files, directories (recursive), - for stdin')
    .argument('[paths...]', 'files or directories; - reads stdin');
  addFilenameOption(command);
  addOutputOptions(command, Object.keys(SCAN_FORMATS));
  addRuleOptions(command)
    .option('--baseline <file>', 'fail only on findings not in this baseline file')
    .option('--write-baseline <file>', 'write the current findings as a baseline file');
  addReadingOptions(command, 'the time used for certificate checks');
  addClusterOptions(command, 'review the live cluster of the kubeconfig context (all namespaces unless -n)');
  command
    .option('-q, --quiet', 'print only errors')
    .option('--verbose', 'also print suppressed findings and skipped kinds');
  addColorOption(command).action(async (positional: string[], flags: ScanFlags, self: Command) => {
    setExit(
      await runScan([...positional, ...flags.filename], { ...flags, color: colorFlag(flags, self) }, io),
    );
  });
}

async function runScan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  checkInputFlags(
    paths,
    flags,
    'scan needs a path, a directory or - for stdin (try `gatewatch scan .`), or --cluster',
  );
  const format = flags.output;
  if (!isScanFormat(format)) throw new UsageError(`unknown output format "${format}"`);
  // Every path the user names is relative to the caller's working directory (io.cwd), not the process's.
  const fromCwd = (path: string): string => resolve(io.cwd, path);
  const { config, configObject } = readRuleConfig(flags, io);
  const baseline = flags.baseline ? readBaseline(fromCwd(flags.baseline), flags.baseline) : undefined;
  const common = {
    config,
    now: parseNow(flags.now),
    ...(baseline ? { baseline } : {}),
    ...(configObject ? { configObject } : {}),
  };
  const input = await loadInput(paths, flags, io, {
    fallbackController: config.controller,
    quiet: Boolean(flags.quiet),
  });
  if (input === undefined) return EXIT.usage;
  const outcome = scanLoaded(input, common);
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
  emit(io, flags.outputFile, output);
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
