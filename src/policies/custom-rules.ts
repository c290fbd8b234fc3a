/**
 * Config policies as rules: each `policies:` entry becomes a RuleDefinition at config resolution, so
 * the engine, suppressions, baselines and every output treat it exactly like a built-in rule. Its
 * expressions are compiled here, once; a policy that does not compile is a config error.
 */
import { defineRule, type AnyRule } from '../engine/rule.ts';
import { isKnownKind } from '../model/kinds.ts';
import type { IngressView } from '../model/ingress.ts';
import type { Resource } from '../model/resource.ts';
import { toCel } from './cel.ts';
import { compilePolicy, evaluatePolicy, type ValidationSpec } from './evaluate.ts';
import { activationFor, policyMatches } from './match.ts';
import type { PolicyConfig } from './schema.ts';

/** Where a finding of a validation points when it names no fieldPath: the object's name. */
export const DEFAULT_POLICY_PATH = 'metadata.name';

export const POLICY_DOCS = 'docs/policies.md';

/** The message id of validation `index`: its path in the policy. */
export function validationMessageId(index: number): string {
  return `validations[${index}]`;
}

export type PolicyRulesResult =
  { readonly ok: true; readonly rules: readonly AnyRule[] } | { readonly ok: false; readonly error: string };

/** `reserved`: ids a policy may not take (the built-in rules'). */
export function policyRules(
  policies: readonly PolicyConfig[],
  reserved: ReadonlySet<string>,
): PolicyRulesResult {
  const rules: AnyRule[] = [];
  const seen = new Set<string>();
  for (const policy of policies) {
    if (reserved.has(policy.id))
      return { ok: false, error: `policy ${policy.id}: the id is a built-in rule's; choose another` };
    if (seen.has(policy.id)) return { ok: false, error: `policy ${policy.id}: the id is used twice` };
    seen.add(policy.id);
    const unknownKind = policy.match.kinds.find((kind) => !isKnownKind(kind));
    if (unknownKind !== undefined)
      return {
        ok: false,
        error: `policy ${policy.id}: match.kinds: ${unknownKind} is not a kind gatewatch reads`,
      };
    const compiled = compilePolicy(policy);
    if (!compiled.ok) {
      const [first] = compiled.problems;
      return {
        ok: false,
        error: `policy ${policy.id}: ${first?.path ?? ''} does not compile: ${first?.error ?? ''} (expression: ${first?.expression ?? ''})`,
      };
    }
    rules.push(ruleOf(policy, compiled.policy));
  }
  return { ok: true, rules };
}

function templateOf(validation: ValidationSpec): string {
  if (validation.messageExpression !== undefined) return '{{message}}';
  return validation.message ?? `failed expression: ${validation.expression}`;
}

function ruleOf(
  policy: PolicyConfig,
  compiled: Extract<ReturnType<typeof compilePolicy>, { ok: true }>['policy'],
): AnyRule {
  const params = toCel(policy.params);
  const messages: Record<string, string> = Object.fromEntries(
    policy.validations.map((validation, index) => [validationMessageId(index), templateOf(validation)]),
  );
  messages.error = 'Expression {{expression}} of policy {{policy}} could not be evaluated: {{error}}';
  const first = policy.validations[0];
  return defineRule<string>({
    id: policy.id,
    severity: policy.severity ?? 'error',
    category: 'policy',
    preset: 'recommended',
    docs: {
      summary: policy.description ?? `Custom policy: ${first?.message ?? first?.expression ?? policy.id}.`,
      remediation:
        policy.remediation ??
        'Change the object so that every validation of the policy holds, or exempt it with a reason.',
      references: policy.references ?? [POLICY_DOCS],
      url: POLICY_DOCS,
    },
    messages,
    create({ model, report }) {
      const check = (resource: Resource): void => {
        if (!policyMatches(policy.match, resource, model)) return;
        for (const verdict of evaluatePolicy(compiled, activationFor(resource, model, params))) {
          if (verdict.kind === 'denied') {
            report({
              path: verdict.validation.fieldPath ?? DEFAULT_POLICY_PATH,
              messageId: validationMessageId(verdict.index),
              data: { message: verdict.message },
            });
          } else {
            const validation = verdict.index === undefined ? undefined : policy.validations[verdict.index];
            report({
              path: validation?.fieldPath ?? DEFAULT_POLICY_PATH,
              messageId: 'error',
              data: { policy: policy.id, expression: verdict.expression, error: verdict.error },
            });
          }
        }
      };
      const visitors: Record<string, (subject: Resource | IngressView) => void> = {};
      for (const kind of new Set(policy.match.kinds)) {
        visitors[kind] =
          kind === 'Ingress'
            ? (view) => {
                check((view as IngressView).resource);
              }
            : (resource) => {
                check(resource as Resource);
              };
      }
      return visitors;
    },
  });
}
