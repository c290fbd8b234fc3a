/**
 * `gatewatch drift --baseline DIR|git:REF[:PATH]|- [PATH…|--cluster] [--db …] [-o text|json|markdown]`:
 * the live (or given) objects against the approved manifests (docs/drift.md). Exit 1 on drift, 0 on
 * none, 2 on a usage error or a side that could not be read at all, 3 when some of it could not be
 * compared.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { attribute, unattributed } from '../drift/attribution.ts';
import { compareObjects, type UnmanagedScope } from '../drift/compare.ts';
import {
  DRIFT_FORMATS,
  formatDriftJson,
  formatDriftMarkdown,
  formatDriftText,
  type DriftFormat,
  type DriftReport,
} from '../drift/report.ts';
import { isPostgresUrl, openLedger } from '../ledger/store/open.ts';
import { DEFAULT_LEDGER_PATH } from '../ledger/store/sqlite.ts';
import type { LedgerStore } from '../ledger/store/store.ts';
import type { Resource } from '../model/resource.ts';
import { readInputs, STDIN, type FileInput } from '../sources/files/read.ts';
import { GitSourceError, parseGitSource, readGitSource } from '../sources/git/read.ts';
import { isReadFailure, type InputProblem } from '../sources/problem.ts';
import { oneLine } from '../report/sanitize.ts';
import { TOOL_VERSION } from '../version.ts';
import { CONFIG_FILE_NAME, loadConfig, UsageError } from './config-file.ts';
import {
  addClusterOptions,
  addColorOption,
  addFilenameOption,
  addOutputOptions,
  checkInputFlags,
  colorFlag,
  emit,
  loadInput,
  type InputFlags,
} from './input-options.ts';
import { EXIT, type Io } from './main.ts';
import { useColor } from './options.ts';

interface DriftFlags extends InputFlags {
  baseline: string;
  db?: string;
  config?: string;
  output: DriftFormat;
  allUnmanaged?: boolean;
}

export function registerDrift(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program
    .command('drift')
    .description('live (or given) objects against the approved manifests: missing, unmanaged, changed')
    .argument('[paths...]', 'the objects to check, as files or directories (- reads stdin); or --cluster')
    .requiredOption(
      '--baseline <source>',
      'the approved manifests: a directory or file, git:REF[:PATH] (read from git history), or - (stdin)',
    );
  addFilenameOption(command);
  addClusterOptions(command);
  command
    .option(
      '--db <file|url>',
      `the change ledger, for who made each change (default: ${DEFAULT_LEDGER_PATH} if it exists)`,
    )
    .option(
      '--config <file>',
      `config file with drift.ignore rules (default: ${CONFIG_FILE_NAME} found upward)`,
    )
    .option('--all-unmanaged', 'report live objects of every kind and namespace that no baseline holds');
  addOutputOptions(command, DRIFT_FORMATS);
  addColorOption(command);
  command.action(async (positional: string[], flags: DriftFlags, self: Command) => {
    setExit(
      await runDrift([...positional, ...flags.filename], { ...flags, color: colorFlag(flags, self) }, io),
    );
  });
}

type Side = FileInput & { readonly source: string };

async function readBaseline(flags: DriftFlags, io: Io): Promise<Side> {
  const source = flags.baseline;
  const defaultNamespace = flags.namespace !== undefined ? { defaultNamespace: flags.namespace } : {};
  try {
    const git = parseGitSource(source);
    if (git) return { source, ...(await readGitSource(git, { cwd: io.cwd, ...defaultNamespace })) };
  } catch (error) {
    if (error instanceof GitSourceError) throw new UsageError(`--baseline: ${error.message}`);
    throw error;
  }
  if (source !== STDIN && !existsSync(resolve(io.cwd, source)))
    throw new UsageError(`--baseline: ${source}: no such file or directory`);
  const input = await readInputs([source === STDIN ? STDIN : resolve(io.cwd, source)], {
    cwd: io.cwd,
    ...defaultNamespace,
    ...(io.readStdin ? { readStdin: io.readStdin } : {}),
  });
  return { source, ...input };
}

async function openLedgerFor(flags: DriftFlags, io: Io): Promise<LedgerStore | undefined> {
  const db = flags.db ?? (existsSync(resolve(io.cwd, DEFAULT_LEDGER_PATH)) ? DEFAULT_LEDGER_PATH : undefined);
  if (db === undefined) return undefined;
  if (isPostgresUrl(db)) return openLedger(db);
  const file = resolve(io.cwd, db);
  if (!existsSync(file)) throw new UsageError(`--db: ${db}: no such ledger (gatewatch audit writes one)`);
  return openLedger(file);
}

function printProblems(io: Io, side: string, problems: readonly InputProblem[]): void {
  for (const problem of problems)
    io.stderr(
      `gatewatch: ${side}: ${oneLine(problem.file)}:${String(problem.line)}: ${oneLine(problem.message)}\n`,
    );
}

async function runDrift(paths: string[], flags: DriftFlags, io: Io): Promise<number> {
  checkInputFlags(
    paths,
    flags,
    'drift compares live objects with the baseline: name them (paths, or - for stdin) or use --cluster',
  );
  if (flags.baseline === STDIN && paths.includes(STDIN))
    throw new UsageError('stdin can hold the baseline or the live objects, not both');
  const { config } = loadConfig(
    flags.config === undefined ? undefined : resolve(io.cwd, flags.config),
    io.cwd,
  );

  const baseline = await readBaseline(flags, io);
  if (!baseline.anythingRead || baseline.resources.length === 0) {
    printProblems(io, 'baseline', baseline.problems);
    io.stderr(`gatewatch: --baseline ${oneLine(flags.baseline)}: no manifests could be read\n`);
    return EXIT.usage;
  }
  const live = await loadInput(paths, flags, io, { quiet: flags.output !== 'text' });
  if (!live) return EXIT.usage;
  if (live.nothingRead) {
    printProblems(io, 'live', live.problems);
    io.stderr('gatewatch: no live objects could be read\n');
    return EXIT.usage;
  }
  // `-n` with --cluster reads one namespace: the baseline is compared in that namespace only.
  const inNamespace = (r: Resource): boolean =>
    !flags.cluster || flags.namespace === undefined || r.namespace === '' || r.namespace === flags.namespace;
  const approved = baseline.resources.filter(inNamespace);

  const comparison = compareObjects({
    baseline: approved,
    live: live.resources,
    ignore: config.drift?.ignore ?? [],
    unreadableKinds: live.unreadableKinds,
    liveIsCluster: Boolean(flags.cluster),
    unmanagedScope: (flags.allUnmanaged ? 'all' : 'baseline') satisfies UnmanagedScope,
  });
  const ledger = await openLedgerFor(flags, io);
  let drift;
  try {
    drift = ledger ? await attribute(ledger, comparison.objects) : unattributed(comparison.objects);
  } finally {
    await ledger?.close();
  }
  const report: DriftReport = {
    tool: { name: 'gatewatch', version: TOOL_VERSION },
    baseline: { source: flags.baseline, objects: approved.length },
    live: {
      source: flags.cluster ? 'cluster' : 'files',
      target: flags.cluster ? (flags.context ?? 'current context') : paths.join(' '),
      objects: live.resources.length,
    },
    ledger: ledger !== undefined,
    comparison,
    drift,
    problems: [
      ...baseline.problems.map((p) => ({ ...p, side: 'baseline' as const })),
      ...live.problems.map((p) => ({ ...p, side: 'live' as const })),
    ],
  };
  const color = flags.output === 'text' && useColor(io, flags.color, flags.outputFile !== undefined);
  const text =
    flags.output === 'json'
      ? formatDriftJson(report)
      : flags.output === 'markdown'
        ? formatDriftMarkdown(report)
        : formatDriftText(report, { color });
  emit(io, flags.outputFile, text);

  if (comparison.objects.length > 0) return EXIT.findings;
  const partial = live.partial || baseline.problems.some(isReadFailure) || comparison.notCompared.length > 0;
  return partial ? EXIT.partial : EXIT.ok;
}
