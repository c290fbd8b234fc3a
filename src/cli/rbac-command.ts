/**
 * `gatewatch rbac suggest --user U [--from-audit FILE]… [--db …] [PATH…|--cluster]`: the smallest
 * Role/ClusterRole set covering what U was seen doing (audit logs and/or the ledger), as YAML that
 * `kubectl apply` accepts; with RBAC objects (files or the cluster), what U's current grants allow
 * beyond that.
 */
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { Command, Option } from 'commander';
import { observedRequests, type ObservedInput } from '../pipeline/observed-requests.ts';
import type { LedgerStore } from '../ledger/store/store.ts';
import { DEFAULT_MAX_NAMES, suggestRoles } from '../rbac/suggest.ts';
import { suggestionYaml } from '../rbac/suggest-report.ts';
import { oneLine } from '../report/sanitize.ts';
import type { Model } from '../model/model.ts';
import { UsageError } from './config-file.ts';
import {
  addClusterOptions,
  addFilenameOption,
  checkInputFlags,
  emit,
  loadInput,
  type InputFlags,
} from './input-options.ts';
import { addDbOption, openExistingLedger } from './ledger-options.ts';
import { EXIT, type Io } from './main.ts';
import { collect } from './options.ts';

interface SuggestFlags extends InputFlags {
  user?: string;
  fromAudit: string[];
  db?: string;
  maxNames: string;
}

export function registerRbac(program: Command, io: Io, setExit: (code: number) => void): void {
  const rbac = program.command('rbac').description('least privilege from what identities were seen doing');
  const suggest = rbac
    .command('suggest')
    .description('the smallest Role/ClusterRole set covering what a user was seen doing, as YAML')
    .argument('[paths...]', 'manifests holding the current RBAC objects (for what they grant beyond)')
    .requiredOption('--user <name>', 'the user (system:serviceaccount:NS:NAME for a ServiceAccount)')
    .option(
      '--from-audit <file>',
      'an audit log or a directory of them (repeatable; - reads stdin)',
      collect,
      [],
    );
  addDbOption(suggest).option(
    '--max-names <n>',
    'more names than this for one verb: grant the verb without resourceNames',
    String(DEFAULT_MAX_NAMES),
  );
  addFilenameOption(suggest);
  addClusterOptions(suggest, 'read the current RBAC objects from the live cluster');
  suggest
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml']).default('yaml'))
    .option('--output-file <file>', 'write the output to a file')
    .action(async (positional: string[], flags: SuggestFlags) => {
      setExit(await runSuggest([...positional, ...flags.filename], flags, io));
    });
}

async function runSuggest(paths: string[], flags: SuggestFlags, io: Io): Promise<number> {
  const user = flags.user ?? '';
  if (user === '') throw new UsageError('--user needs a user name');
  const maxNames = Number(flags.maxNames);
  if (!Number.isInteger(maxNames) || maxNames < 1) throw new UsageError('--max-names: a positive integer');
  if (paths.length > 0 || flags.cluster) checkInputFlags(paths, flags, '');
  const useLedger = flags.db !== undefined || flags.fromAudit.length === 0;

  let model: Model | undefined;
  let partial = false;
  if (paths.length > 0 || flags.cluster) {
    const loaded = await loadInput(paths, flags, io, { quiet: true });
    if (!loaded) return EXIT.usage;
    for (const problem of loaded.problems)
      io.stderr(
        `gatewatch: ${oneLine(problem.file)}${problem.line ? `:${String(problem.line)}` : ''}: ${oneLine(problem.message)}\n`,
      );
    if (loaded.nothingRead) {
      io.stderr('gatewatch: nothing could be read from the given manifests\n');
      return EXIT.usage;
    }
    model = loaded.model;
    partial = loaded.partial;
  }

  let store: LedgerStore | undefined;
  let observed: ObservedInput;
  try {
    if (useLedger) store = await openExistingLedger(flags.db, io);
    const auditPaths = flags.fromAudit.map((path) => (path === '-' ? path : resolve(io.cwd, path)));
    observed = await observedRequests({
      user,
      auditPaths,
      ...(store ? { ledger: store } : {}),
      ...(io.readStdin && auditPaths.includes('-') ? { stdin: Readable.from([await io.readStdin()]) } : {}),
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT')
      throw new UsageError(
        `--from-audit: ${oneLine((error as { path?: string }).path ?? '')}: no such file or directory`,
      );
    throw error;
  } finally {
    await store?.close();
  }
  for (const problem of observed.problems.slice(0, 10))
    io.stderr(`gatewatch: ${oneLine(problem.file)}:${String(problem.line)}: ${oneLine(problem.message)}\n`);
  if (observed.requests.length === 0)
    io.stderr(`gatewatch: no request by ${oneLine(user)} in the given sources (is the user name right?)\n`);

  const suggestion = suggestRoles(user, observed.requests, { maxNames, ...(model ? { model } : {}) });
  const sources = [
    ...(flags.fromAudit.length > 0
      ? [`audit: ${String(observed.events)} events in ${flags.fromAudit.map((f) => oneLine(f)).join(', ')}`]
      : []),
    ...(useLedger ? [`ledger: ${oneLine(flags.db ?? 'default')} (ingress-related kinds only)`] : []),
    ...(model ? [`RBAC: ${flags.cluster ? 'the cluster' : paths.map((p) => oneLine(p)).join(', ')}`] : []),
  ];
  emit(io, flags.outputFile, suggestionYaml(suggestion, sources));
  return partial || observed.malformed > 0 ? EXIT.partial : EXIT.ok;
}
