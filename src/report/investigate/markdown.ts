/**
 * `investigate -o markdown`: the report for a ticket or a pull-request comment. Values from the
 * ledger and manifests go through escapeMarkdown (no links, mentions, HTML or emphasis from data);
 * YAML and commands sit in code fences longer than any backtick run inside them.
 */
import {
  actorText,
  contentLines,
  entryObject,
  outcomeText,
  sourceText,
} from '../../ledger/query/history-report.ts';
import type { InvestigationJson } from '../../pipeline/investigate.ts';
import { toKubeYaml } from '../kube-yaml.ts';
import { escapeMarkdown, stripControl } from '../sanitize.ts';
import { objectLabel, onObjectText, sourceLabel, statusText, subjectLabel } from './text.ts';

const md = escapeMarkdown;

/** A fenced block whose fence no line of `text` can close. */
export function fence(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${info}\n${stripControl(text.trimEnd())}\n${marks}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

export function investigationMarkdown(json: InvestigationJson): string {
  const out: string[] = [
    `# Investigation: ${md(objectLabel(json))}`,
    '',
    `**Status:** ${md(statusText(json))} · **Changes:** ${String(json.history.length)} by ${String(json.actors.length)} actors · **Window:** ±${md(json.window.text)}`,
    '',
    `## Current spec`,
    '',
    `From ${md(sourceLabel(json))}.`,
    '',
    json.current.manifest === null ? '_Not available._' : fence(toKubeYaml(json.current.manifest), 'yaml'),
    '',
    '## Findings',
    '',
  ];
  if (json.current.findings.length === 0) out.push('None.');
  else
    out.push(
      ...table(
        ['severity', 'rule', 'path', 'message'],
        json.current.findings.map((f) => [f.severity, `\`${f.ruleId}\``, md(f.path), md(f.message)]),
      ),
    );
  out.push('', '## Exposure', '');
  if (json.exposure.urls.length === 0)
    out.push('No URL reaches a Service through it (or Services are not in the input).');
  else
    out.push(
      ...table(
        ['URL', 'Service', 'TLS', 'auth', 'allowlist'],
        json.exposure.urls.map((u) => [
          md(u.url),
          md(
            `${u.service.namespace}/${u.service.name}${u.service.port === null ? '' : `:${String(u.service.port)}`}`,
          ),
          u.tls ? 'yes' : '**no**',
          u.auth ? 'yes' : 'no',
          u.allowlist ? md(u.allowlist.join(', ')) : 'none',
        ]),
      ),
    );
  for (const s of json.exposure.services) {
    const what = [
      ...s.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`),
      ...s.pods.map((p) => `Pod ${p}`),
    ];
    out.push(
      '',
      `- Service ${md(`${s.namespace}/${s.name}`)}: ${s.exists === null ? 'not in the input' : s.exists ? md(what.join(', ') || 'no workload in the input') : '**missing**'}`,
    );
  }
  out.push('', '## History', '');
  out.push(
    ...table(
      ['time', 'verb', 'object', 'outcome', 'who', 'from', 'what'],
      json.history.map((e) => [
        e.time,
        md(e.verb),
        md(entryObject(e)),
        md(outcomeText(e)),
        md(actorText(e.actor)),
        md(sourceText(e.actor)),
        contentLines(e).map(md).join('<br>'),
      ]),
    ),
  );
  out.push('', '## Actors');
  for (const actor of json.actors) {
    out.push(
      '',
      `### ${md(actor.username || '(anonymous)')}${actor.trusted ? ' (expected actor)' : ''}`,
      '',
      `- Groups: ${md(actor.groups.join(', ') || 'none recorded')}`,
      `- Changes here: ${String(actor.changes)} (${String(actor.denied)} denied), ${actor.firstChange} … ${actor.lastChange}`,
    );
    if (actor.impersonatedBy.length > 0)
      out.push(`- Impersonated by: ${md(actor.impersonatedBy.join(', '))}`);
    if (actor.impersonated.length > 0) out.push(`- Impersonated: ${md(actor.impersonated.join(', '))}`);
    out.push(
      `- Source IPs: ${md(actor.sourceIPs.map((v) => `${v.value} (${String(v.count)}×)`).join(', ') || 'none')}`,
    );
    out.push(
      `- User agents: ${md(actor.userAgents.map((v) => `${v.value} (${String(v.count)}×)`).join(', ') || 'none')}`,
    );
    for (const b of actor.bindings)
      out.push(
        `- Allowed by ${md(`${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} → ${b.role} to ${subjectLabel(b.subject)}`)} (${md(b.verbs.join(', '))}; from ${b.source === 'audit' ? 'the audit log' : 'the RBAC objects'})`,
      );
    if (actor.rbac) {
      out.push(
        `- May do on this ${md(json.object.kind)}: ${actor.rbac.superuser ? 'everything (system:masters)' : md(onObjectText(actor))}`,
      );
      for (const g of actor.rbac.grants)
        out.push(
          `- Grant: ${md(`${g.binding.kind} ${g.binding.namespace ? `${g.binding.namespace}/` : ''}${g.binding.name} → ${g.role}`)} (${g.scope === '' ? 'all namespaces' : `namespace ${md(g.scope)}`})`,
        );
    }
    if (actor.otherChanges.length > 0) {
      out.push('', `Other changes within ±${md(json.window.text)}:`, '');
      out.push(
        ...table(
          ['time', 'verb', 'object', 'outcome'],
          actor.otherChanges.map((e) => [e.time, md(e.verb), md(entryObject(e)), md(outcomeText(e))]),
        ),
      );
    } else out.push(`- Other changes within ±${md(json.window.text)}: none`);
  }
  out.push('', '## Resolution', '');
  if (json.resolution.length === 0) out.push('Nothing to suggest.');
  for (const r of json.resolution) out.push(md(r.summary), '', fence(r.command, 'sh'), '');
  if (json.notes.length > 0) out.push('', '## Notes', '', ...json.notes.map((n) => `- ${md(n)}`));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
