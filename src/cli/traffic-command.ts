/**
 * `gatewatch traffic FILE…|- [--log-format F] [-f MANIFESTS…|--cluster] [--follow] [-o text|json]`
 * (spec/traffic.md): access logs read as a stream, joined to the route table of the manifests or the
 * live cluster, counted and checked by every traffic detection.
 *
 * Positional arguments are the access logs (files, directories, `.gz`, `-` for stdin); `-f` names the
 * manifests. Without manifests or --cluster the statistics and most detections still run; those that
 * need the configuration are listed as not checked.
 *
 * `--follow` tails the last log and prints each alert when it is first raised, then the full report
 * when interrupted (Ctrl-C).
 *
 * Exit codes (spec/cli.md): 0 done and no alert at or above --fail-on (default error); 1 alerts at or
 * above it; 2 usage error or no log readable; 3 done, but some input could not be read.
 */
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import { severityRank } from '../engine/finding.ts';
import type { Severity } from '../engine/rule.ts';
import { oneLine } from '../report/sanitize.ts';
import { escapeJsonInvisibles } from '../report/sanitize.ts';
import { routeTableOf, type RouteTable } from '../routing/index.ts';
import { analyzeAccessLogs } from '../pipeline/traffic.ts';
import {
  LOG_FORMATS,
  LogFormatError,
  type LogFormat,
  type ReadAccessOptions,
} from '../sources/access/index.ts';
import type { TrafficAlert } from '../traffic/detection.ts';
import { TRAFFIC_DETECTION_IDS } from '../traffic/detections/index.ts';
import type { TrafficResult } from '../traffic/result.ts';
import { resolveTrafficSettings, TrafficConfigError, type TrafficSettings } from '../traffic/settings.ts';
import { formatAlertLine, formatTrafficText } from '../traffic/text.ts';
import { TOOL_VERSION } from '../version.ts';
import { CONFIG_FILE_NAME, loadConfig, UsageError } from './config-file.ts';
import { tuneHeap } from './heap-tuning.ts';
import {
  addClusterOptions,
  addReadingOptions,
  describeError,
  emit,
  loadInput,
  type InputFlags,
} from './input-options.ts';
import { EXIT, type Io } from './main.ts';
import { collect } from './options.ts';

const FORMATS = ['text', 'json'] as const;
const TOOL = { name: 'gatewatch', version: TOOL_VERSION } as const;
/** How often `--follow` looks for new alerts, at most. */
const FOLLOW_REPORT_MS = 1000;

export interface TrafficFlags extends InputFlags {
  output: (typeof FORMATS)[number];
  logFormat?: string;
  follow?: boolean;
  config?: string;
  failOn?: Severity | 'none';
}

export function registerTraffic(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program
    .command('traffic')
    .description('access logs joined to the route table: statistics, attacks, errors, unused routes')
    .argument('[logs...]', 'access logs (files, directories, .gz); - reads stdin')
    .option(
      '-f, --filename <path>',
      'manifests (file or directory, repeatable) whose route table the requests are joined to',
      collect,
      [],
    )
    .option(
      '--log-format <format>',
      `one of ${LOG_FORMATS.join(', ')}, or an nginx log_format string (default: detected per file)`,
    )
    .option('--follow', 'keep reading the last log as it grows; print alerts as they are raised')
    .addOption(new Option('-o, --output <format>', 'output format').choices(FORMATS).default('text'))
    .option('--output-file <file>', 'write the output to a file')
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} found upward)`)
    .addOption(
      new Option('--fail-on <severity>', 'lowest alert severity that fails the run (default: error)').choices(
        ['error', 'warning', 'info', 'none'],
      ),
    );
  addReadingOptions(command, 'unused (accepted for symmetry with the other commands)');
  addClusterOptions(command, 'join to the route table of the live cluster (kubeconfig context)');
  command.action(async (logs: string[], flags: TrafficFlags) => {
    setExit(await runTraffic(logs, flags, io));
  });
}

/** `--log-format`: a format name, or an nginx `log_format` string (it has `$variables`). */
export function readOptionsOf(value: string | undefined): Pick<ReadAccessOptions, 'format' | 'logFormat'> {
  if (value === undefined) return {};
  if ((LOG_FORMATS as readonly string[]).includes(value)) return { format: value as LogFormat };
  if (value.includes('$')) return { logFormat: value };
  throw new UsageError(
    `--log-format: "${oneLine(value)}" is neither a format (${LOG_FORMATS.join(', ')}) nor an nginx log_format string`,
  );
}

export function settingsOf(flags: { config?: string | undefined }, io: Io): TrafficSettings {
  const loaded = loadConfig(flags.config === undefined ? undefined : resolve(io.cwd, flags.config), io.cwd);
  try {
    return resolveTrafficSettings(loaded.config.traffic, TRAFFIC_DETECTION_IDS);
  } catch (error) {
    if (error instanceof TrafficConfigError)
      throw new UsageError(`${loaded.file ?? 'config'}: ${error.message}`);
    throw error;
  }
}

/** The route table of the manifests or the cluster; undefined without either (and on failure, said on stderr). */
async function tableOf(
  flags: TrafficFlags,
  io: Io,
): Promise<{ table: RouteTable | undefined; source: 'files' | 'cluster' | 'none'; ok: boolean }> {
  if (!flags.cluster && flags.filename.length === 0) return { table: undefined, source: 'none', ok: true };
  if (flags.cluster && flags.filename.length > 0)
    throw new UsageError('--cluster reads the route table from the cluster: name no manifests (-f) with it');
  const loaded = await loadInput(flags.filename, flags, io, {
    fallbackController: flags.controller,
    quiet: true,
  });
  if (loaded === undefined) return { table: undefined, source: 'none', ok: false };
  for (const problem of loaded.problems) {
    if (problem.id === 'input-unknown-kind') continue;
    io.stderr(`gatewatch: ${oneLine(problem.file)}:${String(problem.line)}: ${oneLine(problem.message)}\n`);
  }
  if (loaded.nothingRead) {
    io.stderr('gatewatch: no manifests could be read: the requests are not joined to routes\n');
    return { table: undefined, source: 'none', ok: false };
  }
  return {
    table: routeTableOf(loaded.model),
    source: flags.cluster ? 'cluster' : 'files',
    ok: !loaded.partial,
  };
}

export async function runTraffic(
  logs: readonly string[],
  flags: TrafficFlags,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  if (logs.length === 0)
    throw new UsageError(
      'traffic needs an access log, a directory of logs or - for stdin (try `gatewatch traffic access.log -f manifests/`)',
    );
  if (flags.follow && logs.at(-1) === '-') throw new UsageError('--follow tails a file, not stdin');
  const readFormat = readOptionsOf(flags.logFormat);
  const settings = settingsOf(flags, io);
  const { table, source, ok: tableOk } = await tableOf(flags, io);
  const stdin = logs.includes('-') && io.readStdin ? Readable.from([await io.readStdin()]) : undefined;
  const abort = new AbortController();
  const stop = (): void => {
    abort.abort();
  };
  signal?.addEventListener('abort', stop);
  if (flags.follow && !signal) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  const reported = new Set<string>();
  let lastReport = 0;
  let analyzed;
  tuneHeap({ keepYoungGeneration: true });
  try {
    analyzed = await analyzeAccessLogs({
      files: logs.map((log) => ({ path: log === '-' ? log : resolve(io.cwd, log), shown: log })),
      table,
      tableSource: source,
      settings,
      tool: TOOL,
      read: {
        ...readFormat,
        follow: flags.follow === true,
        signal: abort.signal,
        ...(stdin ? { stdin } : {}),
      },
      onBatch: (analyzer) => {
        if (!flags.follow || Date.now() - lastReport < FOLLOW_REPORT_MS) return;
        lastReport = Date.now();
        reportNew(analyzer.alerts(false), reported, io);
      },
    });
  } finally {
    signal?.removeEventListener('abort', stop);
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  const { result, failure } = analyzed;
  if (failure instanceof LogFormatError) throw new UsageError(`--log-format: ${failure.message}`);
  if (failure !== undefined)
    io.stderr(`gatewatch: cannot read the access log: ${oneLine(describeError(failure))}\n`);
  if (failure !== undefined && !analyzed.anythingRead) return EXIT.usage;
  const alerts = result.alerts;
  if (flags.follow) reportNew(alerts, reported, io);
  emit(io, flags.outputFile, flags.output === 'json' ? formatTrafficJson(result) : formatTrafficText(result));
  const failOn = flags.failOn ?? 'error';
  if (failOn !== 'none' && alerts.some((alert) => severityRank(alert.severity) <= severityRank(failOn)))
    return EXIT.findings;
  return failure !== undefined || !tableOk ? EXIT.partial : EXIT.ok;
}

function reportNew(alerts: readonly TrafficAlert[], reported: Set<string>, io: Io): void {
  for (const alert of alerts) {
    if (reported.has(alert.key)) continue;
    reported.add(alert.key);
    io.stderr(formatAlertLine(alert));
  }
}

export function formatTrafficJson(result: TrafficResult): string {
  return `${escapeJsonInvisibles(JSON.stringify(result, null, 2))}\n`;
}
