/**
 * Access logs → TrafficResult: read (files, directories, .gz, stdin, follow), join to the route table,
 * count and detect. Shared by `gatewatch traffic` and `gatewatch report --access-log`; what could not be
 * read is returned, not printed.
 */
import { newCounters, visitAccessLogs, type LogFormat, type ParseProblem } from '../sources/access/index.ts';
import type { ReadAccessOptions } from '../sources/access/types.ts';
import type { RouteTable } from '../routing/index.ts';
import { TrafficAnalyzer } from '../traffic/analyze.ts';
import { PROBLEMS_SHOWN, trafficResult, type TrafficResult } from '../traffic/result.ts';
import type { TrafficSettings } from '../traffic/settings.ts';

export interface AnalyzeLogsOptions {
  /** Paths to read (absolute, or `-`), and how each is named in the output (as given). */
  readonly files: readonly { readonly path: string; readonly shown: string }[];
  readonly table: RouteTable | undefined;
  readonly tableSource: 'files' | 'cluster' | 'none';
  readonly settings: TrafficSettings;
  readonly tool: { readonly name: string; readonly version: string };
  readonly read?: Pick<ReadAccessOptions, 'format' | 'logFormat' | 'follow' | 'signal' | 'stdin'>;
  /** Called after each batch of records (--follow prints new alerts from here). */
  readonly onBatch?: (analyzer: TrafficAnalyzer) => void;
}

export interface AnalyzedLogs {
  readonly result: TrafficResult;
  /** Why reading stopped early (an unreadable file); undefined when every input was read. */
  readonly failure: unknown;
  /** Whether any line was read at all. */
  readonly anythingRead: boolean;
}

export async function analyzeAccessLogs(options: AnalyzeLogsOptions): Promise<AnalyzedLogs> {
  const analyzer = new TrafficAnalyzer({ table: options.table, settings: options.settings });
  const counters = newCounters();
  const problems: ParseProblem[] = [];
  const formats: { file: string; format: LogFormat }[] = [];
  const shown = new Map(options.files.map((f) => [f.path, f.shown]));
  const name = (file: string): string => shown.get(file) ?? file;
  let failure: unknown;
  try {
    await visitAccessLogs(
      options.files.map((f) => f.path),
      {
        ...options.read,
        counters,
        onProblem: (problem) => {
          if (problems.length < PROBLEMS_SHOWN) problems.push({ ...problem, file: name(problem.file) });
        },
        onFormat: (file, format) => formats.push({ file: name(file), format }),
      },
      (record) => {
        analyzer.add(record);
      },
      () => {
        options.onBatch?.(analyzer);
      },
    );
  } catch (error) {
    failure = error;
  }
  const result = trafficResult(analyzer, {
    tool: options.tool,
    inputs: {
      files: options.files.map((f) => (f.shown === '-' ? 'stdin' : f.shown)),
      formats,
      lines: counters.lines,
      parsed: counters.parsed,
      malformed: counters.malformed,
      problems,
    },
    tableSource: options.tableSource,
    fileNames: shown,
  });
  return { result, failure, anythingRead: counters.lines > 0 };
}
