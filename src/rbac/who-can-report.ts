/**
 * The who-can answer as data (JSON, schemas/who-can.v1.schema.json) and as text. Grants are grouped
 * per subject: one subject may be allowed through several bindings.
 */
import { describeRole, type WhoCanAnswer } from './authorizer.ts';
import { requestName } from './policy-rule.ts';
import { formatResource, type ResourceArgument } from './resources.ts';
import { sameSubject, type Subject } from './subjects.ts';

interface RefJson {
  kind: string;
  namespace?: string;
  name: string;
}

export interface WhoCanJson {
  schemaVersion: 1;
  tool: { name: string; version: string };
  request: {
    verb: string;
    resource: string;
    subresource: string | null;
    apiGroup: string;
    namespace: string | null;
    name: string | null;
  };
  subjects: {
    kind: Subject['kind'];
    name: string;
    namespace?: string;
    /** `--verify`: the API server's own answer (SubjectAccessReview) for this subject. */
    verified?: { allowed: boolean; reason: string } | { error: string };
    via: {
      binding: RefJson;
      subjectIndex: number;
      role: RefJson & { builtIn: boolean };
      rules: (RefJson & { index: number })[];
    }[];
  }[];
  superuserGroups: string[];
  unresolved: { binding: RefJson; roleRef: { kind: string; name: string } }[];
  notes: string[];
}

function ref(r: { kind: string; namespace: string; name: string }): RefJson {
  return r.namespace
    ? { kind: r.kind, namespace: r.namespace, name: r.name }
    : { kind: r.kind, name: r.name };
}

export function whoCanJson(
  answer: WhoCanAnswer,
  argument: ResourceArgument,
  tool: { name: string; version: string },
): WhoCanJson {
  const { request } = answer;
  const subjects: WhoCanJson['subjects'] = [];
  for (const grant of answer.grants) {
    let entry = subjects.find((s) => sameSubject(s, grant.subject));
    if (!entry) {
      const { kind, name, namespace } = grant.subject;
      entry = namespace ? { kind, name, namespace, via: [] } : { kind, name, via: [] };
      subjects.push(entry);
    }
    const role = grant.binding.role;
    if (!role) continue;
    entry.via.push({
      binding: ref(grant.binding.resource),
      subjectIndex: grant.subjectIndex,
      role: { ...ref(role.ref), builtIn: role.builtIn },
      rules: grant.rules.map((r) => ({ ...ref(r.source), index: r.index })),
    });
  }
  subjects.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
      a.name.localeCompare(b.name),
  );
  return {
    schemaVersion: 1,
    tool,
    request: {
      verb: request.verb,
      resource: request.resource,
      subresource: request.subresource ?? null,
      apiGroup: request.apiGroup,
      namespace: request.namespace ? request.namespace : null,
      name: request.name ?? null,
    },
    subjects,
    superuserGroups: [...answer.superuserGroups],
    unresolved: answer.unresolved.map((binding) => ({
      binding: ref(binding.resource),
      roleRef: binding.roleRef,
    })),
    notes: notes(answer, argument),
  };
}

function notes(answer: WhoCanAnswer, argument: ResourceArgument): string[] {
  const { request } = answer;
  const out: string[] = [];
  if (!request.namespace && argument.namespaced)
    out.push(
      'Cluster-wide: only ClusterRoleBindings count. RoleBindings grant within their namespace; ask with -n NAMESPACE.',
    );
  if (request.name && requestName(request) === '')
    out.push(
      `--name is ignored for ${request.verb}: the API server authorizes it without a name, so resourceNames never grant it.`,
    );
  if (answer.grants.some((g) => g.binding.role?.builtIn))
    out.push(
      'Roles marked (built-in) are Kubernetes default ClusterRoles the input binds without defining; their default rules were assumed.',
    );
  return out;
}

/** A kubectl-who-can style table. */
export function whoCanText(json: WhoCanJson, argument: ResourceArgument): string {
  const { request } = json;
  const where = request.namespace ? `in namespace "${request.namespace}"` : 'cluster-wide';
  const named = request.name ? ` named "${request.name}"` : '';
  const lines = [`Who can ${request.verb} ${formatResource(argument)}${named} ${where}:`, ''];
  const verified = json.subjects.some((s) => s.verified);
  const rows: string[][] = [['KIND', 'NAME', 'NAMESPACE', ...(verified ? ['VERIFIED'] : []), 'VIA']];
  for (const group of json.superuserGroups)
    rows.push(['Group', group, '', ...(verified ? [''] : []), 'superuser group (no binding needed)']);
  for (const subject of json.subjects) {
    const check = !subject.verified
      ? ''
      : 'error' in subject.verified
        ? 'error'
        : subject.verified.allowed
          ? 'yes'
          : 'NO';
    for (const via of subject.via) {
      const role = `${describeRole({ namespace: '', ...via.role })}${via.role.builtIn ? ' (built-in)' : ''}`;
      const binding = describeRole({ namespace: '', ...via.binding });
      rows.push([
        subject.kind,
        subject.name,
        subject.namespace ?? '',
        ...(verified ? [check] : []),
        `${binding} → ${role}`,
      ]);
    }
  }
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows)
    lines.push(
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
  const count = json.subjects.length;
  lines.push('', `${count} subject${count === 1 ? '' : 's'} through bindings, besides the superuser group.`);
  if (json.unresolved.length > 0) {
    lines.push('', 'Bindings whose role is not in the input (they may grant this too):');
    for (const entry of json.unresolved)
      lines.push(
        `  ${describeRole({ namespace: '', ...entry.binding })} → ${entry.roleRef.kind} ${entry.roleRef.name}`,
      );
  }
  for (const note of json.notes) lines.push('', note);
  return `${lines.join('\n')}\n`;
}
