/**
 * The report's sections, each a pure function from report data to SafeHtml. The `report` page and,
 * later, the `serve` dashboard compose the same functions. Every value from manifests goes through the
 * `html` template (escaped); nothing from manifests becomes a link, an id or an attribute name.
 *
 * Rows that the page's filters act on carry `data-row="N"`, where N indexes the FilterIndex the
 * renderers fill (the client script reads it from the page's JSON block).
 */
import type { Severity } from '../../engine/rule.ts';
import type { ObjectRef } from '../../model/resource.ts';
import type { FilterIndex, FilterRow } from './client.ts';
import type {
  CertificateRow,
  CertificateState,
  ExposureRow,
  FindingRow,
  ReportData,
  RouteRow,
  RouteTlsState,
  SourceRow,
} from './data.ts';
import { stripControl } from '../sanitize.ts';
import { html, safeHref, type SafeHtml } from './safe-html.ts';

/** Collects the filterable rows in page order; `add` returns the row's `data-row` index. */
export class FilterRows {
  readonly #rows: FilterRow[] = [];

  add(namespace: string, texts: readonly (string | undefined)[], severity?: Severity): number {
    // The script shows namespaces as text (the namespace menu): neutralised as the page's text is.
    const text = stripControl(
      texts
        .filter((t): t is string => t !== undefined && t !== '')
        .join(' ')
        .toWellFormed(),
    ).toLowerCase();
    this.#rows.push({
      ns: stripControl(namespace.toWellFormed()),
      ...(severity ? { sev: severity } : {}),
      text,
    });
    return this.#rows.length - 1;
  }

  index(): FilterIndex {
    const namespaces = [...new Set(this.#rows.map((row) => row.ns))].sort();
    return { namespaces, rows: this.#rows };
  }
}

type Tone = 'error' | 'warning' | 'info' | 'ok' | 'neutral';

export function badge(text: string, tone: Tone): SafeHtml {
  return html`<span class="badge b-${tone}">${text}</span>`;
}

const SEVERITY_LABEL: Readonly<Record<Severity, { one: string; many: string }>> = {
  error: { one: 'error', many: 'Errors' },
  warning: { one: 'warning', many: 'Warnings' },
  info: { one: 'info', many: 'Info' },
};

function objectLabel(ref: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return ref.namespace === '' ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

function locationLabel(file: string | undefined, line: number | undefined): string | undefined {
  if (file === undefined) return undefined;
  return line === undefined ? file : `${file}:${String(line)}`;
}

function sourceCell(source: SourceRow): SafeHtml {
  const where = locationLabel(source.file, source.line);
  return html`<td>${objectLabel(source)}${where ? html`<span class="sub mono">${where}</span>` : ''}</td>`;
}

/** `2026-06-01T00:00:00.000Z` → `2026-06-01 00:00 UTC`. */
export function displayTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1] ?? ''} ${match[2] ?? ''} UTC` : iso;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** Nothing matches the filters: said in place of the section's tables. */
const NO_MATCH = html`<p class="empty" data-no-match hidden>No rows match the filters.</p>`;

// ---------------------------------------------------------------------------------------------------
// Summary

function tile(value: number, label: string, note: string | undefined, tone?: Severity): SafeHtml {
  return html`<div class="tile${tone ? ` t-${tone}` : ''}">
    <span class="value">${value.toLocaleString('en-US')}</span><span class="label">${label}</span>${
      note ? html`<span class="note">${note}</span>` : ''
    }
  </div>`;
}

export function renderSummarySection(data: ReportData): SafeHtml {
  const { summary } = data;
  const tiles = [
    tile(summary.findings.error, 'Errors', undefined, summary.findings.error > 0 ? 'error' : undefined),
    tile(
      summary.findings.warning,
      'Warnings',
      undefined,
      summary.findings.warning > 0 ? 'warning' : undefined,
    ),
    tile(summary.findings.info, 'Info', undefined, summary.findings.info > 0 ? 'info' : undefined),
    tile(
      summary.objects,
      'Objects reviewed',
      summary.suppressed > 0 ? `${plural(summary.suppressed, 'finding')} suppressed` : undefined,
    ),
    summary.routes
      ? tile(
          summary.routes.total,
          'Routes',
          `${plural(summary.routes.hosts, 'host')}, ${String(summary.routes.inactive)} inactive`,
        )
      : '',
    summary.exposure
      ? tile(
          summary.exposure.services,
          'Exposed Services',
          `${String(summary.exposure.withoutTls)} without TLS, ${String(summary.exposure.withoutAuth)} without auth`,
        )
      : '',
    summary.certificates
      ? tile(
          summary.certificates.total,
          'TLS certificates',
          `${String(summary.certificates.expired)} expired, ${String(summary.certificates.expiring)} expiring, ${String(summary.certificates.unusable)} unusable`,
        )
      : '',
  ];
  const notChecked =
    summary.notChecked.length === 0
      ? html`<p class="empty">Every enabled rule was checked.</p>`
      : html`<ul class="plain-list">
          ${summary.notChecked.map((item) => html`<li><code>${item.ruleId}</code> — ${item.reason}</li>`)}
        </ul>`;
  const problems =
    summary.problems.length === 0
      ? html`<p class="empty">Every input was read.</p>`
      : html`<ul class="plain-list">
          ${summary.problems.map(
            (problem) =>
              html`<li>
                ${badge(problem.id, problemTone(problem.id))}
                <span class="mono">${locationLabel(problem.file, problem.line)}</span> — ${problem.message}
              </li>`,
          )}
        </ul>`;
  return html`<section class="card" id="summary" aria-labelledby="summary-title">
    <h2 id="summary-title">Summary</h2>
    <p class="lead">Findings by severity and what the review covered.</p>
    <div class="tiles">${tiles}</div>
    <div class="notes-grid">
      <div>
        <h3>Not checked <span class="count">${plural(summary.notChecked.length, 'rule')}</span></h3>
        ${notChecked}
      </div>
      <div>
        <h3>Input problems <span class="count">${String(summary.problems.length)}</span></h3>
        ${problems}
      </div>
    </div>
  </section>`;
}

function problemTone(id: string): Tone {
  return id === 'input-unknown-kind' ? 'info' : id === 'input-duplicate-object' ? 'warning' : 'error';
}

// ---------------------------------------------------------------------------------------------------
// Route map

const ROUTE_TLS: Readonly<Record<RouteTlsState, { text: string; tone: Tone }>> = {
  none: { text: 'no TLS', tone: 'error' },
  ok: { text: 'TLS', tone: 'ok' },
  'default-certificate': { text: 'default certificate', tone: 'warning' },
  'name-mismatch': { text: 'name mismatch', tone: 'error' },
  'secret-missing': { text: 'Secret missing', tone: 'error' },
  unknown: { text: 'TLS (unverified)', tone: 'info' },
};

function controlBadges(controls: RouteRow['controls']): SafeHtml {
  const allowlistOpen = controls.allowlist?.some((range) => /^(0\.0\.0\.0|::)\/0$/.test(range)) === true;
  return html`<div class="badges">
      ${controls.auth ? badge('auth', 'ok') : badge('no auth', 'warning')}
      ${controls.allowlist ? (allowlistOpen ? badge('allowlist open', 'warning') : badge('allowlist', 'ok')) : ''}
      ${controls.rateLimit ? badge('rate limit', 'info') : ''} ${controls.waf ? badge('WAF', 'info') : ''}
    </div>
    ${controls.allowlist ? html`<span class="sub mono">${controls.allowlist.join(', ')}</span>` : ''}`;
}

function routeRowHtml(route: RouteRow, rows: FilterRows): SafeHtml {
  const index = rows.add(route.source.namespace, [
    route.host,
    route.path,
    route.pathType,
    ...route.conditions,
    ...route.backends.map((b) => b.label),
    ROUTE_TLS[route.tls.state].text,
    route.tls.secret,
    route.frontend,
    objectLabel(route.source),
    route.source.file,
    route.inactive?.kind,
    route.inactive?.detail,
  ]);
  const tls = ROUTE_TLS[route.tls.state];
  return html`<tr data-row="${index}" ${route.inactive ? html` class="inactive"` : ''}>
    <td class="path">
      <span class="path-value">${route.path}</span
      ><span class="sub">${route.pathType}${route.conditions.map((c) => `, ${c}`)}</span>${
        route.canary ? html`<span class="sub">${route.canary}</span>` : ''
      }${
        route.inactive
          ? html`<div class="badges">${badge(route.inactive.kind, 'warning')}</div>
              <span class="sub why">${route.inactive.detail}</span>`
          : ''
      }
    </td>
    <td>
      ${route.backends.length === 0 ? html`<span class="sub">none</span>` : ''}${route.backends.map(
        (backend) =>
          html`<div class="mono">
            ${backend.label}${backend.share !== undefined ? ` (${String(backend.share)}%)` : ''}${
              backend.problem ? html` ${badge(backend.problem, 'error')}` : ''
            }
          </div>`,
      )}
    </td>
    <td>
      ${badge(tls.text, tls.tone)}${route.tls.secret ? html`<span class="sub mono">${route.tls.secret}</span>` : ''}
    </td>
    <td>${controlBadges(route.controls)}</td>
    <td>${route.frontend}</td>
    ${sourceCell(route.source)}
  </tr>`;
}

export function renderRouteMapSection(routes: readonly RouteRow[], rows: FilterRows): SafeHtml {
  const byHost = new Map<string, RouteRow[]>();
  for (const route of routes) byHost.set(route.host, [...(byHost.get(route.host) ?? []), route]);
  const body =
    routes.length === 0
      ? html`<p class="empty">No Ingress or Gateway API route in the input.</p>`
      : html`<div class="table-wrap">
          <table>
            <caption>
              Every host and path as the controllers read them; struck-through paths never serve a request.
            </caption>
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col">Backend</th>
                <th scope="col">TLS</th>
                <th scope="col">Access controls</th>
                <th scope="col">Frontend</th>
                <th scope="col">Defined in</th>
              </tr>
            </thead>
            ${[...byHost].map(
              ([host, hostRoutes]) =>
                html`<tbody data-group>
                  <tr class="group-row">
                    <th colspan="6" scope="rowgroup">
                      <span class="mono">${host}</span
                      >${host === '*' ? html` ${badge('any host', 'warning')}` : ''}${
                        host.startsWith('*.') ? html` ${badge('wildcard', 'info')}` : ''
                      }<span class="count">${plural(hostRoutes.length, 'route')}</span>
                    </th>
                  </tr>
                  ${hostRoutes.map((route) => routeRowHtml(route, rows))}
                </tbody>`,
            )}
          </table>
        </div>`;
  return html`<section class="card" id="routes" aria-labelledby="routes-title" data-filter-scope>
    <h2 id="routes-title">Route map <span class="count" data-shown>${String(routes.length)}</span></h2>
    <p class="lead">Host → path → Service:port, with TLS and access controls.</p>
    ${body} ${NO_MATCH}
  </section>`;
}

// ---------------------------------------------------------------------------------------------------
// Certificates

const CERT_STATE: Readonly<Record<CertificateState, { text: string; tone: Tone }>> = {
  expired: { text: 'expired', tone: 'error' },
  missing: { text: 'Secret missing', tone: 'error' },
  unusable: { text: 'unusable', tone: 'error' },
  'not-yet-valid': { text: 'not yet valid', tone: 'warning' },
  expiring: { text: 'expires soon', tone: 'warning' },
  ok: { text: 'valid', tone: 'ok' },
};

function daysLabel(daysLeft: number): string {
  if (daysLeft < 0) return `${plural(-daysLeft, 'day')} ago`;
  if (daysLeft === 0) return 'today';
  return `in ${plural(daysLeft, 'day')}`;
}

function certificateRowHtml(cert: CertificateRow, rows: FilterRows): SafeHtml {
  const state = CERT_STATE[cert.state];
  const { leaf } = cert;
  const index = rows.add(cert.secret.namespace, [
    `${cert.secret.namespace}/${cert.secret.name}`,
    state.text,
    cert.problem,
    leaf?.subject,
    leaf?.issuer,
    ...(leaf?.names ?? []),
    ...cert.usedBy.flatMap((use) => [use.object, ...use.hosts]),
  ]);
  const extra = [
    leaf?.selfSigned ? badge('self-signed', 'warning') : '',
    cert.keyMatches === false ? badge('key mismatch', 'error') : '',
    cert.uncoveredHosts.length > 0 ? badge('host not covered', 'error') : '',
  ];
  return html`<tr data-row="${index}">
    <td class="name">${cert.secret.namespace}/${cert.secret.name}</td>
    <td>
      <div class="badges">${badge(state.text, state.tone)}${extra}</div>
      ${cert.problem ? html`<span class="sub">${cert.problem}</span>` : ''}
    </td>
    <td class="nowrap">
      ${
        leaf
          ? html`<span class="days">${daysLabel(leaf.daysLeft)}</span
              ><span class="sub mono">${leaf.notAfter.slice(0, 10)}</span>`
          : '—'
      }
    </td>
    <td>
      ${
        leaf
          ? html`<span class="mono">${leaf.subject}</span><span class="sub">issued by ${leaf.issuer}</span
              ><span class="sub">names: ${leaf.names.length > 0 ? leaf.names.join(', ') : '(none)'}</span
              ><span class="sub">${leaf.key ?? 'unknown key'}, chain of ${String(leaf.chainLength)}</span>`
          : '—'
      }
    </td>
    <td>
      ${cert.usedBy.map(
        (use) =>
          html`<div>
            ${use.object}${
              use.hosts.length > 0
                ? html`<span class="sub mono"
                    >${use.hosts.map((host, i) => html`${i > 0 ? ', ' : ''}${host}${cert.uncoveredHosts.includes(host) ? ' (not covered)' : ''}`)}</span
                  >`
                : ''
            }
          </div>`,
      )}
    </td>
  </tr>`;
}

export function renderCertificatesSection(
  certificates: readonly CertificateRow[],
  now: string,
  rows: FilterRows,
): SafeHtml {
  const body =
    certificates.length === 0
      ? html`<p class="empty">No Ingress or Gateway listener names a TLS Secret.</p>`
      : html`<div class="table-wrap">
          <table>
            <caption>
              Days to expiry are counted from ${displayTime(now)}.
            </caption>
            <thead>
              <tr>
                <th scope="col">Secret</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
                <th scope="col">Certificate</th>
                <th scope="col">Served for</th>
              </tr>
            </thead>
            <tbody>
              ${certificates.map((cert) => certificateRowHtml(cert, rows))}
            </tbody>
          </table>
        </div>`;
  return html`<section class="card" id="certificates" aria-labelledby="certificates-title" data-filter-scope>
    <h2 id="certificates-title">
      TLS certificates <span class="count" data-shown>${String(certificates.length)}</span>
    </h2>
    <p class="lead">Every certificate Secret an Ingress or Gateway listener serves, soonest trouble first.</p>
    ${body} ${NO_MATCH}
  </section>`;
}

// ---------------------------------------------------------------------------------------------------
// Threat surface

function exposureRowHtml(item: ExposureRow, rows: FilterRows): SafeHtml {
  const { service } = item;
  const index = rows.add(service.namespace, [
    `${service.namespace}/${service.name}`,
    item.withoutTls ? 'no tls' : undefined,
    item.withoutAuth ? 'no auth' : undefined,
    ...item.workloads,
    ...item.urls.flatMap((url) => [url.url, objectLabel(url.source)]),
  ]);
  const risk = [
    item.withoutTls ? badge('reachable without TLS', 'error') : '',
    item.withoutAuth ? badge('reachable without auth', 'warning') : '',
    !item.withoutTls && !item.withoutAuth ? badge('TLS and auth on every URL', 'ok') : '',
    service.exists === false ? badge('Service missing', 'error') : '',
  ];
  return html`<tr data-row="${index}">
    <td class="name">${service.namespace}/${service.name}</td>
    <td><div class="badges">${risk}</div></td>
    <td>
      <ul class="urls">
        ${item.urls.map(
          (url) =>
            html`<li>
              <span class="mono">${url.url}</span
              >${url.tls ? '' : badge('http', 'error')}${url.auth ? badge('auth', 'ok') : badge('no auth', 'warning')}${
                url.allowlist ? badge('allowlist', 'info') : ''
              }${url.via === 'route' ? '' : badge(url.via, 'neutral')}<span class="sub"
                >via ${objectLabel(url.source)}</span
              >
            </li>`,
        )}
      </ul>
    </td>
    <td>
      ${item.workloads.length === 0 ? html`<span class="sub">unknown</span>` : item.workloads.map((w) => html`<div>${w}</div>`)}
    </td>
  </tr>`;
}

export function renderThreatSurfaceSection(exposure: readonly ExposureRow[], rows: FilterRows): SafeHtml {
  const body =
    exposure.length === 0
      ? html`<p class="empty">No Service is reachable through an Ingress or a Gateway API route.</p>`
      : html`<div class="table-wrap">
          <table>
            <caption>
              Services reachable from outside, unprotected first.
            </caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Risk</th>
                <th scope="col">Reached from</th>
                <th scope="col">Workloads</th>
              </tr>
            </thead>
            <tbody>
              ${exposure.map((item) => exposureRowHtml(item, rows))}
            </tbody>
          </table>
        </div>`;
  return html`<section class="card" id="exposure" aria-labelledby="exposure-title" data-filter-scope>
    <h2 id="exposure-title">
      Threat surface <span class="count" data-shown>${String(exposure.length)}</span>
    </h2>
    <p class="lead">Per Service: every external URL that reaches it and what stands in front.</p>
    ${body} ${NO_MATCH}
  </section>`;
}

// ---------------------------------------------------------------------------------------------------
// Findings

function findingRowHtml(finding: FindingRow, rows: FilterRows): SafeHtml {
  const where = finding.location ? locationLabel(finding.location.file, finding.location.line) : undefined;
  const index = rows.add(
    finding.object.namespace,
    [
      finding.ruleId,
      finding.category,
      finding.message,
      finding.remediation,
      objectLabel(finding.object),
      finding.path,
      where,
    ],
    finding.severity,
  );
  const docs = safeHref(finding.docsUrl);
  const rule = html`<code>${finding.ruleId}</code>`;
  return html`<tr data-row="${index}">
    <td class="msg">
      <div class="rule-line">
        ${docs ? html`<a href="${docs}">${rule}</a>` : rule}<span class="category">${finding.category}</span>
      </div>
      ${finding.message}${
        finding.remediation
          ? html`<span class="remedy"><strong>Fix:</strong> ${finding.remediation}</span>`
          : ''
      }
    </td>
    <td>${objectLabel(finding.object)}<span class="sub mono">${finding.path}</span></td>
    <td class="location">${where ?? '—'}</td>
  </tr>`;
}

export function renderFindingsSection(findings: readonly FindingRow[], rows: FilterRows): SafeHtml {
  const groups = (['error', 'warning', 'info'] as const)
    .map((severity) => ({ severity, items: findings.filter((f) => f.severity === severity) }))
    .filter((group) => group.items.length > 0);
  const body =
    findings.length === 0
      ? html`<p class="empty">No findings.</p>`
      : groups.map(
          ({ severity, items }) =>
            html`<div data-group>
              <h3 id="findings-${severity}">
                ${badge(SEVERITY_LABEL[severity].one, severity)} ${SEVERITY_LABEL[severity].many}
                <span class="count">${String(items.length)}</span>
              </h3>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Finding and fix</th>
                      <th scope="col">Object</th>
                      <th scope="col">Location</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${items.map((finding) => findingRowHtml(finding, rows))}
                  </tbody>
                </table>
              </div>
            </div>`,
        );
  return html`<section class="card" id="findings" aria-labelledby="findings-title" data-filter-scope>
    <h2 id="findings-title">Findings <span class="count" data-shown>${String(findings.length)}</span></h2>
    <p class="lead">By severity, with the fix from each rule's documentation.</p>
    ${body} ${NO_MATCH}
  </section>`;
}

// ---------------------------------------------------------------------------------------------------
// Filters

/** The filter bar; hidden until the script runs (without it, every row shows). */
export function renderFilterBar(): SafeHtml {
  return html`<div class="filters" id="filters" role="search" aria-label="Filter the report" hidden>
    <fieldset>
      <legend>Severity</legend>
      ${(['error', 'warning', 'info'] as const).map(
        (severity) =>
          html`<label class="chip"
            ><input type="checkbox" data-severity="${severity}" checked /><span class="sev-${severity}"
              >${SEVERITY_LABEL[severity].one}</span
            ></label
          >`,
      )}
    </fieldset>
    <div>
      <label for="filter-namespace">Namespace</label>
      <select id="filter-namespace">
        <option value="*">all namespaces</option>
      </select>
    </div>
    <div>
      <label for="filter-text">Search</label>
      <input type="search" id="filter-text" placeholder="host, path, rule, object…" autocomplete="off" />
    </div>
    <button type="button" id="filter-reset">Clear</button>
    <span class="filter-status" id="filter-status" role="status" aria-live="polite"></span>
  </div>`;
}
