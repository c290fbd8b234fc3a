/**
 * CEL as Kubernetes ValidatingAdmissionPolicy uses it, on `@bufbuild/cel`: one environment (the
 * standard library, the strings extension and the Kubernetes library functions policies use), a
 * compile step that rejects what the API server would reject before any object is seen (syntax
 * errors, unknown variables and functions), and the conversion of manifests into CEL values.
 */
import {
  CelScalar,
  celEnv,
  isCelError,
  isCelList,
  isCelMap,
  isCelType,
  isCelUint,
  parse,
  plan,
  type CelInput,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { KUBERNETES_LIBRARY } from './kubernetes-library.ts';

/** The variables a ValidatingAdmissionPolicy expression can name (`authorizer` needs a live API server). */
export const POLICY_VARIABLES = [
  'object',
  'oldObject',
  'namespaceObject',
  'params',
  'request',
  'variables',
] as const;
export type PolicyVariable = (typeof POLICY_VARIABLES)[number];

export type Activation = Readonly<Partial<Record<PolicyVariable, CelInput>>>;

const DYN = CelScalar.DYN;
const ENV = celEnv({
  variables: Object.fromEntries(POLICY_VARIABLES.map((name) => [name, DYN])),
  funcs: [...strings, ...KUBERNETES_LIBRARY],
});

/** Names an expression may use as identifiers besides variables: type names (`type(x) == int`). */
const TYPE_NAMES = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
  'dyn',
]);

type Expr = ReturnType<typeof parse>['expr'];

export class CelCompileError extends Error {}

export type EvalResult =
  { readonly ok: true; readonly value: CelValue } | { readonly ok: false; readonly error: string };

export interface CompiledExpression {
  readonly source: string;
  evaluate(activation: Activation): EvalResult;
}

export interface CompileOptions {
  /** Names declared under `variables` (`variables.<name>`); undefined: any name. */
  readonly variableNames?: readonly string[];
}

/** Parses and checks an expression once; throws CelCompileError with a message naming what is wrong. */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    throw new CelCompileError(syntaxMessage(source, error));
  }
  checkNames(parsed.expr, new Set(), options);
  const program = plan(ENV, parsed);
  return {
    source,
    evaluate(activation) {
      try {
        const value = program(activation);
        return isCelError(value) ? { ok: false, error: value.message } : { ok: true, value };
      } catch (error) {
        // The evaluator returns errors as values; a throw is a bug in a function we registered.
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

function syntaxMessage(source: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // cel-es has no optional field syntax yet: say so instead of a bare "found ." parse error.
  return /\.\?|\[\?/.test(source)
    ? `${text} (optional field syntax such as \`?.\` is not supported; use has())`
    : text;
}

/**
 * What a type checker would catch before evaluation: unknown identifiers, unknown functions, and
 * `variables.<name>` naming no declared variable. Kubernetes rejects such policies when they are written;
 * reporting them at load keeps a typo from turning into a finding on every object.
 */
function checkNames(expr: Expr | undefined, bound: ReadonlySet<string>, options: CompileOptions): void {
  if (!expr) return;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr': {
      const name = kind.value.name;
      if (bound.has(name) || TYPE_NAMES.has(name) || (POLICY_VARIABLES as readonly string[]).includes(name))
        return;
      if (name === 'authorizer')
        throw new CelCompileError('`authorizer` needs a live API server and is not available offline');
      throw new CelCompileError(`undeclared reference to '${name}'`);
    }
    case 'selectExpr': {
      const operand = kind.value.operand;
      if (
        options.variableNames &&
        operand?.exprKind.case === 'identExpr' &&
        operand.exprKind.value.name === 'variables' &&
        !bound.has('variables') &&
        !options.variableNames.includes(kind.value.field)
      )
        throw new CelCompileError(`undeclared variable 'variables.${kind.value.field}'`);
      checkNames(operand, bound, options);
      return;
    }
    case 'callExpr': {
      const { function: name, target, args } = kind.value;
      const qualified = target ? qualifiedName(target) : undefined;
      const namespaced = qualified !== undefined && !bound.has(qualified.split('.')[0] ?? '');
      if (namespaced && ENV.funcs.find(`${qualified}.${name}`)) {
        for (const arg of args) checkNames(arg, bound, options);
        return;
      }
      checkNames(target, bound, options);
      // Operators (`_+_`, `@in`, `!_`…) are resolved by the planner itself.
      if (!/^[_@!-]/.test(name) && !ENV.funcs.find(name))
        throw new CelCompileError(`undeclared reference to function '${name}'`);
      for (const arg of args) checkNames(arg, bound, options);
      return;
    }
    case 'listExpr':
      for (const element of kind.value.elements) checkNames(element, bound, options);
      return;
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey') checkNames(entry.keyKind.value, bound, options);
        checkNames(entry.value, bound, options);
      }
      return;
    case 'comprehensionExpr': {
      const c = kind.value;
      checkNames(c.iterRange, bound, options);
      checkNames(c.accuInit, bound, options);
      const inner = new Set([...bound, c.iterVar, c.iterVar2, c.accuVar].filter(Boolean));
      checkNames(c.loopCondition, inner, options);
      checkNames(c.loopStep, inner, options);
      checkNames(c.result, new Set([...bound, c.accuVar]), options);
      return;
    }
    default:
      return;
  }
}

/** `a.b.c` for an identifier/field chain, else undefined. */
function qualifiedName(expr: Expr): string | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name;
  if (kind.case === 'selectExpr' && kind.value.operand) {
    const left = qualifiedName(kind.value.operand);
    return left === undefined ? undefined : `${left}.${kind.value.field}`;
  }
  return undefined;
}

const converted = new WeakMap<object, CelInput>();

/**
 * A manifest value as Kubernetes hands it to CEL: whole numbers are `int` (JSON has one number type,
 * Kubernetes' schemas say integer), others `double`; objects are maps. Objects are converted once and
 * remembered, since every policy of a run reads the same objects.
 */
export function toCel(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (typeof value !== 'object') return null;
  const known = converted.get(value);
  if (known !== undefined) return known;
  const result: CelInput = Array.isArray(value)
    ? value.map(toCel)
    : new Map(Object.entries(value).map(([key, entry]) => [key, toCel(entry)]));
  converted.set(value, result);
  return result;
}

/** A CEL value as plain data, for messages (`1`, `"a"`, `[1, 2]`). */
export function describeValue(value: CelValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (value === null) return 'null';
  if (isCelList(value)) return `[${[...value].map(describeValue).join(', ')}]`;
  if (isCelMap(value))
    return `{${[...value.entries()].map(([k, v]) => `${describeValue(k as CelValue)}: ${describeValue(v)}`).join(', ')}}`;
  if (isCelUint(value)) return `${String(value.value)}u`;
  if (isCelType(value)) return value.name;
  if (value instanceof Uint8Array) return `b"${Buffer.from(value).toString('latin1')}"`;
  return value.desc.typeName;
}
