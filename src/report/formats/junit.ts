/**
 * `-o junit`: JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins `junit`, Azure).
 *
 * One <testsuite> per rule that ran, one <testcase> per object the rule has findings for (classname =
 * rule id, name = the object). Per rule, not per object, because CI servers keep test history by
 * suite/classname + name: rule ids are stable across runs while objects come and go, so "this rule
 * started failing on web" reads naturally, and a big cluster does not become thousands of suites.
 * A rule with no findings is one passing testcase; a rule that could not judge the input ("not
 * checked") is a skipped testcase with the reason; suppressed findings are skipped testcases with their
 * suppression reason. Findings below `--fail-on` pass and are listed in <system-out>, so the report's
 * red/green agrees with the exit code. Input problems are a last suite, `gatewatch-input`: unreadable
 * input (exit code 3) is an <error>, other problems pass with their message as output.
 */
import type { Finding } from '../../engine/finding.ts';
import { severityRank } from '../../engine/finding.ts';
import { displayName } from '../../model/resource.ts';
import { PROBLEM_IDS, type InputProblem } from '../../sources/problem.ts';
import { messageOf } from '../message.ts';
import { escapeXmlText } from '../sanitize.ts';
import { failsRun, type FormatOptions, type Formatter, type ScanReport } from '../scan-report.ts';

export const INPUT_SUITE = 'gatewatch-input';
const STDIN_FILE = '<stdin>';

interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly file?: string;
  readonly outcome:
    | { readonly kind: 'pass'; readonly output?: string }
    | {
        readonly kind: 'failure' | 'error';
        readonly message: string;
        readonly type: string;
        readonly body: string;
      }
    | { readonly kind: 'skipped'; readonly message: string };
}

interface Suite {
  readonly name: string;
  readonly cases: readonly TestCase[];
}

export const formatJunit: Formatter = (report, options) => {
  const suites = [...ruleSuites(report, options), ...inputSuite(report, options)];
  const totals = count(suites.flatMap((s) => s.cases));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gatewatch" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="0">`,
    ...suites.flatMap(suiteXml),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
};

function ruleSuites(report: ScanReport, options: FormatOptions): Suite[] {
  const ruleIds = [
    ...new Set([
      ...report.rules.map((r) => r.id),
      ...report.findings.map((f) => f.ruleId),
      ...report.suppressed.map((f) => f.ruleId),
    ]),
  ];
  const notChecked = new Map(report.notChecked.map((entry) => [entry.ruleId, entry.reason]));
  return ruleIds.map((ruleId) => {
    const cases: TestCase[] = [];
    const reason = notChecked.get(ruleId);
    if (reason !== undefined)
      cases.push({ classname: ruleId, name: 'not checked', outcome: { kind: 'skipped', message: reason } });
    const active = groupByObject(report.findings.filter((f) => f.ruleId === ruleId));
    for (const group of active.values()) cases.push(findingCase(ruleId, group, report, options));
    const suppressed = groupByObject(report.suppressed.filter((f) => f.ruleId === ruleId));
    for (const [key, group] of suppressed) {
      if (active.has(key)) continue;
      const first = group[0];
      if (!first) continue;
      const why = first.suppressed
        ? `suppressed by ${first.suppressed.kind}: ${first.suppressed.reason}`
        : 'suppressed';
      cases.push({
        classname: ruleId,
        name: displayName(first.object),
        ...fileOf(first),
        outcome: { kind: 'skipped', message: why },
      });
    }
    if (cases.length === 0)
      cases.push({
        classname: ruleId,
        name: `no findings (${report.objects} objects)`,
        outcome: { kind: 'pass' },
      });
    return { name: ruleId, cases };
  });
}

function groupByObject(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.object.kind}/${finding.object.namespace}/${finding.object.name}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return groups;
}

function findingCase(
  ruleId: string,
  group: readonly Finding[],
  report: ScanReport,
  options: FormatOptions,
): TestCase {
  const [first] = group;
  if (!first) throw new Error('empty finding group');
  const describe = (f: Finding): string =>
    `${f.location ? `${f.location.file}:${f.location.line} ` : ''}${f.path} [${f.severity}] ${messageOf(f, report.lookup)}`;
  const body = group.map(describe).join('\n');
  const failing = group.filter((f) => failsRun(f, options.failOn));
  const base = { classname: ruleId, name: displayName(first.object), ...fileOf(first) };
  const worst = failing.reduce<Finding | undefined>(
    (w, f) => (w && severityRank(w.severity) <= severityRank(f.severity) ? w : f),
    undefined,
  );
  if (!worst) return { ...base, outcome: { kind: 'pass', output: body } };
  return {
    ...base,
    outcome: { kind: 'failure', message: messageOf(worst, report.lookup), type: worst.severity, body },
  };
}

/** The file to link to; for stdin, the Helm template the document came from, if any. */
function fileOf(finding: Finding): { file?: string } {
  const location = finding.location;
  if (!location) return {};
  if (location.file !== STDIN_FILE) return { file: location.file };
  return location.helmSource ? { file: location.helmSource } : {};
}

function inputSuite(report: ScanReport, options: FormatOptions): Suite[] {
  // Unknown kinds are routine (CRDs, Deployments…): shown only with --verbose, as in the text format.
  const problems = report.problems.filter((p) => options.verbose || p.id !== 'input-unknown-kind');
  if (problems.length === 0) return [];
  return [{ name: INPUT_SUITE, cases: problems.map(problemCase) }];
}

function problemCase(problem: InputProblem): TestCase {
  const severity = PROBLEM_IDS[problem.id].severity;
  const base = {
    classname: problem.id,
    name: problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file,
    ...(problem.file === STDIN_FILE ? {} : { file: problem.file }),
  };
  // Only unreadable input changes the exit code (3), so only that is red here; the rest is listed.
  if (severity !== 'error') return { ...base, outcome: { kind: 'pass', output: problem.message } };
  return {
    ...base,
    outcome: { kind: 'error', message: problem.message, type: problem.id, body: problem.message },
  };
}

function count(cases: readonly TestCase[]): {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
} {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome.kind === 'failure').length,
    errors: cases.filter((c) => c.outcome.kind === 'error').length,
    skipped: cases.filter((c) => c.outcome.kind === 'skipped').length,
  };
}

function suiteXml(suite: Suite): string[] {
  const totals = count(suite.cases);
  return [
    `  <testsuite name="${attr(suite.name)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="0">`,
    ...suite.cases.flatMap(caseXml),
    '  </testsuite>',
  ];
}

function caseXml(testCase: TestCase): string[] {
  const open = `    <testcase classname="${attr(testCase.classname)}" name="${attr(testCase.name)}"${testCase.file ? ` file="${attr(testCase.file)}"` : ''} time="0"`;
  const { outcome } = testCase;
  switch (outcome.kind) {
    case 'pass':
      return outcome.output
        ? [`${open}>`, `      <system-out>${text(outcome.output)}</system-out>`, '    </testcase>']
        : [`${open}/>`];
    case 'skipped':
      return [`${open}>`, `      <skipped message="${attr(outcome.message)}"/>`, '    </testcase>'];
    case 'failure':
    case 'error':
      return [
        `${open}>`,
        `      <${outcome.kind} message="${attr(outcome.message)}" type="${attr(outcome.type)}">${text(outcome.body)}</${outcome.kind}>`,
        '    </testcase>',
      ];
  }
}

/** Attribute values: one line (parsers would turn newlines into spaces anyway), escaped. */
function attr(value: string): string {
  return escapeXmlText(value.replace(/\r?\n/g, ' '));
}

function text(value: string): string {
  return escapeXmlText(value);
}
