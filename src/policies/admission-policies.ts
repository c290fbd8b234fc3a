/**
 * ValidatingAdmissionPolicy + ValidatingAdmissionPolicyBinding objects found in the input, evaluated
 * offline as the API server would on a CREATE of each object: the policy's matchConstraints and the
 * binding's matchResources select objects, the binding's paramRef finds params in the model, and the
 * binding's validationActions give the severity (Deny → error, Warn → warning, Audit → info).
 */
import type { CelInput } from '@bufbuild/cel';
import { asArray, asObject, asString, stringMap, type JsonObject, type Resource } from '../model/resource.ts';
import { isKnownKind, isNamespaced } from '../model/kinds.ts';
import type { Model } from '../model/model.ts';
import { selectorMatches } from '../model/workloads.ts';
import type { Severity } from '../engine/rule.ts';
import { toCel } from './cel.ts';
import {
  compilePolicy,
  type CompileResult,
  type NamedExpressionSpec,
  type PolicySpec,
  type ValidationSpec,
} from './evaluate.ts';

const optionalString = (value: unknown): string | undefined => asString(value);

function named(value: unknown): NamedExpressionSpec[] {
  return asArray(value).map((entry) => {
    const e = asObject(entry);
    return { name: asString(e.name) ?? '', expression: asString(e.expression) ?? '' };
  });
}

/** The CEL parts of a ValidatingAdmissionPolicy's spec. */
export function policySpecOf(policy: Resource): PolicySpec {
  const spec = asObject(policy.body.spec);
  const failurePolicy = asString(spec.failurePolicy);
  return {
    validations: asArray(spec.validations).map((entry): ValidationSpec => {
      const v = asObject(entry);
      return {
        expression: asString(v.expression) ?? '',
        message: optionalString(v.message),
        messageExpression: optionalString(v.messageExpression),
        reason: optionalString(v.reason),
        fieldPath: optionalString(v.fieldPath),
      };
    }),
    variables: named(spec.variables),
    matchConditions: named(spec.matchConditions),
    failurePolicy: failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
  };
}

/** Compiles each policy object once per run, whichever of its bindings asks first. */
export function policyCompiler(): (policy: Resource) => CompileResult {
  const cache = new Map<Resource, CompileResult>();
  return (policy) => {
    let result = cache.get(policy);
    if (!result) cache.set(policy, (result = compilePolicy(policySpecOf(policy))));
    return result;
  };
}

/** The strongest of a binding's validationActions; Deny when it names none (v1alpha1 bindings). */
export function severityOfActions(binding: Resource): Severity {
  const actions = asArray(asObject(binding.body.spec).validationActions);
  if (actions.includes('Deny') || actions.length === 0) return 'error';
  if (actions.includes('Warn')) return 'warning';
  return 'info';
}

export type ParamsLookup =
  | { readonly kind: 'found'; readonly params: readonly CelInput[] }
  /** None found and the binding says Deny. */
  | { readonly kind: 'missing'; readonly paramKind: string }
  /** Nothing to evaluate: params not found and allowed, or their kind cannot be known from the input. */
  | { readonly kind: 'skip' };

/** The params a binding hands its policy for `resource` (`paramKind` + `paramRef`). */
export function paramsFor(
  policy: Resource,
  binding: Resource,
  resource: Resource,
  model: Model,
): ParamsLookup {
  const paramKind = asObject(asObject(policy.body.spec).paramKind);
  const kind = asString(paramKind.kind);
  if (kind === undefined) return { kind: 'found', params: [null] };
  const ref = asObject(asObject(binding.body.spec).paramRef);
  if (Object.keys(ref).length === 0) return { kind: 'skip' }; // the API server rejects such a binding
  // A kind gatewatch does not read (a CRD), or one the files do not contain: absence proves nothing.
  if (!isKnownKind(kind) || model.whyUnknown(kind) !== undefined) return { kind: 'skip' };
  const namespace = isNamespaced(kind) ? (asString(ref.namespace) ?? resource.namespace) : '';
  const name = asString(ref.name);
  const found: Resource[] =
    name !== undefined
      ? [model.get(kind, namespace, name)].filter((r): r is Resource => r !== undefined)
      : model
          .list(kind, isNamespaced(kind) ? namespace : undefined)
          .filter((r) => selectorMatches(ref.selector ?? {}, stringMap(asObject(r.body.metadata).labels)));
  if (found.length > 0) return { kind: 'found', params: found.map((r) => toCel(r.body)) };
  return asString(ref.parameterNotFoundAction) === 'Deny'
    ? { kind: 'missing', paramKind: kind }
    : { kind: 'skip' };
}

export function bindingSpec(binding: Resource): JsonObject {
  return asObject(binding.body.spec);
}
