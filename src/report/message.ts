/** Turns a finding's message id and data into a sentence: the one place wording is produced. */
import type { Finding } from '../engine/finding.ts';
import type { AnyRule } from '../engine/rule.ts';

export function interpolate(
  template: string,
  data: Readonly<Record<string, string | number>>,
  escape: (s: string) => string = (s) => s,
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    const value = data[key];
    return value === undefined ? whole : escape(String(value));
  });
}

export type RuleLookup = (id: string) => AnyRule | undefined;

export function messageOf(finding: Finding, rules: RuleLookup, escape?: (s: string) => string): string {
  const template = rules(finding.ruleId)?.messages[finding.messageId] ?? finding.messageId;
  return interpolate(template, finding.data, escape);
}
