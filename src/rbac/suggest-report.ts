/**
 * `rbac suggest` output: the suggested Roles / ClusterRole and their bindings as YAML documents that
 * `kubectl apply -f` accepts, with what was seen, what was refused and what the current grants add
 * beyond it written as YAML comments (kubectl ignores them). Pure.
 */
import { toKubeYaml, yamlComment } from '../report/kube-yaml.ts';
import type { DeniedRequest, Excess, SuggestedRole, SuggestedRule, Suggestion } from './suggest.ts';

const RBAC_API = 'rbac.authorization.k8s.io/v1';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'gatewatch' };

function resourceLabel(
  request: Pick<DeniedRequest, 'apiGroup' | 'resource' | 'subresource' | 'path'>,
): string {
  if (request.path !== null) return request.path;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return request.apiGroup ? `${resource}.${request.apiGroup}` : resource;
}

function deniedLine(denied: DeniedRequest): string {
  const where = denied.namespace ? `${denied.namespace}/` : '';
  const name = denied.name ? ` ${where}${denied.name}` : denied.namespace ? ` in ${denied.namespace}` : '';
  const code = denied.code === null ? '' : ` ${String(denied.code)}`;
  const by = denied.deniedBy ? ` by ${denied.deniedBy}` : '';
  return `  ${denied.lastTime}  ${denied.verb} ${resourceLabel(denied)}${name} —${code}${denied.reason ? ` ${denied.reason}` : ''}${by} (${String(denied.count)}×)`;
}

function ruleLabel(rule: SuggestedRule): string {
  if (rule.nonResourceURLs) return `${rule.verbs.join(',')} ${rule.nonResourceURLs.join(',')}`;
  const groups = (rule.apiGroups ?? []).map((g) => (g === '' ? 'core' : g)).join(',');
  const names = rule.resourceNames ? ` names ${rule.resourceNames.join(',')}` : '';
  return `${rule.verbs.join(',')} on ${(rule.resources ?? []).join(',')} (${groups})${names}`;
}

function excessLines(excess: Excess): string[] {
  const binding = `${excess.binding.kind} ${excess.binding.namespace ? `${excess.binding.namespace}/` : ''}${excess.binding.name}`;
  const why: string[] = [];
  if (excess.unused) why.push('never used');
  else {
    if (excess.unusedVerbs.length > 0) why.push(`verbs never used: ${excess.unusedVerbs.join(', ')}`);
    if (excess.unusedResources.length > 0)
      why.push(`resources never used: ${excess.unusedResources.join(', ')}`);
  }
  if (excess.wildcard) why.push('`*` also grants whatever is added later');
  if (excess.usedOnlyIn.length > 0)
    why.push(`granted in every namespace, used only in ${excess.usedOnlyIn.join(', ')}`);
  return [
    `  ${binding} → ${excess.role}${excess.source === excess.role ? '' : ` (from ${excess.source})`} rules[${String(excess.index)}]: ${ruleLabel(excess.rule)}`,
    `      ${why.join('; ')}`,
  ];
}

function header(suggestion: Suggestion, sources: readonly string[]): string {
  const lines = [
    `Least privilege for ${suggestion.user}: ${String(suggestion.requests)} request${suggestion.requests === 1 ? '' : 's'} seen${
      suggestion.firstSeen ? ` from ${suggestion.firstSeen} to ${suggestion.lastSeen ?? ''}` : ''
    }.`,
    ...sources.map((source) => `  ${source}`),
    'Namespaced requests become a Role in their namespace; requests without a namespace (cluster-scoped',
    'resources, lists across all namespaces) and non-resource URLs a ClusterRole. Review, then',
    'kubectl apply -f this file.',
  ];
  if (suggestion.superuser)
    lines.push(
      '',
      `${suggestion.user} is in system:masters: RBAC does not limit it at all; remove it from that group.`,
    );
  if (suggestion.discovery > 0)
    lines.push(
      '',
      `${String(suggestion.discovery)} discovery request(s) (/api, /apis, /version, /openapi) left out: every authenticated user may make them.`,
    );
  if (suggestion.namesDropped.length > 0)
    lines.push(
      '',
      'Granted without resourceNames (too many different names seen):',
      ...suggestion.namesDropped.map((v) => `  ${v}`),
    );
  if (suggestion.denied.length > 0)
    lines.push('', 'Refused requests (not granted):', ...suggestion.denied.map(deniedLine));
  if (suggestion.excess !== null) {
    if (suggestion.excess.length === 0)
      lines.push('', 'Current grants: nothing beyond what was seen (from the RBAC objects given).');
    else
      lines.push(
        '',
        'Current grants beyond what was seen (from the RBAC objects given):',
        ...suggestion.excess.flatMap(excessLines),
      );
  }
  if (suggestion.roles.length === 0) lines.push('', 'No request to grant: no Role is needed.');
  return yamlComment(lines.join('\n'));
}

function roleDocument(role: SuggestedRole): Record<string, unknown> {
  return {
    apiVersion: RBAC_API,
    kind: role.kind,
    metadata: {
      name: role.name,
      ...(role.namespace !== null ? { namespace: role.namespace } : {}),
      labels: MANAGED_BY,
    },
    rules: role.rules.map((rule) => ({ ...rule })),
  };
}

function bindingDocument(role: SuggestedRole, suggestion: Suggestion): Record<string, unknown> {
  const { subject } = suggestion;
  return {
    apiVersion: RBAC_API,
    kind: role.kind === 'Role' ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: {
      name: role.name,
      ...(role.namespace !== null ? { namespace: role.namespace } : {}),
      labels: MANAGED_BY,
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role.kind, name: role.name },
    subjects: [
      subject.kind === 'ServiceAccount'
        ? { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }
        : { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: subject.name },
    ],
  };
}

/** The YAML stream: the comment header, then each role followed by its binding. */
export function suggestionYaml(suggestion: Suggestion, sources: readonly string[]): string {
  const documents = suggestion.roles.flatMap((role) => [
    toKubeYaml(roleDocument(role)),
    toKubeYaml(bindingDocument(role, suggestion)),
  ]);
  return `${header(suggestion, sources)}\n${documents.map((doc) => `---\n${doc}`).join('')}`;
}
