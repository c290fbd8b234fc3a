/**
 * The input flags every command reading manifests or the cluster shares (spec/cli.md): positional paths
 * and `-f/--filename` (files, directories, `-` for stdin), or `--cluster` with kubectl's `-n`, `-A`,
 * `--context`, `--kubeconfig`, `--request-timeout`; `--controller`, `--now`, `--output-file`,
 * `--no-color`. One definition, one set of usage checks, one loader (src/pipeline/load.ts), so `scan`,
 * `routes`, `route` and `exposure` read their inputs the same way.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { CONTROLLER_TYPES, type ControllerType } from '../model/controllers.ts';
import { loadModel, type LoadedModel } from '../pipeline/load.ts';
import type { ClusterReader, LeaseApi } from '../sources/cluster/port.ts';
import type { ClusterProgress } from '../sources/cluster/read.ts';
import { createKubernetesReader, KubeconfigError } from '../sources/cluster/kubernetes-client.ts';
import { oneLine } from '../report/sanitize.ts';
import { UsageError } from './config-file.ts';
import type { Io } from './main.ts';
import { collect } from './options.ts';

export interface InputFlags {
  filename: string[];
  namespace?: string;
  cluster?: boolean;
  allNamespaces?: boolean;
  context?: string;
  kubeconfig?: string;
  requestTimeout?: string;
  controller?: ControllerType;
  now?: string;
  outputFile?: string;
  color: boolean;
}

/** `-f/--filename`: first, as kubectl lists it. */
export function addFilenameOption(command: Command): Command {
  return command.option(
    '-f, --filename <path>',
    'a file or directory (repeatable; same as a positional path)',
    collect,
    [],
  );
}

/** `--now` and `--controller`: how the input is read. */
export function addReadingOptions(command: Command, nowHelp: string): Command {
  return command
    .option('--now <iso8601>', nowHelp)
    .addOption(
      new Option('--controller <type>', 'controller assumed when an Ingress does not say').choices(
        CONTROLLER_TYPES,
      ),
    );
}

/** `-n`, `--cluster`, `-A`, `--context`, `--kubeconfig`, `--request-timeout`. */
export function addClusterOptions(
  command: Command,
  clusterHelp = 'read the live cluster of the kubeconfig context (all namespaces unless -n)',
): Command {
  return command
    .option(
      '-n, --namespace <ns>',
      'files: namespace for objects that name none (default: default); --cluster: the namespace to read',
    )
    .option('--cluster', clusterHelp)
    .option('-A, --all-namespaces', 'with --cluster: read every namespace (the default)')
    .option('--context <name>', 'with --cluster: the kubeconfig context to use')
    .option(
      '--kubeconfig <file>',
      'with --cluster: the kubeconfig file (default: $KUBECONFIG, ~/.kube/config)',
    )
    .option('--request-timeout <duration>', 'with --cluster: per request, e.g. 30s, 1m (default: 30s)');
}

/** `-o` with the command's formats, `--output-file`, `--no-color`. */
export function addOutputOptions(command: Command, formats: readonly string[]): Command {
  return command
    .addOption(new Option('-o, --output <format>', 'output format').choices(formats).default(formats[0]))
    .option('--output-file <file>', 'write the output to a file');
}

export function addColorOption(command: Command): Command {
  return command.option('--no-color', 'no colour even on a terminal');
}

/**
 * `gatewatch --no-color <command> …` sets the program's flag, not the command's: either turns colour off.
 */
export function colorFlag(flags: { color: boolean }, command: Command): boolean {
  return flags.color && command.parent?.opts<{ color?: boolean }>().color !== false;
}

/** Files or the cluster, never both; cluster-only flags only with --cluster. `missing`: the message without input. */
export function checkInputFlags(paths: readonly string[], flags: InputFlags, missing: string): void {
  if (flags.cluster) {
    if (paths.length > 0) throw new UsageError('--cluster reads the cluster: name no files with it');
    if (flags.allNamespaces && flags.namespace !== undefined)
      throw new UsageError('-n and -A exclude each other: one namespace or all of them');
    return;
  }
  if (paths.length === 0) throw new UsageError(missing);
  for (const [flag, value] of [
    ['-A', flags.allNamespaces],
    ['--context', flags.context],
    ['--kubeconfig', flags.kubeconfig],
    ['--request-timeout', flags.requestTimeout],
  ] as const) {
    if (value !== undefined) throw new UsageError(`${flag} goes with --cluster`);
  }
}

export interface LoadInputOptions {
  readonly fallbackController?: ControllerType | undefined;
  /** No progress line on stderr. */
  readonly quiet?: boolean;
}

/**
 * Loads the model from the files named (relative to io.cwd) or from the cluster. For the cluster, says
 * on stderr what could not be read and returns undefined when nothing could (the reason is on stderr);
 * file problems are in the result, for the command to report.
 */
export async function loadInput(
  paths: readonly string[],
  flags: InputFlags,
  io: Io,
  options: LoadInputOptions = {},
): Promise<LoadedModel | undefined> {
  const load = options.fallbackController ? { fallbackController: options.fallbackController } : {};
  if (!flags.cluster) {
    return loadModel(
      {
        type: 'files',
        paths: paths.map((path) => (path === '-' ? path : resolve(io.cwd, path))),
        read: {
          cwd: io.cwd,
          ...(flags.namespace ? { defaultNamespace: flags.namespace } : {}),
          ...(io.readStdin ? { readStdin: io.readStdin } : {}),
        },
      },
      load,
    );
  }
  const reader = clusterReader(flags, io);
  const progress = io.stderrIsTty && !options.quiet ? progressLine(io) : undefined;
  try {
    const loaded = await loadModel(
      {
        type: 'cluster',
        reader,
        ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
        ...(progress ? { onProgress: progress.update } : {}),
      },
      load,
    );
    progress?.clear();
    if (loaded.failure !== undefined) {
      io.stderr(`gatewatch: cannot read the cluster: ${oneLine(loaded.failure)}\n`);
      return undefined;
    }
    for (const reason of loaded.unreadableKinds.values())
      io.stderr(`gatewatch: warning: ${oneLine(reason)}\n`);
    return loaded;
  } finally {
    progress?.clear();
    await reader.close();
  }
}

/** The flags that say which cluster to read, as kubectl spells them. */
export type ClusterFlags = Pick<InputFlags, 'kubeconfig' | 'context' | 'requestTimeout'>;

/** The API client for --kubeconfig/--context/--request-timeout; a bad kubeconfig is a usage error. */
export function clusterReader(flags: ClusterFlags, io: Io): ClusterReader & LeaseApi {
  try {
    return createKubernetesReader({
      env: io.env,
      ...(flags.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, flags.kubeconfig) } : {}),
      ...(flags.context !== undefined ? { context: flags.context } : {}),
      ...(flags.requestTimeout !== undefined ? { timeoutMs: parseDuration(flags.requestTimeout) } : {}),
    });
  } catch (error) {
    if (error instanceof KubeconfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** kubectl's `--request-timeout` forms: `30s`, `1m`, `1m30s`, `500ms`, or a number of seconds. */
export function parseDuration(value: string): number {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  const rest = value.replace(/(\d+(?:\.\d+)?)(ms|h|m|s)/g, (_, amount: string, unit: string) => {
    total += Number(amount) * (units[unit] ?? 0);
    return '';
  });
  if (rest !== '' || total <= 0)
    throw new UsageError(`--request-timeout: "${value}" is not a duration (e.g. 30s, 1m)`);
  return total;
}

/** `--resync-period` of watch and serve: a duration, or 0 for never. */
export function parseResyncPeriod(value: string): number {
  if (value === '0') return 0;
  try {
    return parseDuration(value);
  } catch {
    throw new UsageError(`--resync-period: "${value}" is not a duration (e.g. 30s, 1h)`);
  }
}

/**
 * One self-overwriting status line on a terminal's stderr, shown only once a read takes long enough to
 * wonder about (a large cluster); small clusters finish before it appears.
 */
function progressLine(io: Io): { update: (progress: ClusterProgress) => void; clear: () => void } {
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(progress) {
      const now = Date.now();
      if (now - started < 500 || now - last < 100) return;
      last = now;
      shown = true;
      io.stderr(
        `\r\u001b[2Kreading the cluster: ${String(progress.objects)} objects, ${String(progress.kindsDone)}/${String(progress.kindsTotal)} kinds…`,
      );
    },
    clear() {
      if (shown) io.stderr('\r\u001b[2K');
      shown = false;
    },
  };
}

/** Writes `--output-file` (relative to io.cwd), or stdout. */
export function emit(io: Io, outputFile: string | undefined, text: string): void {
  if (outputFile === undefined) {
    io.stdout(text);
    return;
  }
  writeOutput(resolve(io.cwd, outputFile), outputFile, text);
}

export function writeOutput(file: string, shown: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`${shown}: cannot write: ${describeError(error)}`);
  }
}

export function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
