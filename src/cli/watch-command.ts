/**
 * `gatewatch watch [--kubeconfig F] [--context C] [-n NS | -A] [--alert-sink S]… [--leader-elect …]`:
 * keeps the cluster model current through informers and reviews every change incrementally; new and
 * resolved findings go to the alert sinks as JSON alerts (docs/watch.md). With `--leader-elect`, several
 * replicas share a `coordination.k8s.io/v1` Lease and only the holder sends alerts (all of them keep
 * reviewing, so a new leader starts from a current model). Runs until SIGTERM or SIGINT; exit 0 after a
 * clean stop, 2 when the cluster cannot be read at start.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { resolveConfig } from '../engine/config.ts';
import type { AlertSink, SinkProblem } from '../ledger/alerts/sink.ts';
import { createSink, SinkSpecError } from '../ledger/alerts/sinks.ts';
import { CONTROLLER_TYPES, type ControllerType } from '../model/controllers.ts';
import { oneLine } from '../report/sanitize.ts';
import { RULES } from '../rules/index.ts';
import { LeaderElector } from '../watch/leader.ts';
import { Watcher, type TimelineEntry } from '../watch/watcher.ts';
import { CONFIG_FILE_NAME, loadConfig, UsageError } from './config-file.ts';
import { clusterReader, parseResyncPeriod } from './input-options.ts';
import { EXIT, type Io } from './main.ts';
import { collect } from './options.ts';

interface WatchFlags {
  namespace?: string;
  allNamespaces?: boolean;
  context?: string;
  kubeconfig?: string;
  requestTimeout?: string;
  config?: string;
  controller?: ControllerType;
  alertSink: string[];
  leaderElect?: boolean;
  leaderElectionNamespace: string;
  leaderElectionName: string;
  leaderElectionIdentity?: string;
  resyncPeriod: string;
  quiet?: boolean;
}

export function registerWatch(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('watch')
    .description('watch the cluster and review every change; alert on new and resolved findings')
    .option('-n, --namespace <ns>', 'watch one namespace (cluster-scoped kinds are watched whole)')
    .option('-A, --all-namespaces', 'watch every namespace (the default)')
    .option('--context <name>', 'the kubeconfig context to use')
    .option('--kubeconfig <file>', 'the kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('--request-timeout <duration>', 'per list request, e.g. 30s, 1m (default: 30s)')
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} found upward)`)
    .addOption(
      new Option('--controller <type>', 'controller assumed when an Ingress does not say').choices(
        CONTROLLER_TYPES,
      ),
    )
    .option(
      '--alert-sink <sink>',
      'send alerts to stdout, file:PATH, webhook:URL or slack:URL (repeatable; default: stdout)',
      collect,
      [],
    )
    .option('--leader-elect', 'several replicas: only the holder of the Lease sends alerts')
    .option('--leader-election-namespace <ns>', 'namespace of the Lease', 'gatewatch')
    .option('--leader-election-name <name>', 'name of the Lease', 'gatewatch-watch')
    .option('--leader-election-identity <id>', 'this replica in the Lease (default: hostname_uuid)')
    .option('--resync-period <duration>', 'full review this often (certificate expiry), 0 for never', '1h')
    .option('-q, --quiet', 'no progress lines on stderr (alerts still go to their sinks)')
    .action(async (flags: WatchFlags) => {
      setExit(await runWatch(flags, io));
    });
}

async function runWatch(flags: WatchFlags, io: Io): Promise<number> {
  if (flags.allNamespaces && flags.namespace !== undefined)
    throw new UsageError('-n and -A exclude each other: one namespace or all of them');
  const resyncMs = parseResyncPeriod(flags.resyncPeriod);
  const loaded = loadConfig(flags.config === undefined ? undefined : resolve(io.cwd, flags.config), io.cwd);
  const config = resolveConfig(
    RULES,
    loaded.config,
    flags.controller ? { controller: flags.controller } : {},
    loaded.file,
  );

  const onProblem = (problem: SinkProblem): void => {
    io.stderr(`gatewatch: alert not delivered to ${problem.sink}: ${oneLine(problem.message)}\n`);
  };
  let sinks: AlertSink[];
  try {
    sinks = (flags.alertSink.length > 0 ? flags.alertSink : ['stdout']).map((spec) =>
      createSink(spec, io, onProblem),
    );
  } catch (error) {
    if (error instanceof SinkSpecError) throw new UsageError(error.message);
    throw error;
  }

  const reader = clusterReader(flags, io);

  const say = (text: string): void => {
    if (!flags.quiet) io.stderr(`gatewatch: ${oneLine(text)}\n`);
  };
  const stop = new AbortController();
  const identity = flags.leaderElectionIdentity ?? `${hostname()}_${randomUUID()}`;
  // eslint-disable-next-line prefer-const -- assigned after the elector, whose callbacks use it
  let watcher: Watcher;
  const elector: LeaderElector | undefined = flags.leaderElect
    ? new LeaderElector({
        api: reader,
        namespace: flags.leaderElectionNamespace,
        name: flags.leaderElectionName,
        identity,
        onStartedLeading: () => {
          say('leading: this replica sends the alerts');
          watcher.record({ type: 'leader', holder: identity, leading: true });
        },
        onStoppedLeading: () => {
          say('no longer leading: alerts are left to the new leader');
          watcher.record({ type: 'leader', holder: elector?.holder ?? '', leading: false });
        },
        onNewLeader: (identity) => {
          say(`leader is ${identity}`);
        },
        onProblem: (message) => {
          say(`leader election: ${message}`);
        },
      })
    : undefined;
  watcher = new Watcher({
    reader,
    config,
    sinks,
    resyncMs,
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
    ...(elector ? { mayAlert: () => elector.isLeader } : {}),
  });
  watcher.subscribe((entry) => {
    const line = describe(entry);
    if (line !== undefined) say(line);
  });

  const stopped = new Promise<void>((resolveStop) => {
    const onSignal = (): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      stop.abort();
      resolveStop();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  const campaign = elector?.run(stop.signal);
  say(`watching ${reader.target}${flags.namespace !== undefined ? ` (namespace ${flags.namespace})` : ''}`);
  const started = await Promise.race([watcher.start(), stopped.then(() => undefined)]);
  if (started?.status === 'failed') {
    io.stderr(`gatewatch: cannot watch the cluster: ${oneLine(started.message)}\n`);
    stop.abort();
    await Promise.allSettled([campaign, watcher.stop()]);
    await Promise.all(sinks.map((sink) => sink.close()));
    await reader.close();
    return EXIT.usage;
  }
  for (const reason of watcher.status().unreadableKinds.values()) say(`warning: ${reason}`);
  await stopped;
  await watcher.stop();
  await campaign;
  await Promise.all(sinks.map((sink) => sink.close()));
  await reader.close();
  return EXIT.ok;
}

/** The progress line for a timeline entry (alerts go to the sinks, not here). */
function describe(entry: TimelineEntry): string | undefined {
  switch (entry.type) {
    case 'synced':
      return `synced: ${String(entry.objects)} objects, ${String(entry.findings)} findings`;
    case 'problem':
      return `${entry.kind}: ${entry.message}`;
    case 'change':
      return entry.added + entry.resolved > 0
        ? `${entry.verb} ${entry.kind} ${entry.namespace ? `${entry.namespace}/` : ''}${entry.name}: ${String(entry.added)} new, ${String(entry.resolved)} resolved`
        : undefined;
    default:
      return undefined;
  }
}
