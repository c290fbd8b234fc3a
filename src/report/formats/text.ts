/** Human output, grouped by object (ESLint's stylish, kubectl's vocabulary). Colour only when asked. */
import { styleText } from 'node:util';
import type { Finding } from '../../engine/finding.ts';
import { displayName } from '../../model/resource.ts';
import { messageOf } from '../message.ts';
import { oneLine } from '../sanitize.ts';
import { countBySeverity, type Formatter } from '../scan-report.ts';

type Style = Parameters<typeof styleText>[0];

export const formatText: Formatter = (report, options) => {
  const paint = (style: Style, text: string): string =>
    options.color ? styleText(style, text, { validateStream: false }) : text;
  const severityLabel = {
    error: paint('red', 'error  '),
    warning: paint('yellow', 'warning'),
    info: paint('blue', 'info   '),
  };
  const lines: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const key = `${finding.object.kind}/${finding.object.namespace}/${finding.object.name}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(finding);
  }
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    lines.push(
      paint('bold', oneLine(displayName(first.object))) +
        (first.location?.helmSource ? paint('dim', `  (${oneLine(first.location.helmSource)})`) : ''),
    );
    for (const finding of group) {
      const where = finding.location
        ? `${oneLine(finding.location.file)}:${finding.location.line}`
        : oneLine(finding.path);
      lines.push(
        `  ${paint('dim', where)}  ${severityLabel[finding.severity]}  ${oneLine(messageOf(finding, report.lookup))}  ${paint('dim', finding.ruleId)}`,
      );
    }
    lines.push('');
  }
  if (report.problems.length > 0) {
    const shown = options.verbose
      ? report.problems
      : report.problems.filter((p) => p.id !== 'input-unknown-kind');
    if (shown.length > 0) {
      lines.push(paint('bold', 'Input problems'));
      for (const problem of shown)
        lines.push(
          `  ${oneLine(problem.file)}:${problem.line}  ${oneLine(problem.message)}  ${paint('dim', problem.id)}`,
        );
      lines.push('');
    }
  }
  if (report.notChecked.length > 0) {
    lines.push(paint('bold', 'Not checked'));
    for (const entry of report.notChecked) lines.push(`  ${entry.ruleId}: ${oneLine(entry.reason)}`);
    lines.push('');
  }
  if (options.verbose && report.suppressed.length > 0) {
    lines.push(paint('bold', 'Suppressed'));
    for (const finding of report.suppressed) {
      lines.push(
        `  ${oneLine(displayName(finding.object))}  ${finding.ruleId}  (${finding.suppressed?.kind ?? ''}: ${oneLine(finding.suppressed?.reason ?? '')})`,
      );
    }
    lines.push('');
  }
  lines.push(summaryLine(report, paint));
  return lines.join('\n') + '\n';
};

function summaryLine(
  report: Parameters<Formatter>[0],
  paint: (style: Style, text: string) => string,
): string {
  const counts = countBySeverity(report.findings);
  const total = report.findings.length;
  const parts = [
    `${counts.error} error${counts.error === 1 ? '' : 's'}`,
    `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`,
    `${counts.info} info`,
  ];
  const skipped = [...report.skippedKinds.values()].reduce((a, b) => a + b, 0);
  const extras = [
    `${report.objects} object${report.objects === 1 ? '' : 's'} reviewed`,
    ...(skipped > 0 ? [`${skipped} of other kinds skipped`] : []),
    ...(report.notChecked.length > 0
      ? [`${report.notChecked.length} rule${report.notChecked.length === 1 ? '' : 's'} not checked`]
      : []),
    ...(report.suppressed.length > 0 ? [`${report.suppressed.length} suppressed`] : []),
    ...(report.problems.filter((p) => p.id !== 'input-unknown-kind').length > 0
      ? [`${report.problems.filter((p) => p.id !== 'input-unknown-kind').length} input problem(s)`]
      : []),
  ];
  const mark = counts.error > 0 ? paint('red', '✖') : total > 0 ? paint('yellow', '!') : paint('green', '✔');
  return `${mark} ${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')}); ${extras.join(', ')}`;
}
