/**
 * Runs rules over a model: one pass over the objects, each visited by the rules that have a visitor
 * for its kind; then `end()` hooks; then suppressions. Pure and synchronous.
 */
import { refOf, type ObjectRef, type Resource } from '../model/resource.ts';
import type { KnownKind } from '../model/kinds.ts';
import type { Model } from '../model/model.ts';
import type { IngressView } from '../model/ingress.ts';
import { compareFindings, fingerprint, type Finding, type NotChecked } from './finding.ts';
import type { ResolvedConfig, ResolvedRule } from './config.ts';
import type { ReportDescriptor, Visitors } from './rule.ts';
import {
  baselineEntryKey,
  exemptionMatches,
  readAnnotationSuppressions,
  annotationSuppressionPath,
  type BaselineFile,
  type AnnotationSuppression,
} from './suppressions.ts';
import { suppressionReasonMissing, suppressionUnused } from './meta-rules.ts';

export interface RunInput {
  readonly model: Model;
  readonly config: ResolvedConfig;
  readonly now: number;
  readonly baseline?: BaselineFile;
  /** Where exemption #i is written, for unused-exemption findings. */
  readonly configObject?: { readonly ref: ObjectRef; readonly location?: { file: string; line: number } };
  /**
   * Only the findings about these objects are wanted (the admission webhook's object under review):
   * the other objects are visited only by rules with an `end` hook, which compare objects and need to
   * see them all. Omitted: every rule visits every object.
   */
  readonly focus?: ReadonlySet<Resource>;
}

export interface RunResult {
  /** Findings that count: not suppressed. Sorted. */
  readonly findings: Finding[];
  /** Findings that a suppression matched, kept for `--verbose` and the JSON `suppressed` list. */
  readonly suppressed: Finding[];
  readonly notChecked: NotChecked[];
}

type AnyVisitor = (subject: Resource | IngressView) => void;

export function runRules(input: RunInput): RunResult {
  const { model, config, now } = input;
  const raw: Finding[] = [];
  const notChecked: NotChecked[] = [];
  const visitorsByKind = new Map<string, AnyVisitor[]>();
  /** The visitors of rules with an `end` hook: all that objects outside `focus` need. */
  const collectiveVisitorsByKind = new Map<string, AnyVisitor[]>();
  const endHooks: (() => void)[] = [];
  const active = new Set(config.rules.map((r) => r.rule.id));
  // The object being visited, shared by every rule: all visitors of one object run before the next
  // object, so one variable set once per object replaces a wrapper closure per rule and kind (which
  // cost a call and a write per rule for each of the tens of thousands of objects of a large input).
  let current: Resource | undefined;

  for (const resolved of config.rules) {
    const { rule } = resolved;
    const report = (descriptor: ReportDescriptor<string>): void => {
      const object = descriptor.object ?? current;
      if (!object) throw new Error(`rule ${rule.id} reported outside a visitor without naming an object`);
      raw.push(makeFinding(resolved, object, descriptor));
    };
    const visitors: Visitors = rule.create({ model, now, options: resolved.options, report });
    const kinds = Object.keys(visitors).filter((key) => key !== 'end') as KnownKind[];
    const unknownKind =
      rule.needs?.map((kind) => model.whyUnknown(kind)).find((reason) => reason !== undefined) ??
      noneKnown(model, rule.needsAnyOf);
    if (unknownKind !== undefined) {
      // Nothing to check is a pass; only a rule that had objects to judge is "not checked".
      if (kinds.some((kind) => model.list(kind).length > 0))
        notChecked.push({ ruleId: rule.id, reason: unknownKind });
      continue;
    }
    for (const kind of kinds) {
      let list = visitorsByKind.get(kind);
      if (!list) visitorsByKind.set(kind, (list = []));
      list.push(visitors[kind] as AnyVisitor);
      if (visitors.end) {
        let collective = collectiveVisitorsByKind.get(kind);
        if (!collective) collectiveVisitorsByKind.set(kind, (collective = []));
        collective.push(visitors[kind] as AnyVisitor);
      }
    }
    if (visitors.end) endHooks.push(visitors.end);
  }

  const { focus } = input;
  for (const resource of model.resources) {
    const visitors =
      focus === undefined || focus.has(resource)
        ? visitorsByKind.get(resource.kind)
        : collectiveVisitorsByKind.get(resource.kind);
    if (!visitors) continue;
    const subject = resource.kind === 'Ingress' ? model.ingress(resource) : resource;
    current = resource;
    for (const visit of visitors) visit(subject);
  }
  current = undefined;
  for (const end of endHooks) end();

  const result = applySuppressions(raw, input, active);
  return {
    findings: result.findings.sort(compareFindings),
    suppressed: result.suppressed.sort(compareFindings),
    notChecked: notChecked.sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
  };
}

function makeFinding(
  resolved: ResolvedRule,
  object: Resource,
  descriptor: ReportDescriptor<string>,
): Finding {
  const { rule } = resolved;
  const line = object.origin ? (object.origin.locate(descriptor.path) ?? object.origin.line) : undefined;
  return {
    ruleId: rule.id,
    severity: resolved.severityOverride ?? descriptor.severity ?? rule.severity,
    category: rule.category,
    object: refOf(object),
    path: descriptor.path,
    messageId: descriptor.messageId,
    data: descriptor.data ?? {},
    related: descriptor.related ?? [],
    ...(object.origin && line !== undefined
      ? {
          location: {
            file: object.origin.file,
            line,
            ...(object.helmSource ? { helmSource: object.helmSource } : {}),
          },
        }
      : {}),
  };
}

function applySuppressions(
  raw: Finding[],
  input: RunInput,
  active: ReadonlySet<string>,
): { findings: Finding[]; suppressed: Finding[] } {
  const { model, config } = input;
  const meta = new Map(config.rules.map((r) => [r.rule.id, r]));
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const metaFindings: Finding[] = [];
  const reportMeta = (
    ruleId: string,
    object: Resource | undefined,
    descriptor: ReportDescriptor<string>,
    ref?: ObjectRef,
    location?: { file: string; line: number },
  ): void => {
    const resolved = meta.get(ruleId);
    if (!resolved) return;
    if (object) metaFindings.push(makeFinding(resolved, object, descriptor));
    else if (ref) {
      metaFindings.push({
        ruleId,
        severity: resolved.severityOverride ?? resolved.rule.severity,
        category: resolved.rule.category,
        object: ref,
        path: descriptor.path,
        messageId: descriptor.messageId,
        data: descriptor.data ?? {},
        related: [],
        ...(location ? { location } : {}),
      });
    }
  };

  // Annotation suppressions, indexed by object.
  const byObject = new Map<string, { suppression: AnnotationSuppression; used: boolean }[]>();
  for (const resource of model.resources) {
    for (const suppression of readAnnotationSuppressions(resource)) {
      const path = annotationSuppressionPath(suppression);
      if (suppression.ruleIds.length === 0) {
        reportMeta(suppressionReasonMissing.id, resource, {
          path,
          messageId: 'noRules',
          data: { annotation: suppression.annotation },
        });
        continue;
      }
      if (suppression.reason === '') {
        reportMeta(suppressionReasonMissing.id, resource, {
          path,
          messageId: 'annotation',
          data: { annotation: suppression.annotation },
        });
        continue;
      }
      const key = objectKey(refOf(resource));
      let list = byObject.get(key);
      if (!list) byObject.set(key, (list = []));
      list.push({ suppression, used: false });
    }
  }
  const exemptionUse = config.exemptions.map(() => false);
  const baselineKeys = new Map(
    (input.baseline?.findings ?? []).map((entry) => [baselineEntryKey(entry), { entry, used: false }]),
  );

  // Most runs have no suppression of some kind at all: skip building its lookup key for every finding.
  const anyAnnotations = byObject.size > 0;
  const anyExemptions = config.exemptions.length > 0;
  const anyBaseline = baselineKeys.size > 0;
  for (const finding of raw) {
    const annotation = anyAnnotations
      ? byObject.get(objectKey(finding.object))?.find((s) => s.suppression.ruleIds.includes(finding.ruleId))
      : undefined;
    if (annotation) {
      annotation.used = true;
      suppressed.push({
        ...finding,
        suppressed: { kind: 'annotation', reason: annotation.suppression.reason },
      });
      continue;
    }
    const exemptionIndex = anyExemptions
      ? config.exemptions.findIndex((e) => exemptionMatches(e, finding.ruleId, finding.object))
      : -1;
    if (exemptionIndex >= 0) {
      exemptionUse[exemptionIndex] = true;
      suppressed.push({
        ...finding,
        suppressed: { kind: 'exemption', reason: config.exemptions[exemptionIndex]?.reason ?? '' },
      });
      continue;
    }
    const baselined = anyBaseline ? baselineKeys.get(fingerprint(finding)) : undefined;
    if (baselined) {
      baselined.used = true;
      suppressed.push({ ...finding, suppressed: { kind: 'baseline', reason: 'in the baseline file' } });
      continue;
    }
    findings.push(finding);
  }

  for (const list of byObject.values()) {
    for (const { suppression, used } of list) {
      if (used) continue;
      // A suppression for a rule that is not running cannot be judged unused.
      for (const ruleId of suppression.ruleIds.filter((id) => active.has(id))) {
        reportMeta(suppressionUnused.id, suppression.resource, {
          path: annotationSuppressionPath(suppression),
          messageId: 'annotation',
          data: { ruleId, annotation: suppression.annotation },
        });
      }
    }
  }
  exemptionUse.forEach((used, index) => {
    const exemption = config.exemptions[index];
    if (used || !exemption || !input.configObject) return;
    reportMeta(
      suppressionUnused.id,
      undefined,
      {
        path: `exemptions[${index}]`,
        messageId: 'exemption',
        data: { index, rules: exemption.rules.join(', ') },
      },
      input.configObject.ref,
      input.configObject.location,
    );
  });
  for (const { entry, used } of baselineKeys.values()) {
    if (used || !active.has(entry.ruleId)) continue;
    const ref = { apiVersion: '', kind: entry.kind, namespace: entry.namespace, name: entry.name };
    const object = model.get(entry.kind, entry.namespace, entry.name);
    reportMeta(
      suppressionUnused.id,
      object,
      {
        path: entry.path,
        messageId: 'baseline',
        data: {
          ruleId: entry.ruleId,
          object: `${entry.kind} ${entry.namespace ? `${entry.namespace}/` : ''}${entry.name}`,
          path: entry.path,
        },
      },
      ref,
    );
  }
  return { findings: [...findings, ...metaFindings], suppressed };
}

function objectKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** Why none of the kinds is known, or undefined when at least one is (`needsAnyOf`). */
function noneKnown(model: Model, kinds: readonly KnownKind[] | undefined): string | undefined {
  if (!kinds?.length) return undefined;
  const reasons = kinds.map((kind) => model.whyUnknown(kind));
  return reasons.every((reason) => reason !== undefined) ? reasons.join('; ') : undefined;
}
