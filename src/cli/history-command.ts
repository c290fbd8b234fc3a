/**
 * `gatewatch history [NAMESPACE/NAME] [--kind K] [--db …] [--actor U] [--since T] [--until T]
 * [--verb V] [-o text|json]`: the ledger's timeline — who (effective user, impersonator, groups), when,
 * from where, the verb, the outcome and the diff — for one object, or for every object.
 */
import { Command, Option } from 'commander';
import { queryHistory } from '../ledger/query/history.ts';
import { historyJson, historyText } from '../ledger/query/history-report.ts';
import { TOOL_VERSION } from '../version.ts';
import { emit } from './input-options.ts';
import {
  addDbOption,
  collectList,
  kindArgument,
  openExistingLedger,
  targetArgument,
  timeArgument,
} from './ledger-options.ts';
import { EXIT, type Io } from './main.ts';
import { parseNow } from './options.ts';

interface HistoryFlags {
  kind?: string;
  db?: string;
  actor?: string;
  since?: string;
  until?: string;
  verb: string[];
  output: 'text' | 'json';
  outputFile?: string;
  now?: string;
}

export function registerHistory(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program
    .command('history')
    .description('the ledger: every change of an object (or all), with who, when, from where, and a diff')
    .argument('[object]', 'NAMESPACE/NAME (NAME for cluster-scoped kinds); omitted: every object')
    .option(
      '--kind <kind>',
      'the object kind: Ingress (default), HTTPRoute, Gateway, IngressClass, Secret, …',
    );
  addDbOption(command)
    .option('--actor <user>', 'only changes by this user (effective user or impersonator)')
    .option('--since <time>', 'from this time on: RFC 3339, a date, or a duration before now (24h, 7d)')
    .option('--until <time>', 'before this time: RFC 3339, a date, or a duration before now')
    .option('--verb <verbs>', 'only these verbs (comma-separated, repeatable)', collectList, [])
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--output-file <file>', 'write the output to a file')
    .addOption(new Option('--now <iso8601>', 'the time relative --since/--until count from').hideHelp())
    .action(async (object: string | undefined, flags: HistoryFlags) => {
      setExit(await runHistory(object, flags, io));
    });
}

async function runHistory(object: string | undefined, flags: HistoryFlags, io: Io): Promise<number> {
  const target = object === undefined ? undefined : targetArgument(object, flags.kind);
  const kind = flags.kind === undefined ? undefined : kindArgument(flags.kind);
  const now = parseNow(flags.now);
  const since = timeArgument('--since', flags.since, now);
  const until = timeArgument('--until', flags.until, now);
  const store = await openExistingLedger(flags.db, io);
  try {
    const query = {
      ...(target ? { target } : {}),
      ...(kind ? { kind } : {}),
      ...(flags.actor !== undefined ? { actor: flags.actor } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      verbs: flags.verb,
    };
    const changes = await queryHistory(store, query);
    const json = historyJson({ version: TOOL_VERSION, ...query, changes });
    emit(
      io,
      flags.outputFile,
      flags.output === 'json' ? `${JSON.stringify(json, null, 2)}\n` : historyText(json, target),
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
