/**
 * `gatewatch route URL`: the decision path of one request as text — request, frontend, candidate hosts,
 * candidate rules in precedence order, the winner, backend and pods, TLS and controls; with `--explain`,
 * why each loser lost and the rules that did not match. `-o json` is the `RouteDecision` itself (the
 * contract of spec/routing.md, schemas/route.v1.schema.json).
 */
import type { Candidate, RouteDecision, RouteTable } from '../../routing/index.ts';
import { escapeJsonInvisibles } from '../sanitize.ts';
import { backendLabel, controlCells } from './routes-report.ts';
import { painter, qualified, renderLines, safe, type Line, type Paint } from './text.ts';

export function formatRouteJson(decision: RouteDecision): string {
  return `${escapeJsonInvisibles(JSON.stringify(decision, null, 2))}\n`;
}

export interface RouteTextOptions {
  readonly explain: boolean;
  readonly color: boolean;
}

/** Reasons the matcher gives to rules whose match does not apply to the request at all. */
const NOT_MATCHING = /does not match|does not apply/;

export function formatRouteText(
  decision: RouteDecision,
  table: RouteTable,
  options: RouteTextOptions,
): string {
  const paint = painter(options.color);
  const frontendOf = (candidate: Candidate): string | undefined =>
    table.entries[candidate.entry]?.frontendKey;
  const own = decision.candidates.filter(
    (c) => decision.frontend === null || frontendOf(c) === decision.frontend,
  );
  const others = decision.candidates.filter((c) => !own.includes(c));
  const out: string[] = [];
  const { request } = decision;
  out.push(paint('bold', safe(`${request.method} ${request.scheme}://${request.host}${request.path}`)));
  for (const [name, value] of Object.entries(request.headers))
    out.push(paint('dim', safe(`  ${name}: ${value}`)));
  out.push('');
  const field = (label: string, value: string): string => `${paint('bold', label.padEnd(17))}${value}`;
  if (decision.frontend !== null) out.push(field('Frontend', frontendLabel(decision.frontend, table)));
  out.push(field('Candidate hosts', candidateHosts(decision, own) || '(none)'));
  out.push(...ruleLines(decision, own, options.explain, paint));
  if (decision.match) out.push(...winnerLines(decision, table, field, paint));
  else out.push(...fallbackLines(decision, field, paint));
  out.push(...otherFrontendLines(others, table, options.explain, paint));
  return `${out.join('\n')}\n`;
}

function frontendLabel(key: string, table: RouteTable): string {
  const frontend = table.frontends.find((f) => f.key === key)?.frontend;
  if (!frontend) return safe(key);
  if (frontend.type === 'gateway') {
    const port = frontend.port === undefined ? '' : `:${String(frontend.port)}`;
    const controller = frontend.controllerName === undefined ? '' : ` (${frontend.controllerName})`;
    return safe(`Gateway ${frontend.namespace}/${frontend.name}${port}${controller}`);
  }
  return safe(`ingress class ${frontend.className ?? '(none)'} (${frontend.controllerId})`);
}

/** Hosts of the rules that competed, most specific first (the winner's first). */
function candidateHosts(decision: RouteDecision, own: readonly Candidate[]): string {
  const hosts = new Set<string>();
  if (decision.match) hosts.add(decision.match.host);
  for (const candidate of own) hosts.add(candidate.host);
  return [...hosts].map((h) => safe(h)).join(', ');
}

function describe(candidate: { kind: string; namespace: string; name: string }): string {
  return `${safe(candidate.kind)} ${qualified(candidate.namespace, candidate.name)}`;
}

function ruleLines(
  decision: RouteDecision,
  own: readonly Candidate[],
  explain: boolean,
  paint: Paint,
): string[] {
  const competing = own.filter((c) => !NOT_MATCHING.test(c.lostBecause));
  const shown = explain ? own : competing;
  const hidden = own.length - shown.length;
  const lines: Line[] = [];
  const { match } = decision;
  if (match) {
    lines.push({
      cells: [
        { text: '✓', style: 'green' },
        { text: describe(match) },
        { text: safe(match.host) },
        { text: safe(match.path) },
        { text: safe(match.pathType), style: 'dim' },
        { text: 'wins', style: 'green' },
      ],
    });
  }
  for (const candidate of shown) {
    lines.push({
      cells: [
        { text: '✗', style: 'dim' },
        { text: describe(candidate) },
        { text: safe(candidate.host) },
        { text: safe(candidate.path) },
        { text: safe(candidate.pathType), style: 'dim' },
        explain ? { text: safe(candidate.lostBecause), style: 'yellow' } : { text: 'loses' },
      ],
    });
  }
  const out = [paint('bold', 'Rules, in precedence order')];
  if (lines.length === 0) out.push('  (no rule of any frontend names this host)');
  out.push(...renderLines(lines, paint));
  if (!explain && (hidden > 0 || competing.length > 0))
    out.push(
      paint(
        'dim',
        `  (--explain: why each rule lost${hidden > 0 ? `, and ${String(hidden)} more that do not match` : ''})`,
      ),
    );
  return out;
}

function winnerLines(
  decision: RouteDecision,
  table: RouteTable,
  field: (label: string, value: string) => string,
  paint: Paint,
): string[] {
  const { match } = decision;
  if (!match) return [];
  const entry = decision.entry === null ? undefined : table.entries[decision.entry];
  const line = entry?.source.line;
  const where =
    match.file === null ? '' : `  (${safe(match.file)}${line === undefined ? '' : `:${String(line)}`})`;
  const out = ['', field('Winner', `${describe(match)}  ${safe(match.fieldPath)}${paint('dim', where)}`)];
  if (decision.canary)
    out.push(field('Canary', safe(`decided by ${decision.canary.decidedBy}: ${decision.canary.detail}`)));
  if (decision.errorStatus !== null)
    out.push(
      field(
        'Answer',
        paint(
          'red',
          `HTTP ${String(decision.errorStatus)} from the controller${entry?.dead ? `: ${safe(entry.dead.detail)}` : ''}`,
        ),
      ),
    );
  if (decision.backends.length > 1) {
    out.push(field('Backends', ''));
    for (const backend of decision.backends)
      out.push(
        `  ${withKind(backend)}  ${String(Math.round(backend.share * 100))}%${backend.canary ? ' (canary)' : ''}${selectorText(backend.selector)}`,
      );
  } else if (decision.backend) {
    out.push(field('Backend', `${withKind(decision.backend)}${selectorText(decision.backend.selector)}`));
  } else out.push(field('Backend', '(none: the rule answers by itself, e.g. a redirect)'));
  const tls = decision.tls;
  out.push(field('TLS', tlsText(decision)));
  if (decision.controls) {
    const [, auth, extra] = controlCells(
      tls ? { ...tls, secretExists: null, certificateValid: null } : null,
      decision.controls,
    );
    const marks = [auth, extra].filter((c) => c !== undefined && c.text !== '');
    out.push(
      field(
        'Controls',
        marks.map((c) => (c?.style ? paint(c.style, c.text) : (c?.text ?? ''))).join(' · ') +
          missingControls(decision.controls),
      ),
    );
  }
  return out;
}

function missingControls(controls: NonNullable<RouteDecision['controls']>): string {
  const missing = [
    controls.allowlist === null ? 'no allowlist' : '',
    controls.rateLimit ? '' : 'no rate limit',
    controls.waf ? '' : 'no WAF',
  ].filter(Boolean);
  return missing.length > 0 ? ` · ${missing.join(' · ')}` : '';
}

/** `Service ns/name:port` (the route table's columns leave the kind out; here it reads as a sentence). */
function withKind(backend: Parameters<typeof backendLabel>[0]): string {
  return backend.kind === 'Service' ? `Service ${backendLabel(backend)}` : backendLabel(backend);
}

function selectorText(selector: Readonly<Record<string, string>> | null): string {
  if (selector === null) return '';
  const labels = Object.entries(selector).map(([k, v]) => `${k}=${v}`);
  return labels.length === 0 ? '  pods: (empty selector)' : `  pods: ${safe(labels.join(','))}`;
}

function tlsText(decision: RouteDecision): string {
  const { tls, request } = decision;
  if (!tls?.terminated)
    return request.scheme === 'https'
      ? 'not terminated here: no certificate for this host (the controller default certificate, if any)'
      : 'none (plain HTTP)';
  const secret = tls.secret === null ? "the controller's default certificate" : `Secret ${safe(tls.secret)}`;
  const covers =
    tls.coversHost === null
      ? 'whether it covers the host cannot be told'
      : tls.coversHost
        ? 'covers the host'
        : 'does NOT cover the host';
  return `terminated with ${secret}; ${covers}`;
}

function fallbackLines(
  decision: RouteDecision,
  field: (label: string, value: string) => string,
  paint: Paint,
): string[] {
  const answer =
    decision.fallback === 'default-backend' && decision.backend
      ? `the default backend ${withKind(decision.backend)}${selectorText(decision.backend.selector)}`
      : decision.frontend === null
        ? "no frontend has a rule for this host: the controller's 404"
        : "the controller's 404 (no spec.defaultBackend)";
  return [
    '',
    field('Winner', 'none: no rule matches'),
    field('Fallback', paint('yellow', `${decision.fallback ?? ''}: ${answer}`)),
  ];
}

function otherFrontendLines(
  others: readonly Candidate[],
  table: RouteTable,
  explain: boolean,
  paint: Paint,
): string[] {
  const shown = explain ? others : others.filter((c) => !NOT_MATCHING.test(c.lostBecause));
  const servedElsewhere = shown.filter((c) => c.lostBecause.startsWith('another frontend'));
  const rows = explain ? shown : servedElsewhere;
  if (rows.length === 0) return [];
  const lines: Line[] = rows.map((c) => ({
    cells: [
      { text: safe(table.entries[c.entry]?.frontendKey ?? ''), style: 'dim' },
      { text: describe(c) },
      { text: safe(c.host) },
      { text: safe(c.path) },
      { text: safe(c.pathType), style: 'dim' },
      explain ? { text: safe(c.lostBecause), style: 'yellow' } : { text: '' },
    ],
  }));
  return [
    '',
    paint('bold', 'Other frontends'),
    paint('dim', '  (which one a client reaches depends on DNS; --frontend KEY shows the decision of one)'),
    ...renderLines(lines, paint),
  ];
}
