/** `-o json`, version 1: the contract in spec/cli.md, schema in schemas/scan-result.v1.schema.json. */
import type { Finding } from '../../engine/finding.ts';
import { messageOf } from '../message.ts';
import { escapeJsonInvisibles } from '../sanitize.ts';
import { countBySeverity, type Formatter, type ScanReport } from '../scan-report.ts';

export const SCAN_SCHEMA_VERSION = 1;

export const formatJson: Formatter = (report) =>
  `${escapeJsonInvisibles(JSON.stringify(toJson(report), null, 2))}\n`;

export function toJson(report: ScanReport): object {
  return {
    schemaVersion: SCAN_SCHEMA_VERSION,
    tool: report.tool,
    findings: report.findings.map((f) => findingJson(f, report)),
    suppressed: report.suppressed.map((f) => ({ ...findingJson(f, report), suppression: f.suppressed })),
    notChecked: report.notChecked,
    problems: report.problems.map((p) => ({ id: p.id, file: p.file, line: p.line, message: p.message })),
    summary: {
      objects: report.objects,
      findings: countBySeverity(report.findings),
      skippedKinds: Object.fromEntries([...report.skippedKinds.entries()].sort()),
    },
  };
}

function findingJson(finding: Finding, report: ScanReport): object {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    category: finding.category,
    object: finding.object,
    path: finding.path,
    messageId: finding.messageId,
    message: messageOf(finding, report.lookup),
    data: finding.data,
    ...(finding.location ? { location: finding.location } : {}),
    related: finding.related.map((r) => ({ kind: r.kind, namespace: r.namespace, name: r.name })),
  };
}
