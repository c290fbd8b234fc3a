/** The scan pipeline: sources → model → engine → report data. Shared by `scan` and, later, other front ends. */
import { Model } from '../model/model.ts';
import { runRules } from '../engine/run-rules.ts';
import type { ResolvedConfig } from '../engine/config.ts';
import type { BaselineFile } from '../engine/suppressions.ts';
import type { ObjectRef } from '../model/resource.ts';
import { readInputs, type ReadOptions } from '../sources/files/read.ts';
import { isReadFailure } from '../sources/problem.ts';
import { RULES, findRule } from '../rules/index.ts';
import type { ScanReport } from '../report/scan-report.ts';
import { TOOL_VERSION } from '../version.ts';

export interface ScanOptions extends ReadOptions {
  readonly config: ResolvedConfig;
  readonly now: number;
  readonly baseline?: BaselineFile;
  readonly configObject?: { readonly ref: ObjectRef; readonly location?: { file: string; line: number } };
}

export interface ScanOutcome {
  readonly report: ScanReport;
  /** Nothing at all could be read (exit 2). */
  readonly nothingRead: boolean;
  /** Some input or kind could not be read (exit 3 when nothing else fails). */
  readonly partial: boolean;
}

export async function scanPaths(paths: readonly string[], options: ScanOptions): Promise<ScanOutcome> {
  const input = await readInputs(paths, options);
  const model = new Model(input.resources, {
    mode: 'files',
    ...(options.config.controller ? { fallbackController: options.config.controller } : {}),
  });
  const result = runRules({
    model,
    config: options.config,
    now: options.now,
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.configObject ? { configObject: options.configObject } : {}),
  });
  const report: ScanReport = {
    tool: { name: 'gatewatch', version: TOOL_VERSION },
    findings: result.findings,
    suppressed: result.suppressed,
    notChecked: result.notChecked,
    problems: input.problems,
    objects: input.resources.length,
    skippedKinds: input.skippedKinds,
    rules: options.config.rules.map((r) => r.rule),
    lookup: (id) => findRule(id),
  };
  return { report, nothingRead: !input.anythingRead, partial: input.problems.some(isReadFailure) };
}

export { RULES };
