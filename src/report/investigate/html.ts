/**
 * `investigate -o html`: one self-contained page, built only through the report's `html` template
 * (every value escaped), with the report's stylesheet and a Content-Security-Policy that allows that
 * stylesheet by its hash and nothing else — no script at all, no fetches. Pure.
 */
import {
  actorText,
  contentLines,
  entryObject,
  outcomeText,
  sourceText,
} from '../../ledger/query/history-report.ts';
import type { ActorJson, InvestigationJson } from '../../pipeline/investigate.ts';
import { cspHash } from '../html/page.ts';
import { html, styleElement, type SafeHtml } from '../html/safe-html.ts';
import { badge } from '../html/sections.ts';
import { REPORT_CSS } from '../html/styles.ts';
import { toKubeYaml } from '../kube-yaml.ts';
import { objectLabel, onObjectText, sourceLabel, statusText, subjectLabel } from './text.ts';

const EXTRA_CSS = `
pre.block { margin: 0.5rem 0 1rem; padding: 0.8rem 1rem; background: var(--surface-2); border: 1px solid var(--border); border-radius: 8px; overflow-x: auto; font-family: var(--mono); font-size: 0.84rem; line-height: 1.45; white-space: pre; }
.actor { border-top: 1px solid var(--border); padding-top: 0.8rem; margin-top: 1rem; }
.facts { margin: 0.3rem 0 0.6rem; padding-left: 1.1rem; font-size: 0.9rem; }
td.what { font-family: var(--mono); font-size: 0.82rem; overflow-wrap: anywhere; min-width: 16rem; }
`;
export const INVESTIGATION_CSS = `${REPORT_CSS}${EXTRA_CSS}`;

/** Only the stylesheet, by its hash: the page has no script. */
export function investigationCsp(): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(INVESTIGATION_CSS)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function statusBadge(json: InvestigationJson): SafeHtml {
  if (json.status === 'deleted') return badge('deleted', 'neutral');
  return json.status === 'present' ? badge('present', 'warning') : badge('not found', 'neutral');
}

function outcomeBadge(entry: InvestigationJson['history'][number]): SafeHtml {
  const text = outcomeText(entry);
  if (entry.outcome.denied) return badge(text, 'error');
  if (entry.outcome.code !== null && entry.outcome.code >= 300) return badge(text, 'warning');
  return badge(text, 'ok');
}

function historyTable(entries: InvestigationJson['history']): SafeHtml {
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th>Time</th>
          <th>Verb</th>
          <th>Object</th>
          <th>Outcome</th>
          <th>Who</th>
          <th>From</th>
          <th>What</th>
        </tr>
      </thead>
      <tbody>
        ${entries.map(
          (e) =>
            html`<tr>
              <td class="nowrap mono">${e.time}</td>
              <td>${e.verb}</td>
              <td class="name">${entryObject(e)}</td>
              <td>${outcomeBadge(e)}</td>
              <td>${actorText(e.actor)}</td>
              <td>${sourceText(e.actor)}</td>
              <td class="what">${contentLines(e).map((line) => html`<div>${line}</div>`)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function actorSection(actor: ActorJson, json: InvestigationJson): SafeHtml {
  const seen = (values: ActorJson['sourceIPs']) =>
    values.length === 0
      ? 'none'
      : values.map((v) => `${v.value} (${String(v.count)}×, ${v.firstSeen} … ${v.lastSeen})`).join('; ');
  return html`<div class="actor">
    <h3>
      <span class="mono">${actor.username || '(anonymous)'}</span
      >${actor.trusted ? badge('expected actor', 'ok') : ''}
    </h3>
    <ul class="facts">
      <li>Groups: ${actor.groups.join(', ') || 'none recorded'}</li>
      <li>
        Changes here: ${actor.changes} (${actor.denied} denied), ${actor.firstChange} … ${actor.lastChange}
      </li>
      ${actor.impersonatedBy.length > 0 ? html`<li>Impersonated by: ${actor.impersonatedBy.join(', ')}</li>` : ''}
      ${actor.impersonated.length > 0 ? html`<li>Impersonated: ${actor.impersonated.join(', ')}</li>` : ''}
      <li>Source IPs: ${seen(actor.sourceIPs)}</li>
      <li>User agents: ${seen(actor.userAgents)}</li>
      ${actor.bindings.map(
        (b) =>
          html`<li>
            Allowed by ${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} → ${b.role} to
            ${subjectLabel(b.subject)} (${b.verbs.join(', ')}; from
            ${b.source === 'audit' ? 'the audit log' : 'the RBAC objects'})
          </li>`,
      )}
      ${
        actor.rbac
          ? html`<li>
                May do on this ${json.object.kind}:
                ${actor.rbac.superuser ? 'everything (system:masters)' : onObjectText(actor)}
              </li>
              ${actor.rbac.grants.map(
                (g) =>
                  html`<li>
                    Grant: ${g.binding.kind}
                    ${g.binding.namespace ? `${g.binding.namespace}/` : ''}${g.binding.name} → ${g.role}
                    (${g.scope === '' ? 'all namespaces' : `namespace ${g.scope}`})
                  </li>`,
              )}`
          : ''
      }
    </ul>
    ${
      actor.otherChanges.length > 0
        ? html`<p>Other changes within ±${json.window.text}:</p>
            ${historyTable(actor.otherChanges)}`
        : html`<p class="empty">No other change within ±${json.window.text}.</p>`
    }
  </div>`;
}

export function investigationHtml(json: InvestigationJson): string {
  const title = `gatewatch investigation — ${objectLabel(json)}`;
  const findings =
    json.current.findings.length === 0
      ? html`<p class="empty">No finding.</p>`
      : html`<div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Severity</th>
                <th>Rule</th>
                <th>Path</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              ${json.current.findings.map(
                (f) =>
                  html`<tr>
                    <td>${badge(f.severity, f.severity)}</td>
                    <td><code>${f.ruleId}</code></td>
                    <td class="path">${f.path}</td>
                    <td>${f.message}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
  const exposureTable =
    json.exposure.urls.length === 0
      ? html`<p class="empty">No URL reaches a Service through it (or Services are not in the input).</p>`
      : html`<div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>URL</th>
                <th>Service</th>
                <th>TLS</th>
                <th>Auth</th>
                <th>Allowlist</th>
              </tr>
            </thead>
            <tbody>
              ${json.exposure.urls.map(
                (u) =>
                  html`<tr>
                    <td class="mono">${u.url}</td>
                    <td class="name">
                      ${u.service.namespace}/${u.service.name}${u.service.port === null ? '' : `:${String(u.service.port)}`}
                    </td>
                    <td>${u.tls ? badge('TLS', 'ok') : badge('no TLS', 'error')}</td>
                    <td>${u.auth ? badge('auth', 'ok') : badge('none', 'warning')}</td>
                    <td>${u.allowlist ? u.allowlist.join(', ') : 'none'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${investigationCsp()}" />
        <meta name="referrer" content="no-referrer" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="${json.tool.name} ${json.tool.version}" />
        <title>${title}</title>
        ${styleElement(INVESTIGATION_CSS)}
      </head>
      <body>
        <div class="page">
          <header class="masthead">
            <div>
              <h1><span class="brand">gatewatch</span> investigation</h1>
              <p class="subtitle">
                <span class="mono">${objectLabel(json)}</span> ${statusBadge(json)}
                ${json.status === 'deleted' ? statusText(json) : ''}
              </p>
            </div>
            <dl class="meta">
              <dt>Generated</dt>
              <dd>${json.generatedAt}</dd>
              <dt>Changes</dt>
              <dd>${json.history.length} by ${json.actors.length} actors</dd>
              <dt>Window</dt>
              <dd>±${json.window.text}</dd>
            </dl>
          </header>
          <nav aria-label="Sections">
            <ul class="toc">
              <li><a href="#spec">Current spec</a></li>
              <li><a href="#exposure">Exposure</a></li>
              <li><a href="#history">History</a></li>
              <li><a href="#actors">Actors</a></li>
              <li><a href="#resolution">Resolution</a></li>
            </ul>
          </nav>
          <main>
            <section class="card" id="spec">
              <h2>Current spec</h2>
              <p class="lead">From ${sourceLabel(json)}.</p>
              ${
                json.current.manifest === null
                  ? html`<p class="empty">Not available.</p>`
                  : html`<pre class="block">${toKubeYaml(json.current.manifest)}</pre>`
              }
              <h3>Findings</h3>
              ${findings}
            </section>
            <section class="card" id="exposure">
              <h2>Exposure</h2>
              ${exposureTable}
              <ul class="facts">
                ${json.exposure.services.map(
                  (s) =>
                    html`<li>
                      Service ${s.namespace}/${s.name}:
                      ${
                        s.exists === null
                          ? 'not in the input'
                          : s.exists
                            ? [
                                ...s.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`),
                                ...s.pods.map((p) => `Pod ${p}`),
                              ].join(', ') || 'no workload in the input'
                            : 'missing'
                      }
                    </li>`,
                )}
              </ul>
            </section>
            <section class="card" id="history">
              <h2>History <span class="count">${json.history.length}</span></h2>
              ${json.history.length === 0 ? html`<p class="empty">No change in the ledger.</p>` : historyTable(json.history)}
            </section>
            <section class="card" id="actors">
              <h2>Actors <span class="count">${json.actors.length}</span></h2>
              ${json.actors.map((actor) => actorSection(actor, json))}
            </section>
            <section class="card" id="resolution">
              <h2>Resolution</h2>
              ${json.resolution.length === 0 ? html`<p class="empty">Nothing to suggest.</p>` : ''}
              ${json.resolution.map(
                (r) =>
                  html`<h3>${r.summary}</h3>
                    <pre class="block">${r.command}</pre>`,
              )}
            </section>
            ${
              json.notes.length > 0
                ? html`<section class="card" id="notes">
                    <h2>Notes</h2>
                    <ul class="plain-list">
                      ${json.notes.map((n) => html`<li>${n}</li>`)}
                    </ul>
                  </section>`
                : ''
            }
          </main>
          <footer>
            Generated by ${json.tool.name} ${json.tool.version}. This page is self-contained: it loads nothing
            from the network and runs no script.
          </footer>
        </div>
      </body>
    </html> `;
  return page.toString();
}
