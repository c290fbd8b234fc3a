/**
 * The dashboard's live script: it listens to `GET /events` (server-sent events, same origin: the CSP's
 * `connect-src 'self'`) and adds each entry to the timeline and alert tables, and updates the counters.
 * Like the report's filter script (report/html/client.ts) it is a typed function inlined as its source
 * text and allowed by hash; it builds every row with createElement and textContent, never markup.
 *
 * The function must be self-contained: it runs in the browser, where nothing of this module exists.
 */

/** One entry of the live feed, already worded for display (server-side). */
export interface FeedEntry {
  readonly seq: number;
  readonly time: string;
  /** change, alert, admission, synced, problem, leader. */
  readonly type: string;
  /** For alerts: error, warning, info. */
  readonly severity?: string;
  /** For finding alerts: new or resolved. */
  readonly state?: string;
  readonly object: string;
  readonly text: string;
}

/** The counters at the top of the page. */
export interface FeedStatus {
  readonly objects: number;
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

interface ClientElement {
  textContent: string | null;
  className: string;
  hidden: boolean;
  readonly firstChild: ClientElement | null;
  readonly lastChild: ClientElement | null;
  readonly childElementCount: number;
  appendChild(child: ClientElement): ClientElement;
  insertBefore(child: ClientElement, before: ClientElement | null): ClientElement;
  removeChild(child: ClientElement): ClientElement;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
}

interface ClientDocument {
  getElementById(id: string): ClientElement | null;
  createElement(tag: string): ClientElement;
}

interface ClientMessage {
  readonly data: string;
}

interface ClientEventSource {
  addEventListener(type: string, listener: (event: ClientMessage) => void): void;
}

interface ClientWindow {
  readonly EventSource: new (url: string) => ClientEventSource;
}

function gatewatchDashboardClient(win: ClientWindow, doc: ClientDocument): void {
  const MAX_ROWS = 500;
  const timeline = doc.getElementById('timeline-rows');
  const alerts = doc.getElementById('alert-rows');
  const stale = doc.getElementById('stale');
  const staleCount = doc.getElementById('stale-count');
  const connection = doc.getElementById('connection');
  if (!timeline || !alerts) return;
  let changesSinceLoad = 0;
  // Entries up to this one are in the page already (the feed replays recent entries on connect).
  const lastSeq = Number(timeline.getAttribute('data-last-seq') ?? '0');

  const cell = (row: ClientElement, text: string, className?: string): void => {
    const td = doc.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
  };
  const prepend = (body: ClientElement, row: ClientElement): void => {
    body.insertBefore(row, body.firstChild);
    while (body.childElementCount > MAX_ROWS && body.lastChild) body.removeChild(body.lastChild);
  };
  const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

  // The feed is ours, but read defensively: anything that is not a string shows as nothing.
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const word = (value: unknown): string => text(value).replace(/[^a-z]/g, '');

  const onEntry = (entry: Readonly<Record<string, unknown>>): void => {
    const seq = entry.seq;
    if (typeof seq !== 'number' || seq <= lastSeq) return;
    const type = text(entry.type);
    const row = doc.createElement('tr');
    row.setAttribute('data-seq', seq.toString());
    row.setAttribute('data-type', word(type));
    cell(row, shortTime(text(entry.time)), 'mono nowrap');
    cell(row, type, `kind kind-${word(type)}`);
    cell(row, text(entry.object), 'mono');
    cell(row, text(entry.text));
    prepend(timeline, row);
    if (type === 'alert') {
      const alertRow = doc.createElement('tr');
      alertRow.setAttribute('data-seq', seq.toString());
      cell(alertRow, shortTime(text(entry.time)), 'mono nowrap');
      cell(alertRow, text(entry.severity), `sev sev-${word(entry.severity)}`);
      cell(alertRow, text(entry.state));
      cell(alertRow, text(entry.object), 'mono');
      cell(alertRow, text(entry.text));
      prepend(alerts, alertRow);
      const empty = doc.getElementById('alerts-empty');
      if (empty) empty.hidden = true;
    }
    if (type === 'change') {
      changesSinceLoad++;
      if (stale && staleCount) {
        stale.hidden = false;
        staleCount.textContent = changesSinceLoad.toString();
      }
    }
    const empty = doc.getElementById('timeline-empty');
    if (empty) empty.hidden = true;
  };

  const onStatus = (status: FeedStatus): void => {
    for (const key of ['objects', 'error', 'warning', 'info'] as const) {
      const element = doc.getElementById(`count-${key}`);
      const value = status[key];
      if (element && typeof value === 'number') element.textContent = value.toLocaleString('en-US');
    }
  };

  const source = new win.EventSource('events');
  source.addEventListener('entry', (event) => {
    onEntry(JSON.parse(event.data) as Readonly<Record<string, unknown>>);
  });
  source.addEventListener('status', (event) => {
    onStatus(JSON.parse(event.data) as FeedStatus);
  });
  source.addEventListener('open', () => {
    if (connection) connection.textContent = 'live';
  });
  source.addEventListener('error', () => {
    if (connection) connection.textContent = 'reconnecting…';
  });
}

export const DASHBOARD_SCRIPT = `'use strict';\n(${gatewatchDashboardClient.toString()})(window, document);\n`;
