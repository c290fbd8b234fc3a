/**
 * `gatewatch serve`: the admission webhook, the audit webhook, metrics and health (and the dashboard,
 * a route plugin) on one HTTPS server (spec/continuous.md; flags spelled as kube components spell
 * them). Runs until SIGTERM or SIGINT, then stops accepting connections, lets the requests in flight
 * finish (an audit batch being stored is committed or rolled back, never half-written) and exits 0.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { resolveConfig } from '../engine/config.ts';
import type { AlertSink, SinkProblem } from '../ledger/alerts/sink.ts';
import { createSink, SinkSpecError } from '../ledger/alerts/sinks.ts';
import { resolveAccountability } from '../ledger/detections/settings.ts';
import { DEFAULT_LEDGER_PATH, isPostgresUrl } from '../ledger/store/open.ts';
import { RULES } from '../rules/index.ts';
import { ENFORCE_LEVELS, type Enforce } from '../server/admission.ts';
import { createLogger } from '../server/logger.ts';
import { ROUTE_PLUGINS } from '../server/plugins.ts';
import { isLoopbackHost, ServeError, startServer } from '../server/serve.ts';
import { TlsFileError } from '../server/tls.ts';
import { watchModelSource } from '../server/watch-model-source.ts';
import { Watcher } from '../watch/watcher.ts';
import { CONFIG_FILE_NAME, loadConfig, UsageError } from './config-file.ts';
import { clusterReader, parseResyncPeriod } from './input-options.ts';
import { EXIT, type Io } from './main.ts';
import { collect } from './options.ts';

interface ServeFlags {
  listen: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  auditTokenFile?: string;
  dashboardTokenFile?: string;
  db?: string;
  enforce: Enforce;
  config?: string;
  cluster?: boolean;
  kubeconfig?: string;
  context?: string;
  resyncPeriod: string;
  insecureHttp?: boolean;
  alertSink: string[];
  logLevel: string;
}

export function registerServe(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('admission webhook, audit webhook, metrics and dashboard over HTTPS')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8443')
    .option('--tls-cert-file <file>', 'serving certificate (PEM, may hold the chain); reloaded on change')
    .option(
      '--tls-private-key-file <file>',
      'private key of the serving certificate (PEM); reloaded on change',
    )
    .option(
      '--client-ca-file <file>',
      'accept audit webhook callers with client certificates signed by this CA',
    )
    .option('--audit-token-file <file>', 'bearer token the audit webhook caller must present')
    .option('--dashboard-token-file <file>', 'token the dashboard requires when not bound to loopback')
    .option('--db <file|url>', `the ledger: a SQLite file or postgres://… (default: ${DEFAULT_LEDGER_PATH})`)
    .addOption(
      new Option('--enforce <severity>', 'findings at or above this severity deny admission')
        .choices(ENFORCE_LEVELS)
        .default('error'),
    )
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} found upward)`)
    .option('--cluster', 'review admissions against the live cluster model (cross-object rules)')
    .option(
      '--kubeconfig <file>',
      'with --cluster: the kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)',
    )
    .option('--context <name>', 'with --cluster: the kubeconfig context')
    .option(
      '--resync-period <duration>',
      'with --cluster: full review this often (certificate expiry; changes arrive by watch), 0 for never',
      '1h',
    )
    .option('--insecure-http', 'serve plain HTTP (loopback addresses only; for local testing)')
    .option(
      '--alert-sink <sink>',
      'send alerts to stdout, file:PATH, webhook:URL or slack:URL (repeatable)',
      collect,
      [],
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .action(async (flags: ServeFlags) => {
      setExit(await runServe(flags, io));
    });
}

/** `host:port`, `[::1]:8443`, `:8443` (all addresses). */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65535)
    throw new UsageError(`--listen: "${value}" is not host:port (e.g. 127.0.0.1:8443, [::1]:8443, :8443)`);
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}

function checkFlags(flags: ServeFlags, host: string): void {
  if (flags.insecureHttp) {
    if (!isLoopbackHost(host))
      throw new UsageError(`--insecure-http only on a loopback address (127.0.0.1, [::1]), not ${host}`);
    for (const [flag, value] of [
      ['--tls-cert-file', flags.tlsCertFile],
      ['--tls-private-key-file', flags.tlsPrivateKeyFile],
      ['--client-ca-file', flags.clientCaFile],
    ] as const)
      if (value !== undefined)
        throw new UsageError(`--insecure-http serves plain HTTP: ${flag} does not go with it`);
  } else if (flags.tlsCertFile === undefined || flags.tlsPrivateKeyFile === undefined) {
    throw new UsageError(
      'serve needs --tls-cert-file and --tls-private-key-file (or --insecure-http on loopback)',
    );
  }
  if (!flags.cluster)
    for (const [flag, value] of [
      ['--kubeconfig', flags.kubeconfig],
      ['--context', flags.context],
    ] as const)
      if (value !== undefined) throw new UsageError(`${flag} goes with --cluster`);
}

function createSinks(specs: readonly string[], io: Io): AlertSink[] {
  const onProblem = (problem: SinkProblem): void => {
    io.stderr(`gatewatch: alert not delivered to ${problem.sink}: ${problem.message.slice(0, 200)}\n`);
  };
  try {
    return specs.map((spec) => createSink(spec, io, onProblem));
  } catch (error) {
    if (error instanceof SinkSpecError) throw new UsageError(error.message);
    throw error;
  }
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolvePromise) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolvePromise(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

async function runServe(flags: ServeFlags, io: Io): Promise<number> {
  const { host, port } = parseListen(flags.listen);
  checkFlags(flags, host);
  const resyncMs = parseResyncPeriod(flags.resyncPeriod);
  // Listen for SIGTERM before starting: a stop that arrives while the server starts must still be graceful.
  const signalled = waitForSignal();
  const fromCwd = (path: string): string => resolve(io.cwd, path);
  const loaded = loadConfig(flags.config === undefined ? undefined : fromCwd(flags.config), io.cwd);
  const config = resolveConfig(RULES, loaded.config, {}, loaded.file);
  const logger = createLogger({ level: flags.logLevel });
  const sinks = createSinks(flags.alertSink, io);
  const reader = flags.cluster ? clusterReader(flags, io) : undefined;
  const watcher = reader ? new Watcher({ reader, config, sinks, resyncMs }) : undefined;
  const cluster = watcher
    ? watchModelSource(watcher, {
        onStartFailure: (message, retryInMs) => {
          logger.error({ err: message, retryInMs }, 'cannot watch the cluster yet');
        },
      })
    : undefined;
  const db = flags.db ?? DEFAULT_LEDGER_PATH;
  let server;
  try {
    server = await startServer({
      host,
      port,
      tls:
        flags.insecureHttp || flags.tlsCertFile === undefined || flags.tlsPrivateKeyFile === undefined
          ? undefined
          : {
              certFile: fromCwd(flags.tlsCertFile),
              keyFile: fromCwd(flags.tlsPrivateKeyFile),
              ...(flags.clientCaFile !== undefined ? { clientCaFile: fromCwd(flags.clientCaFile) } : {}),
            },
      auditTokenFile: flags.auditTokenFile === undefined ? undefined : fromCwd(flags.auditTokenFile),
      dashboardTokenFile:
        flags.dashboardTokenFile === undefined ? undefined : fromCwd(flags.dashboardTokenFile),
      db: isPostgresUrl(db) ? db : fromCwd(db),
      enforce: flags.enforce,
      config,
      accountability: resolveAccountability(loaded.config.accountability),
      cluster,
      watch: watcher,
      sinks,
      logger,
      plugins: ROUTE_PLUGINS,
    });
  } catch (error) {
    await cluster?.close();
    await reader?.close();
    if (error instanceof ServeError || error instanceof TlsFileError) {
      io.stderr(`gatewatch: ${error.message}\n`);
      return EXIT.usage;
    }
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.stderr(`gatewatch: cannot listen on ${flags.listen}: ${code}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  const signal = await signalled;
  logger.info({ signal }, 'stopping');
  await server.close();
  await reader?.close();
  logger.flush();
  return EXIT.ok;
}
