/**
 * `gatewatch investigate NAMESPACE/NAME [--kind K] [--db …] [PATH…|--cluster] [-o text|json|markdown|html]
 * [--window 1h]`: the incident report for one object (spec/accountability.md "Investigation").
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { resolveConfig } from '../engine/config.ts';
import { resolveAccountability } from '../ledger/detections/settings.ts';
import { investigate, type InvestigationJson, type ModelSource } from '../pipeline/investigate.ts';
import { investigationHtml } from '../report/investigate/html.ts';
import { investigationMarkdown } from '../report/investigate/markdown.ts';
import { investigationText } from '../report/investigate/text.ts';
import { escapeJsonInvisibles, oneLine } from '../report/sanitize.ts';
import { RULES } from '../rules/index.ts';
import { TOOL_VERSION } from '../version.ts';
import { CONFIG_FILE_NAME, loadConfig, UsageError } from './config-file.ts';
import {
  addClusterOptions,
  addFilenameOption,
  addOutputOptions,
  addReadingOptions,
  checkInputFlags,
  emit,
  loadInput,
  type InputFlags,
} from './input-options.ts';
import { addDbOption, openExistingLedger, targetArgument } from './ledger-options.ts';
import { EXIT, type Io } from './main.ts';
import { parseNow } from './options.ts';

interface InvestigateFlags extends InputFlags {
  kind?: string;
  db?: string;
  output: string;
  window: string;
  config?: string;
}

const FORMATS = ['text', 'json', 'markdown', 'html'];
const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `1h`, `30m`, `1h30m`, `2d` → milliseconds. */
export function parseWindow(text: string): number {
  let total = 0;
  const rest = text.trim().replace(/(\d+)(ms|s|m|h|d)/g, (_, amount: string, unit: string) => {
    total += Number(amount) * (UNITS[unit] ?? 0);
    return '';
  });
  if (rest !== '' || total <= 0)
    throw new UsageError(`--window: "${text}" is not a duration (e.g. 30m, 1h, 2d)`);
  return total;
}

export function registerInvestigate(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program
    .command('investigate')
    .description(
      'an incident report for one object: spec, exposure, history, actors, what they may do, fixes',
    )
    .argument('<object>', 'NAMESPACE/NAME (NAME for cluster-scoped kinds)')
    .argument('[paths...]', "manifests of the current state (default: the ledger's last known state)")
    .option('--kind <kind>', 'the object kind: Ingress (default), HTTPRoute, Gateway, IngressClass, …')
    .option(
      '--window <duration>',
      "each actor's other changes within this much of each of their changes",
      '1h',
    );
  addDbOption(command);
  addFilenameOption(command);
  addOutputOptions(command, FORMATS);
  command.option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} found upward)`);
  addReadingOptions(command, 'the time used for certificate checks');
  addClusterOptions(command, 'read the current state from the live cluster');
  command.action(async (object: string, positional: string[], flags: InvestigateFlags) => {
    setExit(await runInvestigate(object, [...positional, ...flags.filename], flags, io));
  });
}

function render(json: InvestigationJson, format: string): string {
  switch (format) {
    case 'json':
      return `${escapeJsonInvisibles(JSON.stringify(json, null, 2))}\n`;
    case 'markdown':
      return investigationMarkdown(json);
    case 'html':
      return investigationHtml(json);
    default:
      return investigationText(json);
  }
}

async function runInvestigate(
  object: string,
  paths: string[],
  flags: InvestigateFlags,
  io: Io,
): Promise<number> {
  const target = targetArgument(object, flags.kind);
  const windowMs = parseWindow(flags.window);
  const now = parseNow(flags.now);
  const fromInput = paths.length > 0 || flags.cluster === true;
  if (fromInput) checkInputFlags(paths, flags, '');
  const loadedConfig = loadConfig(
    flags.config === undefined ? undefined : resolve(io.cwd, flags.config),
    io.cwd,
  );
  const config = resolveConfig(
    RULES,
    loadedConfig.config,
    { ...(flags.controller ? { controller: flags.controller } : {}) },
    loadedConfig.file,
  );

  const settings = resolveAccountability(loadedConfig.config.accountability);
  let partial = false;
  let source: ModelSource = 'ledger';
  let model;
  if (fromInput) {
    const loaded = await loadInput(
      paths,
      flags,
      io,
      config.controller ? { fallbackController: config.controller } : {},
    );
    if (!loaded) return EXIT.usage;
    for (const problem of loaded.problems)
      io.stderr(
        `gatewatch: ${oneLine(problem.file)}${problem.line ? `:${String(problem.line)}` : ''}: ${oneLine(problem.message)}\n`,
      );
    if (loaded.nothingRead) {
      io.stderr('gatewatch: nothing could be read from the given inputs\n');
      return EXIT.usage;
    }
    model = loaded.model;
    partial = loaded.partial;
    source = flags.cluster ? 'cluster' : 'files';
  }

  const store = await openExistingLedger(flags.db, io);
  let json: InvestigationJson;
  try {
    json = await investigate({
      ledger: store,
      target,
      ...(model ? { model } : {}),
      source,
      config,
      now,
      windowMs,
      windowText: flags.window,
      version: TOOL_VERSION,
      trusted: [...(settings.allowedActors ?? []), ...settings.controllerIdentities],
    });
  } finally {
    await store.close();
  }
  if (json.status === 'not-found' && json.history.length === 0) {
    io.stderr(
      `gatewatch: ${oneLine(object)}: no ${target.kind} by that name in the ledger${fromInput ? ' or the input' : ''}\n`,
    );
    return EXIT.usage;
  }
  emit(io, flags.outputFile, render(json, flags.output));
  return partial ? EXIT.partial : EXIT.ok;
}
