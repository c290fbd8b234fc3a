/**
 * `gatewatch report [PATH…|--cluster] -o html [--output-file FILE]`: the whole review on one
 * self-contained HTML page — summary, route map, TLS certificates, threat surface and findings — from
 * the same model and engine as `scan`, `routes` and `exposure`.
 *
 * Exit codes as every command (spec/cli.md): 0 written and nothing at or above --fail-on (default error);
 * 1 written, with findings at or above it; 2 usage error or nothing readable; 3 written, but some input or
 * kind could not be read (the page says which). `--fail-on none` makes the report never fail a pipeline.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../engine/config.ts';
import { severityRank } from '../engine/finding.ts';
import { scanLoaded } from '../pipeline/scan.ts';
import { buildReportData, DEFAULT_EXPIRING_DAYS, renderHtmlReport } from '../report/html/index.ts';
import { analyzeAccessLogs } from '../pipeline/traffic.ts';
import { oneLine } from '../report/sanitize.ts';
import { routeTableOf, type RouteTable } from '../routing/index.ts';
import type { TrafficResult } from '../traffic/result.ts';
import { TOOL_VERSION } from '../version.ts';
import { readOptionsOf, settingsOf } from './traffic-command.ts';
import { UsageError } from './config-file.ts';
import {
  addClusterOptions,
  addFilenameOption,
  addOutputOptions,
  addReadingOptions,
  checkInputFlags,
  describeError,
  emit,
  loadInput,
  type InputFlags,
} from './input-options.ts';
import { EXIT, type Io } from './main.ts';
import { addRuleOptions, readRuleConfig, type RuleFlags } from './rule-options.ts';
import { parseNow } from './options.ts';

const REPORT_FORMATS = ['html'] as const;

interface ReportFlags extends InputFlags, RuleFlags {
  output: string;
  accessLog: string[];
  logFormat?: string;
}

export function registerReport(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program
    .command('report')
    .description('one self-contained HTML page: route map, TLS certificates, threat surface, findings')
    .argument('[paths...]', 'files or directories; - reads stdin');
  addFilenameOption(command);
  addOutputOptions(command, REPORT_FORMATS);
  addRuleOptions(command);
  command
    .option(
      '--access-log <file>',
      'add a traffic section: an access log (file, directory, .gz) joined to the same routes (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--log-format <format>', 'with --access-log: the log format or an nginx log_format string');
  addReadingOptions(command, 'the time certificate checks and days to expiry are measured from');
  addClusterOptions(command);
  command.action(async (positional: string[], flags: ReportFlags) => {
    setExit(await runReport([...positional, ...flags.filename], flags, io));
  });
}

async function runReport(paths: string[], flags: ReportFlags, io: Io): Promise<number> {
  checkInputFlags(
    paths,
    flags,
    'report needs a path, a directory or - for stdin (try `gatewatch report examples/ -o html`), or --cluster',
  );
  // Only HTML for now; commander's choices already refuse others, this keeps the message if that changes.
  if (flags.output !== 'html') throw new UsageError(`report: unknown output format "${flags.output}" (html)`);
  const now = parseNow(flags.now);
  const { config, configObject } = readRuleConfig(flags, io);
  const input = await loadInput(paths, flags, io, { fallbackController: config.controller });
  if (input === undefined) return EXIT.usage;
  if (input.nothingRead) {
    io.stderr('gatewatch: nothing could be read from the given inputs\n');
    return EXIT.usage;
  }
  const outcome = scanLoaded(input, { config, now, ...(configObject ? { configObject } : {}) });
  const data = buildReportData({
    report: outcome.report,
    model: input.model,
    now,
    source: sourceLabel(paths, flags),
    expiringDays: expiringDays(config),
  });
  const traffic = await reportTraffic(flags, io, routeTableOf(input.model));
  emit(io, flags.outputFile, renderHtmlReport(traffic ? { ...data, traffic: traffic.result } : data));
  const failOn = config.failOn;
  if (
    failOn !== 'none' &&
    outcome.report.findings.some((f) => severityRank(f.severity) <= severityRank(failOn))
  )
    return EXIT.findings;
  return outcome.partial || traffic?.failure !== undefined ? EXIT.partial : EXIT.ok;
}

/** `--access-log`: the traffic analysis for the page's traffic section, joined to the model's routes. */
async function reportTraffic(
  flags: ReportFlags,
  io: Io,
  table: RouteTable,
): Promise<{ result: TrafficResult; failure: unknown } | undefined> {
  if (flags.accessLog.length === 0) return undefined;
  const analyzed = await analyzeAccessLogs({
    files: flags.accessLog.map((log) => ({ path: resolve(io.cwd, log), shown: log })),
    table,
    tableSource: flags.cluster ? 'cluster' : 'files',
    settings: settingsOf(flags, io),
    tool: { name: 'gatewatch', version: TOOL_VERSION },
    read: readOptionsOf(flags.logFormat),
  });
  if (analyzed.failure !== undefined)
    io.stderr(`gatewatch: cannot read the access log: ${oneLine(describeError(analyzed.failure))}\n`);
  return analyzed;
}

/** ingress-tls-cert-expiring's window (its `days` option), so the page and the findings agree. */
function expiringDays(config: ResolvedConfig): number {
  const resolved = config.rules.find((r) => r.rule.id === 'ingress-tls-cert-expiring');
  const days = (resolved?.options as { days?: unknown } | undefined)?.days;
  return typeof days === 'number' ? days : DEFAULT_EXPIRING_DAYS;
}

/** What the page says it reviewed: the paths as given, or the cluster with its context and namespace. */
function sourceLabel(paths: readonly string[], flags: ReportFlags): string {
  if (!flags.cluster) return paths.map((path) => (path === '-' ? 'stdin' : path)).join(', ');
  const parts = ['cluster'];
  if (flags.context !== undefined) parts.push(`context ${flags.context}`);
  parts.push(flags.namespace !== undefined ? `namespace ${flags.namespace}` : 'all namespaces');
  return `${parts[0] ?? ''} (${parts.slice(1).join(', ')})`;
}
