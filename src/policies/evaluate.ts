/**
 * One validating policy, compiled once and evaluated per object with ValidatingAdmissionPolicy's
 * semantics: matchConditions gate it (any false: not applicable), variables are computed in order,
 * each validation that is false denies with its message (messageExpression when it yields a non-empty
 * string, else message, else "failed expression: …"). An expression that cannot be evaluated (no such
 * key, wrong type) denies under failurePolicy Fail — the default, as in Kubernetes — and is ignored
 * under Ignore. Shared by config policies and ValidatingAdmissionPolicy objects found in the input.
 */
import {
  CelCompileError,
  compileExpression,
  describeValue,
  type Activation,
  type CompiledExpression,
} from './cel.ts';

export interface NamedExpressionSpec {
  readonly name: string;
  readonly expression: string;
}

export interface ValidationSpec {
  readonly expression: string;
  readonly message?: string | undefined;
  readonly messageExpression?: string | undefined;
  readonly reason?: string | undefined;
  readonly fieldPath?: string | undefined;
}

export interface PolicySpec {
  readonly validations: readonly ValidationSpec[];
  readonly variables?: readonly NamedExpressionSpec[] | undefined;
  readonly matchConditions?: readonly NamedExpressionSpec[] | undefined;
  readonly failurePolicy?: 'Fail' | 'Ignore' | undefined;
}

export interface CompiledValidation {
  readonly spec: ValidationSpec;
  readonly expression: CompiledExpression;
  readonly messageExpression: CompiledExpression | undefined;
}

export interface CompiledPolicy {
  readonly validations: readonly CompiledValidation[];
  readonly variables: readonly { readonly name: string; readonly expression: CompiledExpression }[];
  readonly matchConditions: readonly { readonly name: string; readonly expression: CompiledExpression }[];
  readonly failClosed: boolean;
}

export interface CompileProblem {
  /** Where in the policy, e.g. `validations[1].expression`. */
  readonly path: string;
  readonly expression: string;
  readonly error: string;
}

export type CompileResult =
  | { readonly ok: true; readonly policy: CompiledPolicy }
  | { readonly ok: false; readonly problems: readonly CompileProblem[] };

export function compilePolicy(spec: PolicySpec): CompileResult {
  const problems: CompileProblem[] = [];
  const variableNames = (spec.variables ?? []).map((v) => v.name);
  const compile = (source: string, path: string): CompiledExpression | undefined => {
    try {
      return compileExpression(source, { variableNames });
    } catch (error) {
      if (!(error instanceof CelCompileError)) throw error;
      problems.push({ path, expression: source, error: error.message });
      return undefined;
    }
  };
  const named = (list: readonly NamedExpressionSpec[] | undefined, field: string) =>
    (list ?? []).flatMap((entry, i) => {
      const expression = compile(entry.expression, `${field}[${i}].expression`);
      return expression ? [{ name: entry.name, expression }] : [];
    });
  const matchConditions = named(spec.matchConditions, 'matchConditions');
  const variables = named(spec.variables, 'variables');
  const validations = spec.validations.flatMap((validation, i): CompiledValidation[] => {
    const expression = compile(validation.expression, `validations[${i}].expression`);
    const messageExpression =
      validation.messageExpression === undefined
        ? undefined
        : compile(validation.messageExpression, `validations[${i}].messageExpression`);
    return expression ? [{ spec: validation, expression, messageExpression }] : [];
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    policy: { validations, variables, matchConditions, failClosed: spec.failurePolicy !== 'Ignore' },
  };
}

export type Verdict =
  | {
      readonly kind: 'denied';
      readonly index: number;
      readonly validation: ValidationSpec;
      readonly message: string;
    }
  | {
      /** An expression could not be evaluated and the policy fails closed. */
      readonly kind: 'error';
      readonly index: number | undefined;
      readonly expression: string;
      readonly error: string;
    };

/** The verdicts of one policy on one object: empty when it allows the object or does not apply. */
export function evaluatePolicy(policy: CompiledPolicy, activation: Activation): Verdict[] {
  const gate = matchConditionsAllow(policy, activation);
  if (gate !== true) return gate === false ? [] : policy.failClosed ? [gate] : [];
  const variables = new Map<string, unknown>();
  for (const variable of policy.variables) {
    const result = variable.expression.evaluate({ ...activation, variables: variables as never });
    // Kubernetes evaluates variables lazily: one that fails only matters where it is used, which then
    // fails with "no such key" for it.
    if (result.ok) variables.set(variable.name, result.value);
  }
  const bound: Activation = { ...activation, variables: variables as never };
  const verdicts: Verdict[] = [];
  policy.validations.forEach((validation, index) => {
    const result = validation.expression.evaluate(bound);
    if (result.ok && result.value === true) return;
    if (result.ok && result.value === false) {
      verdicts.push({
        kind: 'denied',
        index,
        validation: validation.spec,
        message: messageOf(validation, bound),
      });
      return;
    }
    if (!policy.failClosed) return;
    verdicts.push({
      kind: 'error',
      index,
      expression: validation.spec.expression,
      error: result.ok ? `expected a bool, got ${describeValue(result.value)}` : result.error,
    });
  });
  return verdicts;
}

/** true: applies; false: a condition is false; a verdict: a condition could not be evaluated. */
function matchConditionsAllow(policy: CompiledPolicy, activation: Activation): boolean | Verdict {
  let failure: Verdict | undefined;
  for (const condition of policy.matchConditions) {
    const result = condition.expression.evaluate(activation);
    if (result.ok && result.value === false) return false;
    if (result.ok && result.value === true) continue;
    failure ??= {
      kind: 'error',
      index: undefined,
      expression: condition.expression.source,
      error: result.ok ? `expected a bool, got ${describeValue(result.value)}` : result.error,
    };
  }
  return failure ?? true;
}

function messageOf(validation: CompiledValidation, activation: Activation): string {
  if (validation.messageExpression) {
    const result = validation.messageExpression.evaluate(activation);
    // As Kubernetes: a messageExpression that fails or yields no text falls back to message.
    if (result.ok && typeof result.value === 'string' && result.value.trim() !== '')
      return result.value.replace(/\s*\n\s*/g, ' ');
  }
  return validation.spec.message ?? `failed expression: ${validation.spec.expression}`;
}
