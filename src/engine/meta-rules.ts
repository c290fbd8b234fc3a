/**
 * Findings the engine itself raises about escape hatches. They are rules in every other respect
 * (ids, docs, severities, config), so users can read and tune them like any other.
 */
import { defineRule } from './rule.ts';

export const suppressionReasonMissing = defineRule({
  id: 'suppression-reason-missing',
  severity: 'warning',
  category: 'gatewatch',
  preset: 'recommended',
  docs: {
    summary: 'A gatewatch suppression annotation gives no reason, so it suppresses nothing.',
    remediation:
      'Put the reason in the annotation value: `gatewatch.dev/ignore.<rule-id>: "why this is acceptable"`.',
    references: ['docs/suppressions.md'],
  },
  messages: {
    annotation: 'Suppression "{{annotation}}" has no reason; it is not applied.',
    noRules: 'Suppression "{{annotation}}" names no rule id.',
  },
  create: () => ({}),
});

export const suppressionUnused = defineRule({
  id: 'suppression-unused',
  severity: 'info',
  category: 'gatewatch',
  preset: 'recommended',
  docs: {
    summary: 'A suppression (annotation, config exemption or baseline entry) matched no finding.',
    remediation: 'Remove the suppression; the problem it excused is gone or it never matched.',
    references: ['docs/suppressions.md'],
  },
  messages: {
    annotation: 'Suppression of "{{ruleId}}" by annotation "{{annotation}}" matched no finding.',
    exemption: 'Config exemption #{{index}} ({{rules}}) matched no finding.',
    baseline: 'Baseline entry for "{{ruleId}}" on {{object}} ({{path}}) matched no finding: it is stale.',
  },
  create: () => ({}),
});

export const META_RULES = [suppressionReasonMissing, suppressionUnused] as const;
