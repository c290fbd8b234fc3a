/**
 * The report's traffic section (`gatewatch report … --access-log FILE`): the alerts of `gatewatch
 * traffic`, the requests over time as an inline SVG chart, and per-route statistics with a sparkline
 * each. Everything is drawn here from numbers (no script, no fetch, no external stylesheet: SVG
 * presentation attributes, which the page's CSP allows); every string from the log or the manifests
 * goes through the `html` template and is escaped.
 */
import type { TrafficAlert } from '../../traffic/detection.ts';
import { routeLabel } from '../../traffic/detection.ts';
import type { RouteStats, Timeline, TrafficResult } from '../../traffic/result.ts';
import type { SeriesPoint } from '../../traffic/stats.ts';
import { html, type SafeHtml } from './safe-html.ts';
import { badge } from './sections.ts';

/** Colours readable on both the light and the dark background of the page. */
const COLOURS = { requests: '#4c8dd6', s4xx: '#d08a1e', s5xx: '#d6453d', grid: '#8c96a3' } as const;
const ALERTS_SHOWN = 100;
const ROUTES_SHOWN = 50;

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function share(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`;
}

function ms(seconds: number | undefined): string {
  return seconds === undefined ? '–' : `${(seconds * 1000).toFixed(0)} ms`;
}

/** `2026-05-01T14:02:00.000Z` → `2026-05-01 14:02`. */
function minute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

type SeriesKey = 'requests' | 's4xx' | 's5xx';

/** An SVG polyline's `points` for one series, scaled into width × height (y grows downwards). */
function polyline(
  points: readonly SeriesPoint[],
  key: SeriesKey,
  width: number,
  height: number,
  max: number,
): string {
  if (points.length === 0 || max === 0) return '';
  const step = points.length === 1 ? 0 : width / (points.length - 1);
  return points
    .map(
      (point, index) => `${(index * step).toFixed(1)},${(height - (point[key] / max) * height).toFixed(1)}`,
    )
    .join(' ');
}

/**
 * Requests, 4xx and 5xx per bucket: three lines over a light grid, with the peak and the period as
 * labels. `role="img"` and a text alternative say the same for screen readers.
 */
export function timelineChart(timeline: Timeline, title: string): SafeHtml {
  const points = timeline.points;
  if (points.length === 0) return html`<p class="empty">No requests to draw.</p>`;
  const width = 720;
  const height = 160;
  const left = 48;
  const bottom = 22;
  const max = Math.max(1, ...points.map((p) => p.requests));
  const total5xx = points.reduce((sum, p) => sum + p.s5xx, 0);
  const total4xx = points.reduce((sum, p) => sum + p.s4xx, 0);
  const first = points[0]?.time ?? '';
  const last = points.at(-1)?.time ?? '';
  const bucket =
    timeline.bucketSeconds >= 120 ? `${String(timeline.bucketSeconds / 60)}-minute` : 'one-minute';
  const description = `${title}: up to ${n(max)} requests per ${bucket} bucket from ${minute(first)} to ${minute(last)} UTC; ${n(total4xx)} 4xx and ${n(total5xx)} 5xx in all.`;
  const line = (key: SeriesKey, colour: string): SafeHtml =>
    html`<polyline
      fill="none"
      stroke="${colour}"
      stroke-width="1.5"
      points="${polyline(points, key, width, height, max)}"
    />`;
  return html`<figure class="traffic-chart">
    <svg
      role="img"
      aria-label="${description}"
      viewBox="0 0 ${String(width + left + 8)} ${String(height + bottom + 8)}"
      width="100%"
      preserveAspectRatio="xMidYMid meet"
    >
      <title>${description}</title>
      <g transform="translate(${String(left)},4)">
        <line
          x1="0"
          y1="0"
          x2="${String(width)}"
          y2="0"
          stroke="${COLOURS.grid}"
          stroke-width="0.5"
          stroke-dasharray="3 3"
        />
        <line
          x1="0"
          y1="${String(height / 2)}"
          x2="${String(width)}"
          y2="${String(height / 2)}"
          stroke="${COLOURS.grid}"
          stroke-width="0.5"
          stroke-dasharray="3 3"
        />
        <line
          x1="0"
          y1="${String(height)}"
          x2="${String(width)}"
          y2="${String(height)}"
          stroke="${COLOURS.grid}"
          stroke-width="1"
        />
        <text x="-6" y="4" text-anchor="end" font-size="11" fill="${COLOURS.grid}">${n(max)}</text>
        <text x="-6" y="${String(height)}" text-anchor="end" font-size="11" fill="${COLOURS.grid}">0</text>
        <text x="0" y="${String(height + 16)}" font-size="11" fill="${COLOURS.grid}">${minute(first)}</text>
        <text
          x="${String(width)}"
          y="${String(height + 16)}"
          text-anchor="end"
          font-size="11"
          fill="${COLOURS.grid}"
        >
          ${minute(last)} UTC
        </text>
        ${line('requests', COLOURS.requests)} ${line('s4xx', COLOURS.s4xx)} ${line('s5xx', COLOURS.s5xx)}
      </g>
    </svg>
    <figcaption>
      <span class="legend"
        ><svg width="12" height="4" aria-hidden="true">
          <rect width="12" height="4" fill="${COLOURS.requests}" />
        </svg>
        requests</span
      >
      <span class="legend"
        ><svg width="12" height="4" aria-hidden="true">
          <rect width="12" height="4" fill="${COLOURS.s4xx}" />
        </svg>
        4xx</span
      >
      <span class="legend"
        ><svg width="12" height="4" aria-hidden="true">
          <rect width="12" height="4" fill="${COLOURS.s5xx}" />
        </svg>
        5xx</span
      >
      — ${bucket} buckets
    </figcaption>
  </figure>`;
}

/** A small line of the route's requests and 5xx, for its table row. */
function sparkline(timeline: Timeline | undefined): SafeHtml {
  if (!timeline || timeline.points.length < 2) return html``;
  const width = 120;
  const height = 24;
  const max = Math.max(1, ...timeline.points.map((p) => p.requests));
  return html`<svg
    width="${String(width)}"
    height="${String(height)}"
    viewBox="0 0 ${String(width)} ${String(height)}"
    aria-hidden="true"
  >
    <polyline
      fill="none"
      stroke="${COLOURS.requests}"
      stroke-width="1"
      points="${polyline(timeline.points, 'requests', width, height, max)}"
    />
    <polyline
      fill="none"
      stroke="${COLOURS.s5xx}"
      stroke-width="1"
      points="${polyline(timeline.points, 's5xx', width, height, max)}"
    />
  </svg>`;
}

function alertRow(alert: TrafficAlert): SafeHtml {
  const tone = alert.severity;
  const clients = alert.ips
    .slice(0, 3)
    .map((ip) => `${ip.ip} (${n(ip.count)})`)
    .join(', ');
  return html`<tr>
    <td>${badge(alert.severity, tone)}</td>
    <td class="mono">${alert.detectionId}</td>
    <td>
      ${alert.summary}
      ${
        alert.route
          ? html`<span class="sub"
              >${routeLabel(alert.route)}${alert.route.file !== null ? html` <span class="mono">${alert.route.file}${alert.route.line !== null ? `:${String(alert.route.line)}` : ''}</span>` : ''}</span
            >`
          : ''
      }
      ${
        alert.samples.length > 0
          ? html`<span class="sub mono"
              >${alert.samples
                .slice(0, 2)
                .map((s) => `${s.file}:${String(s.line)} ${s.method} ${s.target} → ${String(s.status)}`)
                .join(' · ')}</span
            >`
          : ''
      }
    </td>
    <td>${clients}${alert.ipCount > 3 ? ` and ${n(alert.ipCount - 3)} more` : ''}</td>
    <td>${n(alert.count)}</td>
    <td class="mono">
      ${alert.window ? `${minute(alert.window.start)} → ${minute(alert.window.end)}` : '–'}
    </td>
  </tr>`;
}

function routeRow(row: RouteStats): SafeHtml {
  const s = row.status;
  return html`<tr>
    <td>${row.route ? routeLabel(row.route) : '(other routes)'}</td>
    <td>${n(row.requests)}</td>
    <td>${n(s['2xx'] + s['3xx'])}</td>
    <td>${n(s['4xx'])} <span class="sub">${share(s['4xx'], row.requests)}</span></td>
    <td>${n(s['5xx'])} <span class="sub">${share(s['5xx'], row.requests)}</span></td>
    <td>${ms(row.requestTime?.p50)} / ${ms(row.requestTime?.p95)}</td>
    <td>${sparkline(row.timeline)}</td>
  </tr>`;
}

export function renderTrafficSection(traffic: TrafficResult): SafeHtml {
  const { totals } = traffic;
  const period = traffic.period
    ? `${minute(traffic.period.start)} → ${minute(traffic.period.end)} UTC`
    : 'no requests';
  const alerts = traffic.alerts.slice(0, ALERTS_SHOWN);
  const alertTable =
    alerts.length === 0
      ? html`<p class="empty">No traffic detection fired.</p>`
      : html`<div class="table-wrap">
          <table>
            <caption>
              Alerts, most severe
              first${
                traffic.alerts.length > ALERTS_SHOWN
                  ? ` (the first ${String(ALERTS_SHOWN)} of ${n(traffic.alerts.length)})`
                  : ''
              }.
            </caption>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Detection</th>
                <th scope="col">What</th>
                <th scope="col">Clients</th>
                <th scope="col">Requests</th>
                <th scope="col">Window</th>
              </tr>
            </thead>
            <tbody>
              ${alerts.map(alertRow)}
            </tbody>
          </table>
        </div>`;
  const routes = traffic.routes.slice(0, ROUTES_SHOWN);
  const routeTable =
    routes.length === 0
      ? html`<p class="empty">
          ${
            traffic.routeTable.source === 'none'
              ? 'No route table: give the manifests or --cluster to join requests to their routes.'
              : 'No request was joined to a route.'
          }
        </p>`
      : html`<div class="table-wrap">
          <table>
            <caption>
              Requests per route (Ingress rule or HTTPRoute rule), busiest first.
            </caption>
            <thead>
              <tr>
                <th scope="col">Route</th>
                <th scope="col">Requests</th>
                <th scope="col">2xx/3xx</th>
                <th scope="col">4xx</th>
                <th scope="col">5xx</th>
                <th scope="col">p50 / p95</th>
                <th scope="col">Over time</th>
              </tr>
            </thead>
            <tbody>
              ${routes.map(routeRow)}
            </tbody>
          </table>
        </div>`;
  return html`<section class="card" id="traffic" aria-labelledby="traffic-title">
    <h2 id="traffic-title">Traffic <span class="count">${n(traffic.alerts.length)}</span></h2>
    <p class="lead">
      ${n(totals.requests)} requests from ${traffic.inputs.files.join(', ')}, ${period};
      ${n(traffic.join.route)} joined to a route, ${n(traffic.join['default-backend'])} answered by a default
      backend; ${n(traffic.inputs.malformed)} unparsable lines.
    </p>
    ${timelineChart(traffic.timeline, 'Requests over time')}
    <h3>Alerts</h3>
    ${alertTable}
    <h3>Routes</h3>
    ${routeTable}
  </section>`;
}
