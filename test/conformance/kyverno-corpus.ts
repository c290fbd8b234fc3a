/**
 * Reads the kyverno conformance corpus (../shared/conformance/kyverno) at run time: the resources of
 * each kyverno CLI test and chainsaw test, and the verdict each expects per resource.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'conformance', 'kyverno');

export type Verdict = 'pass' | 'fail';

export interface ExpectedVerdict {
  readonly kind: string;
  /** As the test names it: `name` or `namespace/name`. */
  readonly resource: string;
  /** The kyverno rule name ('-' for ValidatingPolicy tests). */
  readonly kyvernoRule: string;
  readonly verdict: Verdict;
}

export interface CorpusCase {
  /** Path relative to the corpus, e.g. `restrict-ingress-paths/kyverno-test/kyverno-test.yaml`. */
  readonly test: string;
  /** YAML texts that make up the state the verdicts are judged in, with their file names. */
  readonly inputs: readonly { readonly file: string; readonly text: string }[];
  readonly expected: readonly ExpectedVerdict[];
}

function load(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as unknown);
}

interface KyvernoTest {
  resources?: string[];
  results?: { kind: string; resources: string[]; result: string; rule?: string }[];
}

/** Every kyverno CLI test (kyverno-test.yaml) under a policy folder, variants included. */
export function kyvernoTests(policy: string): CorpusCase[] {
  return testFiles(join(CORPUS, policy), 'kyverno-test.yaml').map((path) => {
    const test = load(path)[0] as KyvernoTest;
    const dir = dirname(path);
    return {
      test: path.slice(CORPUS.length + 1),
      inputs: (test.resources ?? []).map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') })),
      expected: (test.results ?? []).flatMap((result) =>
        result.resources.map((resource) => ({
          kind: result.kind,
          resource,
          kyvernoRule: result.rule ?? '-',
          // kyverno "skip" means the rule did not apply: nothing to report, as a pass.
          verdict: result.result === 'fail' ? ('fail' as const) : ('pass' as const),
        })),
      ),
    };
  });
}

interface ChainsawStep {
  try?: { apply?: { file: string; expect?: { check?: Record<string, unknown> }[] } }[];
}

export interface ChainsawApply {
  readonly file: string;
  readonly text: string;
  readonly rejected: boolean;
}

/** Every chainsaw test: its applies in order, with whether the policy must reject each. */
export function chainsawTests(policy: string): { test: string; applies: ChainsawApply[] }[] {
  return testFiles(join(CORPUS, policy), 'chainsaw-test.yaml').map((path) => {
    const test = load(path)[0] as { spec?: { steps?: ChainsawStep[] } };
    const dir = dirname(path);
    const applies: ChainsawApply[] = [];
    for (const step of test.spec?.steps ?? []) {
      for (const operation of step.try ?? []) {
        const apply = operation.apply;
        if (!apply || apply.file.startsWith('..')) continue; // the policy itself
        const rejected = (apply.expect ?? []).some((e) => e.check?.['($error != null)'] === true);
        applies.push({ file: apply.file, text: readFileSync(join(dir, apply.file), 'utf8'), rejected });
      }
    }
    return { test: path.slice(CORPUS.length + 1), applies };
  });
}

function testFiles(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(path, name));
    else if (entry.name === name) out.push(path);
  }
  return out.sort();
}

export function policies(): string[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
