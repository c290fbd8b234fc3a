/**
 * `investigate -o text`: the report for a terminal, section by section. Every value from the ledger
 * or the manifests goes through oneLine (control characters shown, not obeyed); the manifests are
 * YAML from toKubeYaml (escaped the same way).
 */
import { oneLine } from '../../ledger/alerts/escape.ts';
import { entryObject, entryText, outcomeText } from '../../ledger/query/history-report.ts';
import type { SeenValue } from '../../ledger/types.ts';
import type { ActorJson, InvestigationJson } from '../../pipeline/investigate.ts';
import { toKubeYaml } from '../kube-yaml.ts';

export function objectLabel(json: InvestigationJson): string {
  const { object } = json;
  return `${object.kind} ${object.namespace === null ? '' : `${object.namespace}/`}${object.name}`;
}

export function seenText(values: readonly SeenValue[]): string[] {
  return values.map((v) => `${oneLine(v.value, 160)}  (${String(v.count)}×, ${v.firstSeen} … ${v.lastSeen})`);
}

export function statusText(json: InvestigationJson): string {
  if (json.status === 'deleted') {
    const deletion = [...json.history].reverse().find((e) => e.content === 'deleted');
    return deletion ? `deleted at ${deletion.time} by ${deletion.actor.username}` : 'deleted';
  }
  return json.status === 'present' ? 'present' : 'not found';
}

export function sourceLabel(json: InvestigationJson): string {
  const { current } = json;
  if (current.source === 'ledger')
    return current.asOf
      ? `the ledger's last known version, ${current.asOf} (${current.ledgerRef ?? ''})`
      : 'the ledger';
  return current.source === 'cluster' ? 'the live cluster' : 'the given manifests';
}

/** `get ✓ update ✓ delete ✗`. */
export function onObjectText(actor: ActorJson): string {
  return (actor.rbac?.onObject ?? []).map((v) => `${v.verb} ${v.allowed ? 'yes' : 'no'}`).join(', ');
}

export function subjectLabel(subject: { kind: string; name: string; namespace?: string }): string {
  return `${subject.kind} ${subject.namespace !== undefined ? `${subject.namespace}/` : ''}${subject.name}`;
}

function section(title: string): string[] {
  return ['', `== ${title} ==`];
}

function indent(text: string, prefix = '  '): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `${prefix}${line}`);
}

function actorLines(actor: ActorJson, json: InvestigationJson): string[] {
  const lines = [
    '',
    `${oneLine(actor.username || '(anonymous)', 200)}${actor.groups.length > 0 ? `  (${oneLine(actor.groups.join(', '), 200)})` : ''}${actor.trusted ? '  [expected actor]' : ''}`,
    `  changes here: ${String(actor.changes)} (${String(actor.denied)} denied), ${actor.firstChange} … ${actor.lastChange}`,
  ];
  if (actor.impersonatedBy.length > 0)
    lines.push(`  impersonated by: ${oneLine(actor.impersonatedBy.join(', '), 200)}`);
  if (actor.impersonated.length > 0)
    lines.push(`  impersonated: ${oneLine(actor.impersonated.join(', '), 200)}`);
  lines.push('  source IPs:', ...seenText(actor.sourceIPs).map((l) => `    ${l}`));
  lines.push('  user agents:', ...seenText(actor.userAgents).map((l) => `    ${l}`));
  if (actor.bindings.length > 0) {
    lines.push('  allowed by:');
    for (const b of actor.bindings)
      lines.push(
        `    ${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${oneLine(b.name, 120)} → ${oneLine(b.role, 120)} to ${oneLine(subjectLabel(b.subject), 160)}  [${b.verbs.join(', ')}; from ${b.source === 'audit' ? 'the audit log' : 'the RBAC objects'}]`,
      );
  }
  if (actor.rbac) {
    if (actor.rbac.superuser) lines.push('  may do: everything (system:masters)');
    lines.push(`  may do on this ${json.object.kind}: ${onObjectText(actor)}`);
    if (actor.rbac.grants.length > 0) {
      lines.push('  grants:');
      for (const grant of actor.rbac.grants) {
        const scope = grant.scope === '' ? 'all namespaces' : `namespace ${grant.scope}`;
        lines.push(
          `    ${grant.binding.kind} ${grant.binding.namespace ? `${grant.binding.namespace}/` : ''}${oneLine(grant.binding.name, 120)} → ${oneLine(grant.role, 120)} (${scope})`,
        );
        for (const rule of grant.rules.slice(0, 8))
          lines.push(
            `      ${oneLine(rule.verbs.join(','), 80)} ${oneLine(rule.resources.join(','), 120)}${rule.resourceNames.length > 0 ? ` [${oneLine(rule.resourceNames.join(','), 80)}]` : ''}`,
          );
        if (grant.rules.length > 8) lines.push(`      … and ${String(grant.rules.length - 8)} more rules`);
      }
    }
  }
  const window = json.window.text;
  if (actor.otherChanges.length === 0) lines.push(`  other changes within ±${window}: none`);
  else {
    lines.push(`  other changes within ±${window}:`);
    for (const entry of actor.otherChanges)
      lines.push(
        `    ${entry.time}  ${oneLine(entry.verb, 30)}  ${oneLine(entryObject(entry), 160)}  ${oneLine(outcomeText(entry), 120)}`,
      );
  }
  return lines;
}

export function investigationText(json: InvestigationJson): string {
  const lines = [
    `Investigation of ${oneLine(objectLabel(json), 200)}: ${oneLine(statusText(json), 200)}`,
    `${String(json.history.length)} change${json.history.length === 1 ? '' : 's'} in the ledger by ${String(json.actors.length)} actor${json.actors.length === 1 ? '' : 's'}; window ±${json.window.text}`,
  ];

  lines.push(...section(`Current spec (${sourceLabel(json)})`));
  if (json.current.manifest === null) lines.push('  (not available)');
  else lines.push(...indent(toKubeYaml(json.current.manifest)));

  lines.push(...section('Findings'));
  if (json.current.findings.length === 0) lines.push('  none');
  for (const f of json.current.findings)
    lines.push(
      `  ${f.severity.padEnd(7)}  ${f.ruleId}  ${oneLine(f.path, 160)}`,
      `           ${oneLine(f.message, 300)}`,
    );

  lines.push(...section('Exposure'));
  if (json.exposure.urls.length === 0)
    lines.push('  no URL reaches a Service through it (or Services are not in the input)');
  for (const u of json.exposure.urls) {
    const controls = [
      u.tls ? 'TLS' : 'no TLS',
      u.auth ? 'auth' : 'no auth',
      u.allowlist ? `allowlist ${u.allowlist.join(',')}` : 'no allowlist',
    ].join(', ');
    lines.push(
      `  ${oneLine(u.url, 200)} → Service ${oneLine(`${u.service.namespace}/${u.service.name}`, 160)}${u.service.port === null ? '' : `:${oneLine(String(u.service.port), 40)}`}  (${oneLine(controls, 200)})`,
    );
  }
  for (const s of json.exposure.services) {
    const what = [
      ...s.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`),
      ...(s.pods.length > 0 ? [`pods ${s.pods.join(', ')}`] : []),
    ];
    lines.push(
      `  Service ${oneLine(`${s.namespace}/${s.name}`, 160)}: ${s.exists === false ? 'missing' : s.exists === null ? 'not in the input' : oneLine(what.join('; ') || 'no workload in the input', 300)}`,
    );
  }

  lines.push(...section('History'));
  if (json.history.length === 0) lines.push('  none');
  for (const entry of json.history) lines.push('', ...entryText(entry, '  '));

  lines.push(...section('Actors'));
  for (const actor of json.actors) lines.push(...actorLines(actor, json));

  lines.push(...section('Resolution'));
  if (json.resolution.length === 0) lines.push('  nothing to suggest');
  // Commands are shown with control characters made visible: the JSON output has them byte for byte.
  for (const r of json.resolution)
    lines.push(
      '',
      `  # ${oneLine(r.summary, 300)}`,
      ...indent(r.command).map((line) => oneLine(line, 100_000)),
    );

  if (json.notes.length > 0) {
    lines.push(...section('Notes'));
    for (const note of json.notes) lines.push(`  - ${oneLine(note, 400)}`);
  }
  return `${lines.join('\n')}\n`;
}
