/**
 * Assembles and starts `gatewatch serve`: the ledger, the audit receiver, the cluster model, the hono
 * app, and one HTTPS server (node:https + @hono/node-server's request listener) whose certificate is
 * reloaded when its files change. Plain HTTP only when asked, and only on a loopback address (checked
 * by the CLI and again here). Returns a handle to stop it; cli/serve-command.ts owns signals and exit.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { ResolvedConfig } from '../engine/config.ts';
import { runRules } from '../engine/run-rules.ts';
import type { AlertSink } from '../ledger/alerts/sink.ts';
import type { AccountabilitySettings } from '../ledger/detections/settings.ts';
import { openLedger } from '../ledger/store/open.ts';
import type { LedgerStore } from '../ledger/store/store.ts';
import type { Enforce } from './admission.ts';
import {
  certificateExpiries,
  createApp,
  findingCounts,
  type AppOptions,
  type GatewatchApp,
  type RouteRegistrar,
  type ServerContext,
  type ServerEvents,
} from './app.ts';
import { createAuditReceiver } from './audit-webhook.ts';
import type { ClusterModelSource, ClusterSnapshot, ClusterWatch } from './cluster-model.ts';
import { flushLogs, type Logger } from './logger.ts';
import { ServerMetrics } from './metrics.ts';
import { readTlsFiles, watchFiles, type TlsFiles } from './tls.ts';
import type { TimelineEntry } from '../watch/watcher.ts';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  /** Undefined: plain HTTP (only on loopback). */
  readonly tls: TlsFiles | undefined;
  readonly auditTokenFile?: string | undefined;
  readonly dashboardTokenFile?: string | undefined;
  /** The ledger: a SQLite file or postgres://… (opened only when the audit webhook is on). */
  readonly db: string;
  readonly enforce: Enforce;
  readonly config: ResolvedConfig;
  readonly accountability: AccountabilitySettings;
  readonly cluster?: ClusterModelSource | undefined;
  /** The watch keeping `cluster` (its findings feed the gauge and the dashboard; its alerts are counted). */
  readonly watch?: ClusterWatch | undefined;
  readonly sinks?: readonly AlertSink[];
  readonly logger: Logger;
  readonly plugins?: readonly RouteRegistrar[];
  readonly now?: () => number;
  readonly limits?: AppOptions['limits'];
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly app: GatewatchApp;
  readonly context: ServerContext;
  close(): Promise<void>;
}

export class ServeError extends Error {}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** A token file's first line (kubeconfig-style token files may end with a newline). */
function readToken(file: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ServeError(`${flag} ${file}: cannot be read`);
  }
  const token = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (token === '') throw new ServeError(`${flag} ${file}: empty`);
  return token;
}

/** A token read from a file and read again when the file changes (a rotated Secret). */
function reloadingToken(
  file: string | undefined,
  flag: string,
  logger: Logger,
): {
  value: () => string | undefined;
  stop: () => void;
} {
  if (file === undefined) return { value: () => undefined, stop: () => undefined };
  let token = readToken(file, flag);
  const stop = watchFiles([file], () => {
    try {
      const next = readToken(file, flag);
      if (next !== token) logger.info({ flag }, 'token reloaded');
      token = next;
    } catch (error) {
      logger.warn(
        { flag, err: error instanceof Error ? error.message : String(error) },
        'token not reloaded',
      );
    }
  });
  return { value: () => token, stop };
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const loopback = isLoopbackHost(options.host);
  if (options.tls === undefined && !loopback)
    throw new ServeError(`plain HTTP is only allowed on a loopback address, not ${options.host}`);
  const metrics = new ServerMetrics();
  const events: ServerEvents = new EventEmitter();
  const stops: (() => void)[] = [];
  const auditToken = reloadingToken(options.auditTokenFile, '--audit-token-file', logger);
  stops.push(auditToken.stop);
  const dashboardToken = reloadingToken(options.dashboardTokenFile, '--dashboard-token-file', logger);
  stops.push(dashboardToken.stop);
  const clientCertificates = options.tls?.clientCaFile !== undefined;
  const auditOn = options.auditTokenFile !== undefined || clientCertificates;

  let ledger: LedgerStore | undefined;
  let receiver;
  if (auditOn) {
    ledger = await openLedger(options.db);
    receiver = await createAuditReceiver({
      store: ledger,
      settings: options.accountability,
      onAlert: (alert) => {
        metrics.alerts.inc({ detection: alert.detectionId, severity: alert.severity });
        for (const sink of options.sinks ?? []) void sink.send(alert);
        events.emit('alert', alert);
      },
      onDetectionError: (detectionId, error) => {
        logger.error(
          { detection: detectionId, err: error instanceof Error ? error.message : String(error) },
          'detection failed',
        );
      },
    });
  }

  const context: ServerContext = {
    logger,
    metrics,
    events,
    config: options.config,
    cluster: options.cluster,
    watch: options.watch,
    ledger,
    loopback,
    dashboardToken: dashboardToken.value,
    now,
  };
  const { watch } = options;
  const onSnapshot = (snapshot: ClusterSnapshot): void => {
    // The gauge of open findings: the watch's incremental reviews; a fixed model is reviewed once.
    const findings = watch
      ? watch.findings()
      : runRules({ model: snapshot.model, config: options.config, now: now() }).findings;
    metrics.findings.replace(findingCounts(findings));
    metrics.modelObjects.set({}, snapshot.model.size);
    events.emit('snapshot', snapshot);
  };
  if (options.cluster) stops.push(options.cluster.subscribe(onSnapshot));
  if (watch)
    stops.push(
      watch.subscribe((entry) => {
        observeWatch(entry, metrics, logger);
      }),
    );
  metrics.certificateExpiry.collectWith(() => certificateExpiries(options.cluster?.current(), now()));

  const app = createApp({
    context,
    enforce: options.enforce,
    audit: receiver ? { receiver, callers: { token: auditToken.value, clientCertificates } } : undefined,
    readiness: () => {
      const reasons: string[] = [];
      if (options.cluster && options.cluster.current() === undefined)
        reasons.push('cluster model not loaded yet');
      return { ready: reasons.length === 0, reasons };
    },
    plugins: options.plugins ?? [],
    limits: options.limits,
  });

  const handle = getRequestListener(app.fetch);
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    void handle(request, response);
  };
  let server: HttpServer | HttpsServer;
  if (options.tls) {
    const files = options.tls;
    const material = readTlsFiles(files);
    let current = material;
    metrics.servingCertificateExpiry.collectWith(() => [[{}, Math.round((current.notAfter - now()) / 1000)]]);
    const https = createHttpsServer(
      {
        cert: material.cert,
        key: material.key,
        ...(material.ca === undefined
          ? {}
          : { ca: material.ca, requestCert: true, rejectUnauthorized: false }),
        minVersion: 'TLSv1.2',
      },
      listener,
    );
    const reload = (): void => {
      try {
        const next = readTlsFiles(files);
        if (next.cert === current.cert && next.key === current.key && next.ca === current.ca) return;
        https.setSecureContext({
          cert: next.cert,
          key: next.key,
          ...(next.ca === undefined ? {} : { ca: next.ca }),
        });
        current = next;
        metrics.certificateReloads.inc({ result: 'ok' });
        logger.info({ notAfter: new Date(next.notAfter).toISOString() }, 'serving certificate reloaded');
      } catch (error) {
        metrics.certificateReloads.inc({ result: 'error' });
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'serving certificate not reloaded',
        );
      }
    };
    stops.push(
      watchFiles(
        [files.certFile, files.keyFile, ...(files.clientCaFile ? [files.clientCaFile] : [])],
        reload,
      ),
    );
    server = https;
  } else {
    server = createHttpServer(listener);
  }
  // The API server gives a webhook at most 30 s; nothing here should hold a connection longer.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error.message }, 'client error');
    socket.destroy();
  });
  const address = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${host}:${String(address.port)}`;
  logger.info(
    {
      url,
      tls: Boolean(options.tls),
      cluster: Boolean(options.cluster),
      audit: auditOn,
      enforce: options.enforce,
    },
    'listening',
  );
  // Out at once, not with the next batch: deployment scripts and tests wait for this line.
  flushLogs(logger);
  if (options.cluster) void options.cluster.start();

  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    app,
    context,
    close() {
      closing ??= (async () => {
        for (const stop of stops) stop();
        await new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeIdleConnections();
        });
        await options.cluster?.close();
        await Promise.all((options.sinks ?? []).map((sink) => sink.close()));
        await ledger?.close();
        logger.info('stopped');
      })();
      return closing;
    },
  };
}

/** A watch timeline entry in the metrics and the log (the alerts themselves go to the sinks). */
function observeWatch(entry: TimelineEntry, metrics: ServerMetrics, logger: Logger): void {
  switch (entry.type) {
    case 'change':
      metrics.clusterChanges.inc({ kind: entry.kind, verb: entry.verb });
      return;
    case 'alert':
      metrics.alerts.inc({ detection: entry.alert.detectionId, severity: entry.alert.severity });
      return;
    case 'synced':
      logger.info({ objects: entry.objects, findings: entry.findings }, 'cluster model synced');
      return;
    case 'problem':
      logger.warn({ kind: entry.kind, err: entry.message }, 'watch problem');
      return;
    case 'leader':
      return;
  }
}
