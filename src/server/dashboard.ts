/**
 * The live dashboard of `gatewatch serve`: `GET /` is the HTML report's views of the current cluster
 * model (summary, route map, TLS certificates, threat surface, findings — the same section renderers
 * as `gatewatch report -o html`) plus the change timeline and the alerts; `GET /events` is a
 * server-sent event stream that keeps the timeline, the alerts and the counters current.
 *
 * Where the timeline comes from: with a watch (src/watch/watcher.ts) its own timeline — every change,
 * every new and resolved finding; otherwise the server's events — changed objects between cluster
 * snapshots, alerts of the audit webhook's detections, denied admissions.
 *
 * Safety: a token is required unless the server is bound to loopback (dashboard-access.ts); every
 * string from the cluster is escaped (html`…`, SafeHtml) on the server and set with textContent in the
 * browser; the page allows only its own stylesheet and scripts, by hash, and may connect only to
 * itself (Content-Security-Policy header); nothing is framed, cached or sent as a referrer.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Finding, NotChecked } from '../engine/finding.ts';
import { compareFindings, severityRank } from '../engine/finding.ts';
import { runRules } from '../engine/run-rules.ts';
import type { Alert } from '../ledger/alerts/alert.ts';
import type { Model } from '../model/model.ts';
import { displayName, type Resource } from '../model/resource.ts';
import {
  buildReportData,
  cspHash,
  DATA_ELEMENT_ID,
  FilterRows,
  html,
  jsonScriptElement,
  renderCertificatesSection,
  renderFilterBar,
  renderFindingsSection,
  renderRouteMapSection,
  renderSummarySection,
  renderThreatSurfaceSection,
  REPORT_CSS,
  REPORT_SCRIPT,
  scriptElement,
  styleElement,
  type SafeHtml,
} from '../report/html/index.ts';
import { findRule } from '../rules/index.ts';
import { TOOL_VERSION } from '../version.ts';
import type { TimelineEntry } from '../watch/watcher.ts';
import type { AppEnv, GatewatchApp, RouteRegistrar, ServerContext } from './app.ts';
import type { ClusterSnapshot } from './cluster-model.ts';
import { DASHBOARD_SCRIPT, type FeedEntry, type FeedStatus } from './dashboard-client.ts';
import { decideAccess, setCookieHeader } from './dashboard-access.ts';

export interface DashboardOptions {
  /** Ask for the token even on loopback (also how tests exercise the non-loopback path). */
  readonly requireToken?: boolean;
  /** Entries kept for a page load and for new subscribers. */
  readonly timelineSize?: number;
}

const DASHBOARD_CSS = `
.live { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 999px; background: #e7f5ec; color: #0f5132; font-size: 0.8rem; }
.stale { margin: 0.5rem 0 1rem; padding: 0.5rem 0.75rem; border-left: 4px solid #b58105; background: #fff8e1; }
.feed td { vertical-align: top; }
.nowrap { white-space: nowrap; }
.kind { font-weight: 600; }
.kind-alert, .sev-error { color: #b42318; }
.sev-warning { color: #8a5a00; }
.sev-info { color: #175cd3; }
`;

/** The page's CSP: its own style and scripts by hash, connections to itself only (the event stream). */
export function dashboardCsp(): string {
  return [
    "default-src 'none'",
    `style-src ${[REPORT_CSS, DASHBOARD_CSS].map(cspHash).join(' ')}`,
    `script-src ${[REPORT_SCRIPT, DASHBOARD_SCRIPT].map(cspHash).join(' ')}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(c: Context<AppEnv>): void {
  c.header('Content-Security-Policy', dashboardCsp());
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
}

// ---------------------------------------------------------------------------------------------------
// The feed: entries worded for display, from the watch or from the server's events

function objectName(ref: { kind: string; namespace: string | null; name: string }): string {
  return displayName({ kind: ref.kind, namespace: ref.namespace ?? '', name: ref.name });
}

function alertEntry(alert: Alert): Omit<FeedEntry, 'seq' | 'time'> {
  const state = alert.details.state;
  return {
    type: 'alert',
    severity: alert.severity,
    ...(typeof state === 'string' ? { state } : { state: alert.detectionId }),
    object: objectName(alert.object),
    text: alert.summary,
  };
}

/** A watch timeline entry for display (undefined: not shown). */
export function feedOfTimeline(entry: TimelineEntry): FeedEntry | undefined {
  const base = { seq: entry.seq, time: entry.time };
  switch (entry.type) {
    case 'change':
      return {
        ...base,
        type: 'change',
        object: objectName(entry),
        text: `${entry.verb}; ${String(entry.added)} new, ${String(entry.resolved)} resolved finding(s); reviewed in ${String(entry.reviewMs)} ms`,
      };
    case 'alert':
      return { ...base, ...alertEntry(entry.alert) };
    case 'synced':
      return {
        ...base,
        type: 'synced',
        object: '',
        text: `model loaded: ${String(entry.objects)} objects, ${String(entry.findings)} findings`,
      };
    case 'problem':
      return { ...base, type: 'problem', object: entry.kind, text: entry.message };
    case 'leader':
      return {
        ...base,
        type: 'leader',
        object: entry.holder,
        text: entry.leading ? 'this replica leads' : 'another replica leads',
      };
  }
}

/** A bounded feed with subscribers. */
class Feed {
  readonly entries: FeedEntry[] = [];
  private readonly listeners = new Set<(entry: FeedEntry) => void>();
  private seq = 0;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  add(entry: Omit<FeedEntry, 'seq' | 'time'> & { seq?: number; time?: string }, now: number): void {
    const full: FeedEntry = {
      ...entry,
      seq: entry.seq ?? ++this.seq,
      time: entry.time ?? new Date(now).toISOString(),
    };
    this.seq = Math.max(this.seq, full.seq);
    this.entries.push(full);
    if (this.entries.length > this.size) this.entries.splice(0, this.entries.length - this.size);
    for (const listener of this.listeners) listener(full);
  }

  subscribe(listener: (entry: FeedEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get lastSeq(): number {
    return this.entries.at(-1)?.seq ?? 0;
  }
}

function versionOf(resource: Resource): string {
  const metadata = resource.body.metadata;
  const version =
    typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
      ? metadata.resourceVersion
      : undefined;
  return typeof version === 'string' ? version : '';
}

/** Objects added, changed or deleted between two snapshots (by key and resourceVersion). */
function snapshotChanges(before: Model | undefined, after: Model): { verb: string; resource: Resource }[] {
  if (!before) return [];
  const old = new Map(before.resources.map((r) => [`${r.kind}/${r.namespace}/${r.name}`, r]));
  const changes: { verb: string; resource: Resource }[] = [];
  for (const resource of after.resources) {
    const key = `${resource.kind}/${resource.namespace}/${resource.name}`;
    const previous = old.get(key);
    old.delete(key);
    if (!previous) changes.push({ verb: 'added', resource });
    else if (previous !== resource && versionOf(previous) !== versionOf(resource))
      changes.push({ verb: 'modified', resource });
  }
  for (const resource of old.values()) changes.push({ verb: 'deleted', resource });
  return changes;
}

// ---------------------------------------------------------------------------------------------------
// The page

interface Review {
  readonly model: Model | undefined;
  readonly findings: readonly Finding[];
  readonly notChecked: readonly NotChecked[];
}

function counts(findings: readonly Finding[]): { error: number; warning: number; info: number } {
  const out = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) out[finding.severity]++;
  return out;
}

function feedRows(entries: readonly FeedEntry[]): SafeHtml[] {
  return [...entries].reverse().map(
    (entry) =>
      html`<tr data-seq="${entry.seq}" data-type="${entry.type}">
        <td class="mono nowrap">${entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</td>
        <td class="kind kind-${entry.type.replace(/[^a-z]/g, '')}">${entry.type}</td>
        <td class="mono">${entry.object}</td>
        <td>${entry.text}</td>
      </tr>`,
  );
}

function alertRows(entries: readonly FeedEntry[]): SafeHtml[] {
  return [...entries]
    .filter((entry) => entry.type === 'alert')
    .reverse()
    .map(
      (entry) =>
        html`<tr data-seq="${entry.seq}">
          <td class="mono nowrap">${entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</td>
          <td class="sev sev-${(entry.severity ?? '').replace(/[^a-z]/g, '')}">${entry.severity ?? ''}</td>
          <td>${entry.state ?? ''}</td>
          <td class="mono">${entry.object}</td>
          <td>${entry.text}</td>
        </tr>`,
    );
}

export function renderDashboard(
  review: Review,
  feed: readonly FeedEntry[],
  now: number,
  source: string,
): string {
  const findings = [...review.findings].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || compareFindings(a, b),
  );
  const data = buildReportData({
    report: {
      tool: { name: 'gatewatch', version: TOOL_VERSION },
      findings,
      suppressed: [],
      notChecked: [...review.notChecked],
      problems: [],
      objects: review.model?.size ?? 0,
      skippedKinds: new Map(),
      rules: [],
      lookup: findRule,
    },
    ...(review.model ? { model: review.model } : {}),
    now,
    source,
  });
  const rows = new FilterRows();
  const sections: SafeHtml[] = [renderSummarySection(data)];
  if (data.routes) sections.push(renderRouteMapSection(data.routes, rows));
  if (data.certificates) sections.push(renderCertificatesSection(data.certificates, data.now, rows));
  if (data.exposure) sections.push(renderThreatSurfaceSection(data.exposure, rows));
  sections.push(renderFindingsSection(data.findings, rows));
  const tally = counts(findings);
  const alerts = alertRows(feed);
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="referrer" content="no-referrer" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>gatewatch dashboard — ${source}</title>
        ${styleElement(REPORT_CSS)} ${styleElement(DASHBOARD_CSS)}
      </head>
      <body>
        <div class="page">
          <header class="masthead">
            <div>
              <h1><span class="brand">gatewatch</span> dashboard</h1>
              <p class="subtitle">
                <span class="mono">${source}</span> · <span id="connection" class="live">connecting…</span>
              </p>
            </div>
            <dl class="meta">
              <dt>Objects</dt>
              <dd id="count-objects">${(review.model?.size ?? 0).toLocaleString('en-US')}</dd>
              <dt>Errors</dt>
              <dd id="count-error">${tally.error.toLocaleString('en-US')}</dd>
              <dt>Warnings</dt>
              <dd id="count-warning">${tally.warning.toLocaleString('en-US')}</dd>
              <dt>Info</dt>
              <dd id="count-info">${tally.info.toLocaleString('en-US')}</dd>
            </dl>
          </header>
          <nav aria-label="Sections">
            <ul class="toc">
              <li><a href="#timeline">Timeline</a></li>
              <li><a href="#alerts">Alerts</a></li>
              <li><a href="#summary">Summary</a></li>
              <li><a href="#findings">Findings</a></li>
            </ul>
          </nav>
          <p id="stale" class="stale" hidden>
            <span id="stale-count">0</span> change(s) since this page was drawn: the timeline and alerts are
            live; reload for the current route map, certificates and findings.
          </p>
          <section id="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Change timeline</h2>
            <p id="timeline-empty" ${feed.length > 0 ? 'hidden' : ''}>
              Nothing has happened since the server started.
            </p>
            <table class="feed">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Event</th>
                  <th>Object</th>
                  <th>What</th>
                </tr>
              </thead>
              <tbody id="timeline-rows" data-last-seq="${feed.at(-1)?.seq ?? 0}">
                ${feedRows(feed)}
              </tbody>
            </table>
          </section>
          <section id="alerts" aria-labelledby="alerts-title">
            <h2 id="alerts-title">Alerts</h2>
            <p id="alerts-empty" ${alerts.length > 0 ? 'hidden' : ''}>No alerts yet.</p>
            <table class="feed">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Severity</th>
                  <th>State</th>
                  <th>Object</th>
                  <th>Alert</th>
                </tr>
              </thead>
              <tbody id="alert-rows">
                ${alerts}
              </tbody>
            </table>
          </section>
          ${renderFilterBar()}
          <main>${sections}</main>
          <footer>gatewatch ${TOOL_VERSION}: this page loads nothing but itself and its event stream.</footer>
        </div>
        ${jsonScriptElement(DATA_ELEMENT_ID, rows.index())} ${scriptElement(REPORT_SCRIPT)}
        ${scriptElement(DASHBOARD_SCRIPT)}
      </body>
    </html>`;
  return page.toString();
}

// ---------------------------------------------------------------------------------------------------
// Routes

function authorize(
  c: Context<AppEnv>,
  context: ServerContext,
  options: DashboardOptions,
): Response | undefined {
  const decision = decideAccess({
    loopback: context.loopback,
    requireToken: options.requireToken ?? false,
    token: context.dashboardToken(),
    authorization: c.req.header('authorization'),
    cookieHeader: c.req.header('cookie'),
    queryToken: c.req.query('token'),
  });
  if (!decision.allow) {
    securityHeaders(c);
    c.header('WWW-Authenticate', 'Bearer realm="gatewatch dashboard"');
    return c.text(`${decision.message}\n`, decision.status);
  }
  if (decision.setCookie !== undefined) {
    // The token leaves the address bar (and the history) at once.
    securityHeaders(c);
    c.header('Set-Cookie', setCookieHeader(decision.setCookie, new URL(c.req.url).protocol === 'https:'));
    return c.redirect('/', 303);
  }
  return undefined;
}

/** The dashboard as a route plugin (see app.ts); `registerDashboard` is it with default options. */
export function dashboardPlugin(options: DashboardOptions = {}): RouteRegistrar {
  return (app: GatewatchApp, context: ServerContext) => {
    const feed = new Feed(options.timelineSize ?? 500);
    const now = (): number => context.now();
    // The watch's timeline and findings; without one, the server's events and a review per snapshot.
    const { watch } = context;
    let lastModel: Model | undefined;
    let reviewed:
      { model: Model; findings: readonly Finding[]; notChecked: readonly NotChecked[] } | undefined;

    const review = (): Review => {
      const snapshot: ClusterSnapshot | undefined = context.cluster?.current();
      const model = snapshot?.model;
      if (watch) return { model, findings: watch.findings(), notChecked: watch.notChecked() };
      if (!model) return { model: undefined, findings: [], notChecked: [] };
      if (reviewed?.model !== model) {
        const result = runRules({ model, config: context.config, now: now() });
        reviewed = { model, findings: result.findings, notChecked: result.notChecked };
      }
      return reviewed;
    };
    const status = (): FeedStatus => {
      const current = review();
      return { objects: current.model?.size ?? 0, ...counts(current.findings) };
    };

    if (watch) {
      for (const entry of watch.timeline()) {
        const shown = feedOfTimeline(entry);
        if (shown) feed.add(shown, now());
      }
      watch.subscribe((entry) => {
        const shown = feedOfTimeline(entry);
        if (shown) feed.add(shown, now());
      });
    } else {
      lastModel = context.cluster?.current()?.model;
      context.events.on('snapshot', (snapshot) => {
        for (const { verb, resource } of snapshotChanges(lastModel, snapshot.model))
          feed.add({ type: 'change', object: displayName(resource), text: verb }, now());
        lastModel = snapshot.model;
      });
    }
    // The audit webhook's detections (the watch's own alerts come through its timeline above).
    context.events.on('alert', (alert) => {
      feed.add(alertEntry(alert), now());
    });
    context.events.on('admission', ({ request, decision }) => {
      if (decision.allowed && decision.warnings.length === 0) return;
      feed.add(
        {
          type: 'admission',
          object: displayName({
            kind: request.kind.kind,
            namespace: request.namespace,
            name: request.name,
          }),
          text: `${request.operation} ${decision.allowed ? 'allowed with warnings' : 'denied'}`,
        },
        now(),
      );
    });

    app.get('/', (c) => {
      const refused = authorize(c, context, options);
      if (refused) return refused;
      securityHeaders(c);
      const source = context.cluster ? 'the cluster' : 'no cluster (serve without --cluster)';
      return c.html(renderDashboard(review(), feed.entries, now(), source));
    });

    app.get('/events', (c) => {
      const refused = authorize(c, context, options);
      if (refused) return refused;
      securityHeaders(c);
      const lastEventId = Number(c.req.header('last-event-id') ?? '0');
      return streamSSE(c, async (stream) => {
        const queue: FeedEntry[] = feed.entries.filter((entry) => entry.seq > lastEventId);
        let wake: (() => void) | undefined;
        const unsubscribe = feed.subscribe((entry) => {
          queue.push(entry);
          wake?.();
        });
        const state = { closed: false };
        stream.onAbort(() => {
          state.closed = true;
          unsubscribe();
          wake?.();
        });
        await stream.writeSSE({ event: 'status', data: JSON.stringify(status()) });
        while (!state.closed) {
          const entry = queue.shift();
          if (entry) {
            await stream.writeSSE({ event: 'entry', id: String(entry.seq), data: JSON.stringify(entry) });
            if (queue.length === 0 && entry.type !== 'problem')
              await stream.writeSSE({ event: 'status', data: JSON.stringify(status()) });
            continue;
          }
          // Quiet: a comment every 15 s keeps proxies from closing the stream.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 15_000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
          // (the abort may have happened while waiting)
          if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
        }
      });
    });
  };
}

export const registerDashboard: RouteRegistrar = dashboardPlugin();

export { feedOfTimeline as dashboardFeedOfTimeline };
