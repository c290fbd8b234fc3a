/**
 * `-o markdown`: a pull-request comment (GitHub/GitLab flavoured Markdown). A summary line, one table per
 * severity, long tables folded into <details>, then suppressed findings, "not checked" rules and input
 * problems. Every value from the input goes through escapeMarkdown: a manifest cannot inject links,
 * HTML, headings, mentions or table cells into the comment.
 */
import type { Finding } from '../../engine/finding.ts';
import type { Severity } from '../../engine/rule.ts';
import { displayName } from '../../model/resource.ts';
import { ruleDocsUrl } from '../links.ts';
import { messageOf } from '../message.ts';
import { escapeMarkdown } from '../sanitize.ts';
import {
  countBySeverity,
  failsRun,
  type FormatOptions,
  type Formatter,
  type ScanReport,
} from '../scan-report.ts';

/** Tables longer than this are folded, so a big report does not bury the conversation. */
export const FOLD_AFTER = 10;

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };
const md = escapeMarkdown;

export const formatMarkdown: Formatter = (report, options) => {
  const out: string[] = ['## gatewatch scan', '', summaryLine(report, options), ''];
  for (const severity of ['error', 'warning', 'info'] as const) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    out.push(`### ${HEADINGS[severity]} (${findings.length})`, '');
    out.push(
      ...fold(`${findings.length} ${HEADINGS[severity].toLowerCase()}`, findingTable(findings, report)),
    );
  }
  if (report.suppressed.length > 0) {
    out.push(
      ...details(
        `${report.suppressed.length} suppressed finding${report.suppressed.length === 1 ? '' : 's'}`,
        report.suppressed.map(
          (f) =>
            `- ${md(displayName(f.object))}: ${ruleLink(f.ruleId, report)} (${md(f.suppressed?.kind ?? 'suppressed')}: ${md(f.suppressed?.reason ?? '')})`,
        ),
      ),
    );
  }
  if (report.notChecked.length > 0) {
    out.push('### Not checked', '', 'These rules could not judge the input and reported nothing:', '');
    out.push(
      ...foldList(
        report.notChecked.map((entry) => `- ${ruleLink(entry.ruleId, report)}: ${md(entry.reason)}`),
        'rules not checked',
      ),
    );
  }
  const problems = visibleProblems(report, options);
  if (problems.length > 0) {
    out.push('### Input problems', '');
    out.push(
      ...foldList(
        problems.map(
          (p) => `- \`${p.id}\` ${md(p.line > 0 ? `${p.file}:${p.line}` : p.file)}: ${md(p.message)}`,
        ),
        'input problems',
      ),
    );
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
};

function summaryLine(report: ScanReport, options: FormatOptions): string {
  const counts = countBySeverity(report.findings);
  const total = report.findings.length;
  const failing = report.findings.some((f) => failsRun(f, options.failOn));
  const mark = failing ? '❌' : total > 0 ? '⚠️' : '✅';
  const parts = [
    `**${total} finding${total === 1 ? '' : 's'}** (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info)`,
    `${report.objects} object${report.objects === 1 ? '' : 's'} reviewed`,
    ...(report.suppressed.length > 0 ? [`${report.suppressed.length} suppressed`] : []),
    ...(report.notChecked.length > 0
      ? [`${report.notChecked.length} rule${report.notChecked.length === 1 ? '' : 's'} not checked`]
      : []),
    ...(visibleProblems(report, options).length > 0
      ? [`${visibleProblems(report, options).length} input problem(s)`]
      : []),
  ];
  return `${mark} ${parts.join(' · ')}`;
}

function visibleProblems(report: ScanReport, options: FormatOptions): ScanReport['problems'] {
  return report.problems.filter((p) => options.verbose || p.id !== 'input-unknown-kind');
}

function findingTable(findings: readonly Finding[], report: ScanReport): string[] {
  return [
    '| Object | Where | Rule | Message |',
    '|---|---|---|---|',
    ...findings.map((f) => {
      const where = f.location ? `${f.location.file}:${f.location.line}` : f.path;
      const helm = f.location?.helmSource ? `<br>${md(f.location.helmSource)}` : '';
      return `| ${md(displayName(f.object))} | ${md(where)}${helm} | ${ruleLink(f.ruleId, report)} | ${md(messageOf(f, report.lookup))} |`;
    }),
    '',
  ];
}

function ruleLink(ruleId: string, report: ScanReport): string {
  return `[${md(ruleId)}](${ruleDocsUrl(ruleId, report.lookup(ruleId)?.docs)})`;
}

function fold(summary: string, lines: string[]): string[] {
  return lines.filter((l) => l !== '').length - 2 > FOLD_AFTER ? details(summary, lines) : lines;
}

function foldList(lines: string[], what: string): string[] {
  return lines.length > FOLD_AFTER ? details(`${lines.length} ${what}`, lines) : [...lines, ''];
}

function details(summary: string, lines: readonly string[]): string[] {
  // A blank line after <summary> is what makes GitHub render the Markdown inside.
  return ['<details>', `<summary>${md(summary)}</summary>`, '', ...lines, '', '</details>', ''];
}
