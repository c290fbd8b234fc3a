/**
 * The HTTP application of `gatewatch serve` (hono): `POST /admission`, `POST /audit`, `GET /metrics`,
 * `GET /healthz`, `GET /readyz`, and whatever route plugins add. Ports are opened elsewhere
 * (server/listen.ts, called by cli/serve-command.ts): this file only maps requests to answers, so tests
 * can also call `app.request()` without a socket.
 *
 * ── For route plugins (the live dashboard: `GET /`, server-sent events; src/server/dashboard*.ts) ──
 * Write `export function registerDashboard(app: GatewatchApp, context: ServerContext): void` and add it
 * to ROUTE_PLUGINS in src/server/plugins.ts — nothing else needs to change. `context` gives:
 *   - `cluster?.current()`: the latest cluster model snapshot (Model + when read), `cluster.subscribe()`
 *     for every new one (undefined without --cluster); `watch`: the watch keeping it — its findings and
 *     its timeline of changes and alerts (undefined without --cluster);
 *   - `ledger`: the ledger store (change history; undefined when the audit webhook is off);
 *   - `events`: `events.on('alert' | 'admission' | 'snapshot', listener)` — the audit webhook's alerts
 *     after their batch is committed, every admission decision, every new cluster snapshot (for SSE pushes);
 *   - `loopback`: the server listens on a loopback address only; `dashboardToken()`: the current
 *     --dashboard-token-file contents (required unless `loopback`);
 *   - `logger` (pino; never log tokens or bodies), `metrics`, `config`, `now()`.
 * Plugins are registered after the built-in routes; a plugin must not claim their paths.
 */
import type { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { ResolvedConfig } from '../engine/config.ts';
import type { Alert } from '../ledger/alerts/alert.ts';
import type { LedgerStore } from '../ledger/store/store.ts';
import type { JsonObject } from '../model/resource.ts';
import { isSecretResource } from '../model/secret.ts';
import {
  admissionResponse,
  decide,
  parseAdmissionReview,
  statusBody,
  type AdmissionDecision,
  type AdmissionRequest,
  type Enforce,
} from './admission.ts';
import { parseEventList, type AuditReceiver } from './audit-webhook.ts';
import { checkCaller, type CallerPolicy } from './auth.ts';
import { limitBody } from './body-limit.ts';
import type { ClusterModelSource, ClusterSnapshot, ClusterWatch } from './cluster-model.ts';
import type { Logger } from './logger.ts';
import { METRICS_CONTENT_TYPE, type ServerMetrics } from './metrics.ts';

export type AppEnv = { Bindings: HttpBindings };
export type GatewatchApp = Hono<AppEnv>;

/** The API server sends at most 3 MiB request bodies; an AdmissionReview wraps one (twice for UPDATE). */
export const ADMISSION_BODY_LIMIT = 7 * 1024 * 1024;
/** A batch of up to 400 events (the API server's default --audit-webhook-batch-max-size) at RequestResponse level. */
export const AUDIT_BODY_LIMIT = 64 * 1024 * 1024;

/** What the server tells plugins about: see the comment at the top. */
export interface ServerEventMap {
  alert: [Alert];
  admission: [
    { readonly request: AdmissionRequest; readonly decision: AdmissionDecision; readonly time: number },
  ];
  snapshot: [ClusterSnapshot];
}

export type ServerEvents = EventEmitter<ServerEventMap>;

export interface ServerContext {
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly events: ServerEvents;
  readonly config: ResolvedConfig;
  /** The kept cluster model (--cluster); undefined: objects are reviewed alone. */
  readonly cluster: ClusterModelSource | undefined;
  /** The watch keeping that model (its findings and timeline); undefined with a fixed model or none. */
  readonly watch: ClusterWatch | undefined;
  /** The ledger the audit webhook writes (undefined when the audit webhook is not configured). */
  readonly ledger: LedgerStore | undefined;
  /** The server listens on a loopback address only. */
  readonly loopback: boolean;
  /** The current --dashboard-token-file contents. */
  readonly dashboardToken: () => string | undefined;
  readonly now: () => number;
}

export type RouteRegistrar = (app: GatewatchApp, context: ServerContext) => void;

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

export interface AppOptions {
  readonly context: ServerContext;
  readonly enforce: Enforce;
  /** The audit webhook: receiver and who may call it; undefined answers 404 with a hint. */
  readonly audit?: { readonly receiver: AuditReceiver; readonly callers: CallerPolicy } | undefined;
  readonly readiness: () => Readiness;
  readonly plugins?: readonly RouteRegistrar[];
  /** Body limits in bytes (tests make them small); defaults ADMISSION_BODY_LIMIT, AUDIT_BODY_LIMIT. */
  readonly limits?: { readonly admission?: number; readonly audit?: number } | undefined;
}

function status(
  c: Context,
  code: 400 | 401 | 403 | 404 | 413 | 500 | 503,
  reason: string,
  message: string,
): Response {
  return c.json(statusBody(code, reason, message), code);
}

/** Probes and scrapes log at debug; admissions log their decision line instead (recordAdmission). */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/admission']);

export function createApp(options: AppOptions): GatewatchApp {
  const { context } = options;
  const { logger, metrics } = context;
  const app: GatewatchApp = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
      remote: c.env.incoming.socket.remoteAddress,
    };
    if (QUIET_PATHS.has(c.req.path)) logger.debug(fields, 'request');
    else logger.info(fields, 'request');
  });

  app.onError((error, c) => {
    logger.error({ err: error.message, path: c.req.path }, 'request failed');
    return status(c, 500, 'InternalError', 'internal error');
  });

  app.notFound((c) => status(c, 404, 'NotFound', 'no such endpoint'));

  app.get('/healthz', (c) => c.text('ok\n'));
  app.get('/readyz', (c) => {
    const readiness = options.readiness();
    return c.json({ ready: readiness.ready, reasons: readiness.reasons }, readiness.ready ? 200 : 503);
  });

  app.get('/metrics', (c) => {
    c.header('Content-Type', METRICS_CONTENT_TYPE);
    return c.body(metrics.render());
  });

  app.post(
    '/admission',
    limitBody({
      maxSize: options.limits?.admission ?? ADMISSION_BODY_LIMIT,
      onError: (c) => status(c, 413, 'RequestEntityTooLarge', 'the AdmissionReview is larger than the limit'),
    }),
    async (c) => {
      const started = performance.now();
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        metrics.admissionReviews.inc({ kind: '', operation: '', decision: 'error' });
        return status(c, 400, 'BadRequest', 'the body is not JSON');
      }
      const parsed = parseAdmissionReview(body);
      if (!parsed.ok) {
        metrics.admissionReviews.inc({ kind: '', operation: '', decision: 'error' });
        return status(c, 400, 'BadRequest', parsed.message);
      }
      const { request } = parsed;
      const snapshot = context.cluster?.current();
      const decision = decide(
        request,
        { config: context.config, now: context.now(), cluster: snapshot },
        options.enforce,
      );
      const answer: JsonObject = admissionResponse(request, withModelWarning(decision, context, snapshot));
      const seconds = (performance.now() - started) / 1000;
      // Metrics, the log line and the dashboard's feed once the answer is on its way: the API server
      // waits for the answer, not for them (setImmediate runs after this turn's responses are written).
      setImmediate(() => {
        recordAdmission(context, request, decision, seconds);
      });
      return c.json(answer);
    },
  );

  app.post(
    '/audit',
    async (c, next) => {
      if (!options.audit) {
        metrics.auditBatches.inc({ code: '404' });
        return status(
          c,
          404,
          'NotFound',
          'the audit webhook is off: start serve with --audit-token-file or --client-ca-file',
        );
      }
      const caller = checkCaller(c.env.incoming, options.audit.callers);
      if (!caller.ok) {
        metrics.auditBatches.inc({ code: String(caller.status) });
        logger.warn(
          { remote: c.env.incoming.socket.remoteAddress, status: caller.status },
          'audit caller refused',
        );
        return status(c, caller.status, caller.status === 401 ? 'Unauthorized' : 'Forbidden', caller.message);
      }
      await next();
    },
    limitBody({
      maxSize: options.limits?.audit ?? AUDIT_BODY_LIMIT,
      onError: (c) => {
        metrics.auditBatches.inc({ code: '413' });
        return status(c, 413, 'RequestEntityTooLarge', 'the EventList is larger than the limit');
      },
    }),
    async (c) => {
      const audit = options.audit;
      if (!audit) return status(c, 404, 'NotFound', 'the audit webhook is off');
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        metrics.auditBatches.inc({ code: '400' });
        return status(c, 400, 'BadRequest', 'the body is not JSON');
      }
      const list = parseEventList(body);
      if (!list.ok) {
        metrics.auditBatches.inc({ code: '400' });
        return status(c, 400, 'BadRequest', list.message);
      }
      try {
        const summary = await audit.receiver.receive(list.items);
        metrics.auditBatches.inc({ code: '200' });
        metrics.auditEvents.inc({ result: 'stored' }, summary.changes);
        metrics.auditEvents.inc({ result: 'duplicate' }, summary.duplicates);
        metrics.auditEvents.inc({ result: 'malformed' }, summary.malformed);
        metrics.auditEvents.inc(
          { result: 'untracked' },
          summary.events - summary.changes - summary.duplicates - summary.malformed,
        );
        logger.info({ ...summary }, 'audit batch stored');
        return c.json({});
      } catch (error) {
        metrics.auditBatches.inc({ code: '503' });
        logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'audit batch not stored',
        );
        return status(c, 503, 'ServiceUnavailable', 'the batch could not be stored; send it again');
      }
    },
  );

  for (const register of options.plugins ?? []) register(app, context);
  return app;
}

/** Without the cluster model yet (still loading), the object was reviewed alone: say so. */
function withModelWarning(
  decision: AdmissionDecision,
  context: ServerContext,
  snapshot: ClusterSnapshot | undefined,
): AdmissionDecision {
  if (context.cluster === undefined || snapshot !== undefined || decision.review === undefined)
    return decision;
  return {
    ...decision,
    warnings: [
      'gatewatch: the cluster model is not loaded yet; the object was reviewed alone',
      ...decision.warnings,
    ],
  };
}

function recordAdmission(
  context: ServerContext,
  request: AdmissionRequest,
  decision: AdmissionDecision,
  seconds: number,
): void {
  const { metrics, logger } = context;
  const labels = {
    kind: request.kind.kind,
    operation: request.operation,
    decision: decision.allowed ? 'allowed' : 'denied',
  };
  metrics.admissionReviews.inc(labels);
  metrics.admissionDuration.observe({}, seconds);
  for (const finding of decision.review?.findings ?? [])
    metrics.admissionFindings.inc({ rule: finding.ruleId, severity: finding.severity });
  if (decision.review !== undefined)
    logger.info(
      {
        uid: request.uid,
        kind: request.kind.kind,
        namespace: request.namespace,
        name: decision.review.resource.name,
        operation: request.operation,
        dryRun: request.dryRun,
        allowed: decision.allowed,
        findings: decision.review.findings.length,
        denying: decision.denying.map((finding) => finding.ruleId),
        ms: Math.round(seconds * 100_000) / 100,
      },
      'admission review',
    );
  context.events.emit('admission', { request, decision, time: context.now() });
}

/** Findings of a full review of a snapshot, for the `gatewatch_findings` gauge. */
export function findingCounts(
  findings: readonly { readonly ruleId: string; readonly severity: string }[],
): [Readonly<Record<string, string>>, number][] {
  const counts = new Map<string, { rule: string; severity: string; count: number }>();
  for (const finding of findings) {
    const key = `${finding.ruleId}\u0000${finding.severity}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { rule: finding.ruleId, severity: finding.severity, count: 1 });
  }
  return [...counts.values()].map((entry) => [{ rule: entry.rule, severity: entry.severity }, entry.count]);
}

/** Seconds to expiry of the leaf certificate of every TLS Secret of a snapshot. */
export function certificateExpiries(
  snapshot: ClusterSnapshot | undefined,
  now: number,
): [Readonly<Record<string, string>>, number][] {
  if (!snapshot) return [];
  const out: [Readonly<Record<string, string>>, number][] = [];
  for (const resource of snapshot.model.list('Secret')) {
    if (!isSecretResource(resource)) continue;
    const leaf = resource.tls?.chain[0];
    if (leaf === undefined) continue;
    out.push([
      { namespace: resource.namespace, secret: resource.name },
      Math.round((leaf.notAfter - now) / 1000),
    ]);
  }
  return out;
}
