/** Everything a scan produced, in the shape formatters take. */
import { severityRank, type Finding, type NotChecked } from '../engine/finding.ts';
import type { FailOn } from '../engine/config.ts';
import type { InputProblem } from '../sources/problem.ts';
import type { RuleLookup } from './message.ts';
import type { AnyRule, Severity } from '../engine/rule.ts';

export interface ScanReport {
  readonly tool: { readonly name: 'gatewatch'; readonly version: string };
  readonly findings: readonly Finding[];
  readonly suppressed: readonly Finding[];
  readonly notChecked: readonly NotChecked[];
  readonly problems: readonly InputProblem[];
  readonly objects: number;
  readonly skippedKinds: ReadonlyMap<string, number>;
  /** Rules that ran, for formats that list rule metadata (SARIF). */
  readonly rules: readonly AnyRule[];
  readonly lookup: RuleLookup;
}

export interface FormatOptions {
  readonly color: boolean;
  readonly verbose: boolean;
  /**
   * The run's `--fail-on`: formats that mark pass/fail (JUnit, Markdown) fail only findings at or above it.
   * Absent: every finding fails.
   */
  readonly failOn?: FailOn;
}

/** Whether a finding fails the run under `failOn` (the exit-code rule of spec/cli.md). */
export function failsRun(finding: Finding, failOn: FailOn | undefined): boolean {
  if (failOn === undefined) return true;
  return failOn !== 'none' && severityRank(finding.severity) <= severityRank(failOn);
}

export type Formatter = (report: ScanReport, options: FormatOptions) => string;

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
