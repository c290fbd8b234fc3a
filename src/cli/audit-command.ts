/**
 * `gatewatch audit FILE…|- [--db …] [-o text|json]`: audit logs → the ledger (ingest) → detections
 * → alerts, printed as the JSON contract of spec/accountability.md or as text grouped by severity,
 * and sent to the `--alert-sink`s as they are raised.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { Command, Option } from 'commander';
import type { ConfigFile, FailOn } from '../engine/config.ts';
import { severityRank } from '../engine/finding.ts';
import type { Alert } from '../ledger/alerts/alert.ts';
import { auditJson, auditResult, auditText } from '../ledger/alerts/audit-report.ts';
import { oneLine } from '../ledger/alerts/escape.ts';
import type { AlertSink, SinkProblem } from '../ledger/alerts/sink.ts';
import { createSink, SinkSpecError } from '../ledger/alerts/sinks.ts';
import { DETECTIONS } from '../ledger/detections/index.ts';
import { DetectionRunner } from '../ledger/detections/runner.ts';
import { resolveAccountability } from '../ledger/detections/settings.ts';
import { ingest, type IngestProgress } from '../ledger/ingest.ts';
import { DEFAULT_LEDGER_PATH, isPostgresUrl, openLedger } from '../ledger/store/open.ts';
import { CONFIG_FILE_NAME, findConfigFile, UsageError } from './config-location.ts';
import { EXIT, type Io } from './main.ts';
import { collect } from './options.ts';

interface AuditFlags {
  filename: string[];
  db: string;
  output: 'text' | 'json';
  outputFile?: string;
  config?: string;
  failOn?: FailOn;
  disable: string[];
  alertSink: string[];
  resume: boolean;
}

function collectIds(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  ];
}

export function registerAudit(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('audit')
    .description('read API-server audit logs into the ledger and print the detections they raise')
    .argument(
      '[files...]',
      'audit logs (JSON lines, EventList, .gz, directories of rotated logs); - reads stdin',
    )
    .option('-f, --filename <path>', 'an audit log (repeatable; same as a positional file)', collect, [])
    .option('--db <file|url>', `the ledger: a SQLite file or postgres://… (default: ${DEFAULT_LEDGER_PATH})`)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--output-file <file>', 'write the output to a file')
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} found upward)`)
    .addOption(
      new Option('--fail-on <severity>', 'lowest alert severity that fails the run (default: error)').choices(
        ['error', 'warning', 'info', 'none'],
      ),
    )
    .option('--disable <ids>', 'detections not to run (comma-separated, repeatable)', collectIds, [])
    .option(
      '--alert-sink <sink>',
      'also send each alert to stdout, file:PATH, webhook:URL or slack:URL (repeatable)',
      collect,
      [],
    )
    .option('--no-resume', 'read every input from its start, even files the ledger has read already')
    .action(async (positional: string[], flags: AuditFlags) => {
      setExit(await runAudit([...positional, ...flags.filename], flags, io));
    });
}

function progressReporter(io: Io): ((progress: IngestProgress) => void) | undefined {
  if (io.stderrIsTty !== true) return undefined;
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (now - last < 500) return;
    last = now;
    const share =
      progress.totalBytes !== null && progress.totalBytes > 0
        ? ` ${String(Math.floor((100 * progress.bytesRead) / progress.totalBytes))}%`
        : '';
    io.stderr(
      `\r${oneLine(progress.file, 80)}${share} · ${String(progress.events)} events · ${String(progress.changes)} changes`,
    );
  };
}

/**
 * `.gatewatch.yaml` when there is one. Its loader (YAML, schema, CEL) is imported only then: start-up
 * time counts in every run, and most audit runs have no config file.
 */
async function loadAuditConfig(flags: AuditFlags, io: Io): Promise<{ config: ConfigFile }> {
  const file = flags.config === undefined ? findConfigFile(io.cwd) : resolve(io.cwd, flags.config);
  if (file === undefined) return { config: {} };
  const { loadConfig } = await import('./config-file.ts');
  return loadConfig(file, io.cwd);
}

/** `-`: streamed into the ingest as it arrives, so memory stays bounded whatever its size. */
async function stdinOf(io: Io): Promise<Readable> {
  if (io.openStdin) return io.openStdin();
  // An Io that can only hand stdin over whole.
  return Readable.from(io.readStdin ? [await io.readStdin()] : []);
}

async function runAudit(paths: string[], flags: AuditFlags, io: Io): Promise<number> {
  if (paths.length === 0) throw new UsageError('audit needs audit log files (or - for stdin)');
  const unknown = flags.disable.filter((id) => !DETECTIONS.some((d) => d.id === id));
  if (unknown.length > 0)
    throw new UsageError(`unknown detection id: ${unknown.join(', ')} (see docs/detections/)`);
  if (flags.output === 'json' && flags.outputFile === undefined && flags.alertSink.includes('stdout'))
    throw new UsageError(
      '--alert-sink stdout would mix JSON lines into -o json on stdout; use --output-file',
    );

  const { config } = await loadAuditConfig(flags, io);
  const settings = resolveAccountability(config.accountability);
  const inputs = paths.map((path) => (path === '-' ? path : resolve(io.cwd, path)));
  const missing = inputs.filter((path) => path !== '-' && !existsSync(path));
  for (const path of missing) io.stderr(`gatewatch: ${oneLine(path, 200)}: no such file or directory\n`);
  const readable = inputs.filter((path) => !missing.includes(path));
  if (readable.length === 0) return EXIT.usage;

  const sinkProblems: SinkProblem[] = [];
  const onProblem = (problem: SinkProblem): void => {
    sinkProblems.push(problem);
    io.stderr(`gatewatch: alert not delivered to ${problem.sink}: ${oneLine(problem.message, 200)}\n`);
  };
  let sinks: AlertSink[];
  try {
    sinks = flags.alertSink.map((spec) => createSink(spec, io, onProblem));
  } catch (error) {
    if (error instanceof SinkSpecError) throw new UsageError(error.message);
    throw error;
  }

  const alerts: Alert[] = [];
  const runner = new DetectionRunner({
    settings,
    detections: DETECTIONS.filter((d) => !flags.disable.includes(d.id)),
    onAlert: (alert) => {
      alerts.push(alert);
      for (const sink of sinks) void sink.send(alert);
    },
    onError: (detection, error) => {
      io.stderr(
        `gatewatch: detection ${detection.id} failed: ${oneLine(error instanceof Error ? error.message : String(error), 200)}\n`,
      );
    },
  });

  const db = flags.db || DEFAULT_LEDGER_PATH;
  const store = await openLedger(isPostgresUrl(db) ? db : resolve(io.cwd, db));
  const progress = progressReporter(io);
  let summary;
  try {
    summary = await ingest({
      store,
      inputs: readable,
      observer: runner,
      resume: flags.resume,
      ...(readable.includes('-') ? { stdin: await stdinOf(io) } : {}),
      ...(progress ? { onProgress: progress } : {}),
    });
  } finally {
    await store.close();
    if (progress) io.stderr('\r\u001b[K');
    await Promise.all(sinks.map((sink) => sink.close()));
  }

  const result = auditResult(summary, alerts);
  const text = flags.output === 'json' ? auditJson(result) : auditText(result);
  if (flags.outputFile !== undefined) writeFileSync(resolve(io.cwd, flags.outputFile), text);
  else io.stdout(text);

  const failOn = flags.failOn ?? config.failOn ?? 'error';
  const failing =
    failOn !== 'none' && alerts.some((alert) => severityRank(alert.severity) <= severityRank(failOn));
  if (failing) return EXIT.findings;
  if (missing.length > 0 || summary.malformed > 0 || sinkProblems.length > 0) return EXIT.partial;
  return EXIT.ok;
}
