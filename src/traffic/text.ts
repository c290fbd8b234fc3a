/**
 * `gatewatch traffic` for an operator: what happened (volume, period, join coverage), the alerts
 * (most severe first, each with its route, clients, window and sample lines), then the four questions
 * of issue 6 — which routes are erroring, who is attacking what, which hosts nobody routes, which
 * routes nobody uses — and the busiest clients. Every value from the log or the manifests goes
 * through oneLine (a log line cannot repaint the terminal).
 */
import { oneLine } from '../report/sanitize.ts';
import type { TrafficAlert } from './detection.ts';
import { routeLabel } from './detection.ts';
import type { TrafficResult } from './result.ts';

const ATTACKS = new Set([
  'traffic-brute-force',
  'traffic-scanner',
  'traffic-sqli-probe',
  'traffic-xss-probe',
  'traffic-path-traversal',
  'traffic-sensitive-file-probe',
  'traffic-slow-probe',
]);
const ALERTS_SHOWN = 30;

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(part === 0 || part / whole >= 0.1 ? 0 : 1)}%`;
}

/** `2026-05-01T14:02:00.000Z` → `2026-05-01 14:02:00`. */
function clock(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, '');
}

function seconds(value: number | undefined): string {
  if (value === undefined) return '-';
  return value >= 1 ? `${value.toFixed(2)}s` : `${(value * 1000).toFixed(0)}ms`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}

function alertLines(alert: TrafficAlert): string[] {
  const lines = [
    `  ${alert.severity.toUpperCase().padEnd(7)} ${alert.detectionId}  ${oneLine(alert.summary)}`,
  ];
  const facts: string[] = [];
  if (alert.route) {
    const where =
      alert.route.file !== null
        ? ` (${oneLine(alert.route.file)}${alert.route.line !== null ? `:${String(alert.route.line)}` : ''})`
        : '';
    facts.push(`route: ${oneLine(routeLabel(alert.route))}${where}`);
  } else if (alert.upstream !== null) facts.push(`upstream: ${oneLine(alert.upstream)}`);
  if (alert.window) facts.push(`window: ${clock(alert.window.start)} → ${clock(alert.window.end)}`);
  if (alert.ips.length > 0)
    facts.push(
      `clients: ${alert.ips
        .slice(0, 3)
        .map((ip) => `${oneLine(ip.ip)} (${n(ip.count)})`)
        .join(', ')}${alert.ipCount > 3 ? ` and ${n(alert.ipCount - 3)} more` : ''}`,
    );
  for (const fact of facts) lines.push(`          ${fact}`);
  for (const sample of alert.samples.slice(0, 3))
    lines.push(
      `          ${oneLine(sample.file)}:${String(sample.line)}  ${oneLine(sample.clientIp)} ${oneLine(sample.method)} ${oneLine(sample.target)} → ${String(sample.status)}`,
    );
  return lines;
}

export function formatTrafficText(result: TrafficResult): string {
  const out: string[] = [];
  const { totals, inputs } = result;
  const period = result.period
    ? `${clock(result.period.start)} → ${clock(result.period.end)} UTC`
    : 'no requests';
  const formats = [...new Set(inputs.formats.map((f) => f.format))].join(', ') || 'unknown format';
  out.push(
    `gatewatch traffic: ${n(totals.requests)} requests, ${period}`,
    `  ${n(inputs.files.length)} input${inputs.files.length === 1 ? '' : 's'} (${formats}); ${n(inputs.malformed)} unparsable line${inputs.malformed === 1 ? '' : 's'}`,
  );
  for (const problem of inputs.problems.slice(0, 5))
    out.push(`    ${oneLine(problem.file)}:${String(problem.line)}: ${oneLine(problem.message)}`);
  if (result.routeTable.source === 'none')
    out.push('  no route table (give manifests with -f, or --cluster, to join requests to their routes)');
  else
    out.push(
      `  route table: ${n(result.routeTable.entries)} routes from ${result.routeTable.source}; ${percent(result.join.route, totals.requests)} of requests joined to a route, ${n(result.join['default-backend'])} to a default backend`,
    );
  const status = totals.status;
  out.push(
    `  status: 2xx ${n(status['2xx'])}, 3xx ${n(status['3xx'])}, 4xx ${n(status['4xx'])}, 5xx ${n(status['5xx'])}; latency p50 ${seconds(totals.requestTime?.p50)}, p95 ${seconds(totals.requestTime?.p95)}, p99 ${seconds(totals.requestTime?.p99)}`,
    '',
  );

  const alerts = result.alerts;
  const bySeverity = (severity: string): number => alerts.filter((a) => a.severity === severity).length;
  out.push(
    alerts.length === 0
      ? 'Alerts: none'
      : `Alerts: ${n(alerts.length)} (${n(bySeverity('error'))} error, ${n(bySeverity('warning'))} warning, ${n(bySeverity('info'))} info)`,
  );
  for (const alert of alerts.slice(0, ALERTS_SHOWN)) out.push(...alertLines(alert));
  if (alerts.length > ALERTS_SHOWN)
    out.push(`  … and ${n(alerts.length - ALERTS_SHOWN)} more (-o json lists every alert)`);
  out.push('');

  const erroring = result.routes
    .filter(
      (r) => r.route !== null && (r.status['5xx'] > 0 || r.status['4xx'] / Math.max(1, r.requests) >= 0.1),
    )
    .sort((a, b) => b.status['5xx'] / b.requests - a.status['5xx'] / a.requests || b.requests - a.requests)
    .slice(0, 10);
  out.push('Which routes are erroring');
  if (erroring.length === 0) out.push('  none: no route answered 5xx, none answered more than 10% 4xx');
  else
    out.push(
      ...table([
        ['ROUTE', 'REQUESTS', '5XX', '4XX', 'P95'],
        ...erroring.map((r) => [
          oneLine(r.route ? routeLabel(r.route) : '(other)'),
          n(r.requests),
          `${n(r.status['5xx'])} (${percent(r.status['5xx'], r.requests)})`,
          `${n(r.status['4xx'])} (${percent(r.status['4xx'], r.requests)})`,
          seconds(r.requestTime?.p95),
        ]),
      ]),
    );
  out.push('');

  out.push('Who is attacking what');
  const attackers = new Map<string, { detections: Set<string>; targets: Set<string>; requests: number }>();
  for (const alert of alerts) {
    if (!ATTACKS.has(alert.detectionId)) continue;
    for (const { ip, count } of alert.ips) {
      let row = attackers.get(ip);
      if (!row) attackers.set(ip, (row = { detections: new Set(), targets: new Set(), requests: 0 }));
      row.detections.add(alert.detectionId.replace(/^traffic-/, ''));
      row.requests += count;
      if (alert.route) row.targets.add(routeLabel(alert.route));
      else if (alert.host !== null) row.targets.add(alert.host);
      else if (alert.upstream !== null) row.targets.add(alert.upstream);
    }
  }
  if (attackers.size === 0) out.push('  nobody: no brute force, scanner or probe detected');
  else
    out.push(
      ...table([
        ['CLIENT', 'REQUESTS', 'WHAT', 'TARGETS'],
        ...[...attackers.entries()]
          .sort((a, b) => b[1].requests - a[1].requests)
          .slice(0, 15)
          .map(([ip, row]) => [
            oneLine(ip),
            n(row.requests),
            [...row.detections].join(', '),
            oneLine([...row.targets].slice(0, 3).join('; ') || '-'),
          ]),
      ]),
    );
  out.push('');

  out.push('Which hosts nobody routes');
  const unknown = alerts.filter((a) => a.detectionId === 'traffic-unknown-host');
  if (unknown.length === 0) out.push('  none: every request matched a rule');
  else for (const alert of unknown.slice(0, 10)) out.push(`  ${oneLine(alert.summary)}`);
  const unrouted = alerts.filter((a) => a.detectionId === 'traffic-unrouted-upstream');
  for (const alert of unrouted.slice(0, 10)) out.push(`  ${oneLine(alert.summary)}`);
  out.push('');

  out.push('Which routes nobody uses');
  const unused = alerts.filter((a) => a.detectionId === 'traffic-route-unused');
  if (result.routeTable.source === 'none') out.push('  not checked: no route table');
  else if (unused.length === 0) out.push('  none: every route of the frontends in the log received requests');
  else
    for (const alert of unused.slice(0, 20))
      out.push(`  ${oneLine(alert.route ? routeLabel(alert.route) : alert.summary)}`);
  out.push('');

  out.push('Busiest clients');
  out.push(
    ...table([
      ['CLIENT', 'REQUESTS'],
      ...(totals.topClientIps ?? []).slice(0, 5).map((top) => [oneLine(top.value), n(top.count)]),
    ]),
  );
  for (const skipped of result.notChecked)
    out.push('', `not checked: ${skipped.detectionId} (${skipped.reason})`);
  return `${out.join('\n')}\n`;
}

/** One line per alert, for `--follow`. */
export function formatAlertLine(alert: TrafficAlert): string {
  const route = alert.route ? ` [${oneLine(routeLabel(alert.route))}]` : '';
  return `${alert.severity.toUpperCase()} ${alert.detectionId}: ${oneLine(alert.summary)}${route}\n`;
}
