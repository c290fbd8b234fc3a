/** The scan pipeline: sources → model → engine → report data. Shared by `scan` and, later, other front ends. */
import { runRules } from '../engine/run-rules.ts';
import type { ResolvedConfig } from '../engine/config.ts';
import type { BaselineFile } from '../engine/suppressions.ts';
import type { ObjectRef } from '../model/resource.ts';
import type { ReadOptions } from '../sources/files/read.ts';
import type { ClusterReader } from '../sources/cluster/port.ts';
import type { ClusterProgress } from '../sources/cluster/read.ts';
import { RULES, findRule } from '../rules/index.ts';
import type { ScanReport } from '../report/scan-report.ts';
import { TOOL_VERSION } from '../version.ts';
import { loadModel, type LoadedModel } from './load.ts';

export interface ScanOptions extends ReadOptions {
  readonly config: ResolvedConfig;
  readonly now: number;
  readonly baseline?: BaselineFile;
  readonly configObject?: { readonly ref: ObjectRef; readonly location?: { file: string; line: number } };
}

/** What the engine needs beside the model. */
export type ReviewOptions = Pick<ScanOptions, 'config' | 'now' | 'baseline' | 'configObject'>;

export interface ScanOutcome {
  readonly report: ScanReport;
  /** Nothing at all could be read (exit 2). */
  readonly nothingRead: boolean;
  /** Some input or kind could not be read (exit 3 when nothing else fails). */
  readonly partial: boolean;
}

export async function scanPaths(paths: readonly string[], options: ScanOptions): Promise<ScanOutcome> {
  const loaded = await loadModel(
    { type: 'files', paths, read: options },
    options.config.controller ? { fallbackController: options.config.controller } : {},
  );
  return scanLoaded(loaded, options);
}

export interface ClusterScanOptions extends Omit<ScanOptions, keyof ReadOptions> {
  /** Read only this namespace; omitted: all namespaces. */
  readonly namespace?: string;
  readonly onProgress?: (progress: ClusterProgress) => void;
}

export interface ClusterScanOutcome extends ScanOutcome {
  /** Kind → why it could not be read (the rules needing it are in `notChecked`). */
  readonly unreadableKinds: ReadonlyMap<string, string>;
  /** Set when nothing could be read at all (server unreachable, credentials refused). */
  readonly failure?: string;
}

/** `scan --cluster`: the live objects through the same model and engine as files. */
export async function scanCluster(
  reader: ClusterReader,
  options: ClusterScanOptions,
): Promise<ClusterScanOutcome> {
  const loaded = await loadModel(
    {
      type: 'cluster',
      reader,
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    options.config.controller ? { fallbackController: options.config.controller } : {},
  );
  return scanLoaded(loaded, options);
}

/** A model loaded by `loadModel` (files or cluster) through the engine. */
export function scanLoaded(loaded: LoadedModel, options: ReviewOptions): ClusterScanOutcome {
  return {
    report: review(loaded, options),
    nothingRead: loaded.nothingRead,
    partial: loaded.partial,
    unreadableKinds: loaded.unreadableKinds,
    ...(loaded.failure !== undefined ? { failure: loaded.failure } : {}),
  };
}

/** The one engine path every source shares: model → rules → report data. */
function review(loaded: LoadedModel, options: ReviewOptions): ScanReport {
  const result = runRules({
    model: loaded.model,
    config: options.config,
    now: options.now,
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.configObject ? { configObject: options.configObject } : {}),
  });
  return {
    tool: { name: 'gatewatch', version: TOOL_VERSION },
    findings: result.findings,
    suppressed: result.suppressed,
    notChecked: result.notChecked,
    problems: loaded.problems,
    objects: loaded.resources.length,
    skippedKinds: loaded.skippedKinds,
    rules: options.config.rules.map((r) => r.rule),
    lookup: (id) => findRule(id) ?? options.config.customRules?.find((rule) => rule.id === id),
  };
}

export { RULES };
