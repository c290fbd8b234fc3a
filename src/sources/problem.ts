/** Input problems (spec/rules.md section J): reported like findings, with file and line. */

export const PROBLEM_IDS = {
  'input-parse-error': {
    severity: 'error',
    summary: 'A file or document could not be read as a Kubernetes object.',
  },
  'input-unknown-kind': {
    severity: 'info',
    summary: 'A document of a kind gatewatch does not review; it was skipped.',
  },
  'input-duplicate-object': {
    severity: 'warning',
    summary: 'The same kind/namespace/name appears twice; the later copy was ignored.',
  },
  'input-too-large': {
    severity: 'error',
    summary: 'A file or document is larger than the limit and was not read.',
  },
} as const satisfies Record<string, { severity: 'error' | 'warning' | 'info'; summary: string }>;

export type ProblemId = keyof typeof PROBLEM_IDS;

export interface InputProblem {
  readonly id: ProblemId;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Problems that mean part of the input was not reviewed (exit code 3). */
export function isReadFailure(problem: InputProblem): boolean {
  return PROBLEM_IDS[problem.id].severity === 'error';
}
