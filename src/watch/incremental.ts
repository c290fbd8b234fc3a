/**
 * Incremental re-review: after a change, re-run the rules only over the objects the change can affect,
 * and say which findings are new and which are resolved. The result after every change equals a full
 * review of the same objects (the parity test, incremental.test.ts, checks it change by change).
 *
 * Rules fall in two groups, told apart by their shape (never by id):
 *
 * - **per-object rules** (no `end` hook): a finding is produced while visiting one object (its
 *   *producer*) and depends only on that object and what the rule looked up. Lookups are recorded
 *   (lookups.ts) into a dependency index: key → producers whose review read it. A change re-visits the
 *   changed object and every producer that read it; lookups of a whole kind (`ingresses()`, a cache
 *   built from `list(kind)`) and lookups made in `create` belong to the rule: a change of that kind
 *   re-visits every object the rule visits. The set then grows until it is closed under "reports on"
 *   (a producer's findings about another object, whose suppression annotations apply to them).
 * - **collective rules** (with an `end` hook, comparing Ingresses with each other): run over the
 *   affected Ingresses, their peers (peers.ts: same host, wildcard, backend Service)
 *   and the peers' peers, so that every finding about an affected Ingress or a peer sees every Ingress
 *   it could be compared with; only findings about the affected Ingresses and their peers are kept.
 *
 * Findings are identified by fingerprint + data: a finding whose data changes (a count, a name) is
 * resolved and new again.
 */
import { runRules } from '../engine/run-rules.ts';
import type { ResolvedConfig, ResolvedRule } from '../engine/config.ts';
import { fingerprint, type Finding, type NotChecked } from '../engine/finding.ts';
import { suppressionUnused, META_RULES } from '../engine/meta-rules.ts';
import { readAnnotationSuppressions } from '../engine/suppressions.ts';
import type { ReportDescriptor, RuleContext, Visitors } from '../engine/rule.ts';
import { Model } from '../model/model.ts';
import type { ObjectRef, Resource } from '../model/resource.ts';
import type { IngressView } from '../model/ingress.ts';
import type { StoreChange } from '../model/store.ts';
import {
  ANY,
  NAMESPACES,
  isBroadKey,
  keyOfResource,
  keysMatchedBy,
  objectKey,
  recordingModel,
  resourceOfSubject,
} from './lookups.ts';
import { PeerIndex } from './peers.ts';

export interface ReviewDelta {
  readonly added: readonly Finding[];
  readonly resolved: readonly Finding[];
  /** Objects the per-object rules visited (some by a few rules only). */
  readonly visited: number;
  /** (rule, object) pairs reviewed by the per-object rules. */
  readonly units: number;
  /** Ingresses the collective rules visited. */
  readonly collectiveVisited: number;
}

/** Identity of a finding: what `scan` would show differently. */
export function findingIdentity(
  finding: Pick<Finding, 'ruleId' | 'object' | 'path' | 'messageId' | 'data'>,
): string {
  return `${fingerprint(finding)}|${JSON.stringify(finding.data)}`;
}

const META_IDS = new Set<string>(META_RULES.map((rule) => rule.id));

/** Ingresses per run of the collective rules in a full review (see full). */
const GROUP_SIZE = 500;

interface Partition {
  readonly config: ResolvedConfig;
  readonly ids: ReadonlySet<string>;
}

type AnyVisitor = (subject: Resource | IngressView) => void;

/** Map of key → set, with add/remove helpers. */
class MultiMap {
  readonly map = new Map<string, Set<string>>();
  add(key: string, value: string): void {
    let set = this.map.get(key);
    if (!set) this.map.set(key, (set = new Set()));
    set.add(value);
  }
  delete(key: string, value: string): void {
    const set = this.map.get(key);
    set?.delete(value);
    if (set?.size === 0) this.map.delete(key);
  }
  get(key: string): ReadonlySet<string> {
    return this.map.get(key) ?? EMPTY;
  }
}
const EMPTY: ReadonlySet<string> = new Set();

export interface IncrementalOptions {
  readonly config: ResolvedConfig;
  /** The review clock (certificate expiry): read at every review. */
  readonly now: () => number;
}

/** A unit of review: one per-object rule visiting one object. */
function unitOf(ruleId: string, object: string): string {
  return `${ruleId}\u0000${object}`;
}

function objectOfUnit(unit: string): string {
  return unit.slice(unit.indexOf('\u0000') + 1);
}

/**
 * Which (rule, object) pairs a run reviews: every rule on `everyRule` objects (changed ones, objects
 * whose suppressions must be judged again), and single rules on the objects of `byRule`.
 */
class Plan {
  readonly everyRule = new Set<string>();
  readonly byRule = new Map<string, Set<string>>();

  add(ruleId: string, object: string): void {
    let objects = this.byRule.get(ruleId);
    if (!objects) this.byRule.set(ruleId, (objects = new Set()));
    objects.add(object);
  }

  allows(ruleId: string, object: string): boolean {
    return this.everyRule.has(object) || (this.byRule.get(ruleId)?.has(object) ?? false);
  }

  has(object: string): boolean {
    if (this.everyRule.has(object)) return true;
    for (const objects of this.byRule.values()) if (objects.has(object)) return true;
    return false;
  }

  /** Every unit planned, for rules `ruleIds`. */
  units(ruleIds: Iterable<string>): Set<string> {
    const units = new Set<string>();
    for (const ruleId of ruleIds) {
      for (const object of this.everyRule) units.add(unitOf(ruleId, object));
      for (const object of this.byRule.get(ruleId) ?? EMPTY) units.add(unitOf(ruleId, object));
    }
    return units;
  }

  objects(): Set<string> {
    const objects = new Set(this.everyRule);
    for (const set of this.byRule.values()) for (const object of set) objects.add(object);
    return objects;
  }
}

export class IncrementalReviewer {
  private readonly objectRules: Partition;
  private readonly collectiveRules: Partition;
  private readonly now: () => number;
  /** unit → the findings it produced. */
  private readonly byUnit = new Map<string, Finding[]>();
  /** object → suppression findings about it (meta rules: judged on all of the object's findings). */
  private readonly meta = new Map<string, Finding[]>();
  /** Ingress key → collective findings about it. */
  private readonly collective = new Map<string, Finding[]>();
  /**
   * object → keys its review read (all rules together: a change to one of them is reviewed with every
   * rule on the object — a little more work, far less memory than a set per rule and object); and the
   * reverse.
   */
  private readonly reads = new Map<string, Set<string>>();
  private readonly readers = new MultiMap();
  /** unit → objects its findings are about; and the reverse. */
  private readonly reportsOn = new Map<string, ReadonlySet<string>>();
  private readonly reporters = new MultiMap();
  /** broad key → ids of rules that read it (in `create` or through a whole-kind lookup). */
  private readonly ruleReads = new MultiMap();
  /** rule id → kinds it visited last time. */
  private readonly ruleKinds = new Map<string, ReadonlyMap<string, number>>();
  /** `rule\0kind` of the visitors that ever reported (see the sampling of argument-less visitors). */
  private readonly reportedFromKind = new Set<string>();
  private peers = new PeerIndex();
  /** Broad keys the collective rules read (a change to an IngressClass concerns every Ingress). */
  private readonly collectiveReads = new Set<string>();
  private notCheckedList: NotChecked[] = [];

  constructor(options: IncrementalOptions) {
    this.now = options.now;
    const collective: ResolvedRule[] = [];
    const perObject: ResolvedRule[] = [];
    const meta: ResolvedRule[] = [];
    const empty = new Model([], { mode: 'cluster' });
    for (const resolved of options.config.rules) {
      if (META_IDS.has(resolved.rule.id)) {
        meta.push(resolved);
        continue;
      }
      const visitors = resolved.rule.create({
        model: empty,
        now: 0,
        options: resolved.options,
        report: () => undefined,
      });
      (visitors.end ? collective : perObject).push(resolved);
    }
    const partition = (rules: ResolvedRule[]): Partition => ({
      config: { ...options.config, rules: [...rules, ...meta] },
      ids: new Set(rules.map((r) => r.rule.id)),
    });
    this.objectRules = partition(perObject);
    this.collectiveRules = partition(collective);
  }

  /** Every current finding, in no particular order. */
  findings(): Finding[] {
    return [
      ...[...this.byUnit.values()].flat(),
      ...[...this.meta.values()].flat(),
      ...[...this.collective.values()].flat(),
    ];
  }

  notChecked(): readonly NotChecked[] {
    return this.notCheckedList;
  }

  /** Reviews the whole model and starts over from it (the first list, a relist, a periodic resync). */
  full(model: Model): ReviewDelta {
    const before = this.findings();
    this.byUnit.clear();
    this.meta.clear();
    this.collective.clear();
    this.reads.clear();
    this.readers.map.clear();
    this.reportsOn.clear();
    this.reporters.map.clear();
    this.ruleReads.map.clear();
    this.collectiveReads.clear();
    this.peers = new PeerIndex();
    for (const ingress of model.list('Ingress')) this.peers.set(ingress, model.ingress(ingress));
    const plan = new Plan();
    for (const resource of model.resources) plan.everyRule.add(keyOfResource(resource));
    const outcome = this.runObjectRules(model, model.resources, plan);
    this.notCheckedList = outcome.notChecked;
    this.store(outcome, plan, true);
    // The collective rules compare an Ingress with its peers only (as update relies on): run over
    // groups of whole peer components rather than over every Ingress at once, their route tables and
    // host maps stay small and short-lived instead of covering the whole cluster until the end — the
    // highest point of memory of the first sync.
    for (const group of this.peerGroups(model.list('Ingress'))) {
      this.runCollective(model, resourcesAt(model, group), group);
    }
    return {
      ...diff(before, this.findings()),
      visited: model.resources.length,
      units: model.resources.length * this.objectRules.ids.size,
      collectiveVisited: model.list('Ingress').length,
    };
  }

  /**
   * The keys of `ingresses` in groups of whole peer components (each Ingress with all its peers, and
   * theirs), components kept together up to GROUP_SIZE Ingresses, in the order of `ingresses`.
   */
  private *peerGroups(ingresses: readonly Resource[]): Generator<Set<string>> {
    const grouped = new Set<string>();
    let group = new Set<string>();
    for (const ingress of ingresses) {
      const start = keyOfResource(ingress);
      if (grouped.has(start)) continue;
      const component = [start];
      grouped.add(start);
      for (let i = 0; i < component.length; i++) {
        for (const peer of this.peers.peersOf(component[i] as string)) {
          if (grouped.has(peer)) continue;
          grouped.add(peer);
          component.push(peer);
        }
      }
      for (const key of component) group.add(key);
      if (group.size >= GROUP_SIZE) {
        yield group;
        group = new Set();
      }
    }
    if (group.size > 0) yield group;
  }

  /** Reviews what `changes` (already applied to `model`) can affect. */
  update(model: Model, changes: readonly StoreChange[], namespaceSetChanged = false): ReviewDelta {
    const plan = new Plan();
    const matched = new Set<string>(namespaceSetChanged ? [NAMESPACES] : []);
    const changedIngresses = new Set<string>();
    const suppressedBefore = new Set<string>();
    for (const change of changes) {
      const resource = change.type === 'deleted' ? change.before : change.after;
      const key = keyOfResource(resource);
      plan.everyRule.add(key);
      for (const k of keysMatchedBy(resource.kind, resource.namespace, resource.name)) matched.add(k);
      if (resource.kind === 'Ingress') changedIngresses.add(key);
      if (change.type !== 'added' && readAnnotationSuppressions(change.before).length > 0)
        suppressedBefore.add(key);
    }

    // Per-object rules: the changed objects (every rule), the units that read them, and every object
    // of the rules that read a whole kind the change belongs to.
    const readerObjects = new Set<string>();
    const sampled: { ruleId: string; kind: string }[] = [];
    /** Rules planned over whole kinds, with the kinds planned. */
    const hit = new Map<string, Set<string>>();
    for (const key of matched) {
      for (const object of this.readers.get(key)) {
        plan.everyRule.add(object);
        readerObjects.add(object);
      }
      for (const ruleId of this.ruleReads.get(key)) {
        if (hit.has(ruleId)) continue;
        hit.set(ruleId, new Set(this.kindsVisited(ruleId).keys()));
        for (const [kind, arity] of this.kindsVisited(ruleId)) {
          // A visitor taking no argument cannot tell one object from another (rbac's protects()): one
          // object tells what all would do. Should it report, every object is visited after all.
          if (arity === 0 && !this.reportedFromKind.has(`${ruleId}\u0000${kind}`)) {
            const first = model.firstOf(kind);
            if (first) plan.add(ruleId, keyOfResource(first));
            sampled.push({ ruleId, kind });
          } else for (const resource of model.list(kind)) plan.add(ruleId, keyOfResource(resource));
        }
      }
    }

    const suppressing = (key: string): boolean => {
      if (suppressedBefore.has(key)) return true;
      const resource = resourceAt(model, key);
      return resource !== undefined && readAnnotationSuppressions(resource).length > 0;
    };
    let outcome: RunOutcome | undefined;
    for (let round = 0; round < 8; round++) {
      this.closeOverSuppressions(plan, suppressing);
      const visit = resourcesAt(model, plan.objects());
      outcome = this.runObjectRules(model, visit, plan);
      const outside = outcome.reportedObjects.filter((key) => !plan.everyRule.has(key) && suppressing(key));
      const spoke = sampled.filter(({ ruleId, kind }) => this.reportedFromKind.has(`${ruleId}\u0000${kind}`));
      // A rule that now visits a kind it did not before (a controller appeared): all of that kind too.
      const grown: { ruleId: string; kind: string }[] = [];
      for (const [ruleId, planned] of hit)
        for (const kind of this.ruleKinds.get(ruleId)?.keys() ?? [])
          if (!planned.has(kind)) {
            planned.add(kind);
            grown.push({ ruleId, kind });
          }
      if (outside.length === 0 && spoke.length === 0 && grown.length === 0) break;
      for (const key of outside) plan.everyRule.add(key);
      for (const { ruleId, kind } of grown)
        for (const resource of model.list(kind)) plan.add(ruleId, keyOfResource(resource));
      for (const { ruleId, kind } of spoke.splice(0))
        for (const resource of model.list(kind)) plan.add(ruleId, keyOfResource(resource));
    }
    if (!outcome) throw new Error('unreachable');
    const units = plan.units(this.objectRules.ids);
    const before: Finding[] = [];
    for (const unit of units) before.push(...(this.byUnit.get(unit) ?? []));
    for (const key of plan.everyRule) before.push(...(this.meta.get(key) ?? []));
    this.store(outcome, plan);
    const after: Finding[] = [];
    for (const unit of units) after.push(...(this.byUnit.get(unit) ?? []));
    for (const key of plan.everyRule) after.push(...(this.meta.get(key) ?? []));

    // Collective rules: the changed Ingresses and those whose per-object review read the change, their
    // peers before and after the change, and (visited only) the peers' peers.
    const seeds = new Set<string>(changedIngresses);
    if ([...matched].some((key) => key !== 'Ingress/*' && this.collectiveReads.has(key)))
      for (const resource of model.list('Ingress')) seeds.add(keyOfResource(resource));
    for (const object of readerObjects) if (object.startsWith('Ingress/')) seeds.add(object);
    const keep = new Set<string>(changedIngresses);
    for (const key of seeds) for (const peer of this.peers.peersOf(key)) keep.add(peer);
    for (const change of changes) {
      if (change.type === 'deleted') {
        if (change.before.kind === 'Ingress') this.peers.delete(keyOfResource(change.before));
      } else if (change.after.kind === 'Ingress') this.peers.set(change.after, model.ingress(change.after));
    }
    for (const key of seeds) for (const peer of this.peers.peersOf(key)) keep.add(peer);
    for (const key of keep) before.push(...(this.collective.get(key) ?? []));
    let collectiveVisited = 0;
    if (keep.size > 0) {
      const visitKeys = new Set<string>();
      for (const key of keep) for (const peer of this.peers.peersOf(key)) visitKeys.add(peer);
      const visit = resourcesAt(model, visitKeys);
      collectiveVisited = visit.length;
      this.runCollective(model, visit, keep);
      for (const key of keep) after.push(...(this.collective.get(key) ?? []));
    }
    return { ...diff(before, after), visited: plan.objects().size, units: units.size, collectiveVisited };
  }

  /**
   * The kinds a rule visited in its last run, with the arity of its visitor. A rule's kinds may depend
   * on the model (controller rules visit workload kinds only when a controller exists): the run tells
   * the kinds it visits now, and any new one is planned in a further round (see update).
   */
  private kindsVisited(ruleId: string): Map<string, number> {
    return new Map(this.ruleKinds.get(ruleId) ?? []);
  }

  /**
   * Suppression annotations apply to the findings about their object whichever unit produced them,
   * and whether one is unused depends on all of them. So an object with suppressions (now or before
   * the change) that a planned unit reports on is judged again — every rule on it, and every unit that
   * reports on it. Objects without suppressions need neither.
   */
  private closeOverSuppressions(plan: Plan, suppressing: (key: string) => boolean): void {
    const pending: string[] = [];
    const judge = (object: string): void => {
      if (plan.everyRule.has(object) || !suppressing(object)) return;
      plan.everyRule.add(object);
      pending.push(object);
    };
    for (const unit of plan.units(this.objectRules.ids))
      for (const target of this.reportsOn.get(unit) ?? EMPTY) judge(target);
    for (const object of plan.everyRule) if (suppressing(object)) pending.push(object);
    for (let object = pending.pop(); object !== undefined; object = pending.pop()) {
      for (const unit of this.reporters.get(object)) {
        plan.add(ruleOfUnit(unit), objectOfUnit(unit));
        for (const target of this.reportsOn.get(unit) ?? EMPTY) judge(target);
      }
    }
  }

  private runObjectRules(model: Model, visit: readonly Resource[], plan: Plan): RunOutcome {
    const tracker = new Tracker(this.objectRules.ids, plan, model);
    const rules = this.objectRules.config.rules.map((resolved) => tracker.wrap(resolved));
    const view = recordingModel(model, () => undefined, { visit });
    const result = runRules({ model: view, config: { ...this.objectRules.config, rules }, now: this.now() });
    const findings: { finding: Finding; unit: string | undefined }[] = [];
    for (const finding of result.findings) {
      // Meta findings (suppressions) are about the object that carries the suppression.
      const unit = META_IDS.has(finding.ruleId) ? undefined : tracker.unitOf(finding);
      findings.push({ finding, unit });
    }
    for (const [ruleId, kinds] of tracker.kindsByRule) this.ruleKinds.set(ruleId, kinds);
    for (const [key, ruleIds] of tracker.broadReads)
      for (const ruleId of ruleIds) this.ruleReads.add(key, ruleId);
    return {
      findings,
      reads: tracker.reads,
      reportedFromKind: tracker.reportedFromKind,
      notChecked: result.notChecked,
      reportedObjects: [...new Set(findings.map((f) => keyOfRef(f.finding.object)))],
    };
  }

  /** Replaces the state of every planned unit (and the suppression findings of `everyRule` objects). */
  private store(outcome: RunOutcome, plan: Plan, fresh = false): void {
    // After a full review the state is empty already: no need to enumerate every (rule, object).
    const units = fresh ? [] : plan.units(this.objectRules.ids);
    for (const unit of units) {
      this.byUnit.delete(unit);
      for (const target of this.reportsOn.get(unit) ?? EMPTY) this.reporters.delete(target, unit);
      this.reportsOn.delete(unit);
    }
    // Objects every rule visited start their reads afresh; the others add to theirs (reads of rules
    // that did not run this time still hold).
    for (const object of plan.everyRule) {
      for (const read of this.reads.get(object) ?? EMPTY) this.readers.delete(read, object);
      this.reads.delete(object);
    }
    for (const object of plan.everyRule) this.meta.delete(object);
    const reportsOn = new Map<string, Set<string>>();
    for (const { finding, unit } of outcome.findings) {
      const about = keyOfRef(finding.object);
      if (unit === undefined) {
        // A suppression finding about an object not judged again was judged on part of its findings.
        if (!plan.everyRule.has(about)) continue;
        let list = this.meta.get(about);
        if (!list) this.meta.set(about, (list = []));
        list.push(finding);
        continue;
      }
      let list = this.byUnit.get(unit);
      if (!list) this.byUnit.set(unit, (list = []));
      list.push(finding);
      let targets = reportsOn.get(unit);
      if (!targets) reportsOn.set(unit, (targets = new Set()));
      targets.add(about);
    }
    for (const [unit, targets] of reportsOn) {
      this.reportsOn.set(unit, targets);
      for (const target of targets) this.reporters.add(target, unit);
    }
    for (const [object, keys] of outcome.reads) {
      const known = this.reads.get(object);
      // The run's own set is kept as it is when there is none yet (a copy per object doubled the
      // reads of a full review while it was stored).
      if (!known) this.reads.set(object, keys);
      for (const key of keys) {
        known?.add(key);
        this.readers.add(key, object);
      }
    }
    for (const key of outcome.reportedFromKind) this.reportedFromKind.add(key);
  }

  private runCollective(model: Model, visit: readonly Resource[], keep: ReadonlySet<string>): void {
    for (const key of keep) this.collective.delete(key);
    if (this.collectiveRules.ids.size === 0) return;
    const view = recordingModel(
      model,
      (key) => {
        if (isBroadKey(key)) this.collectiveReads.add(key);
      },
      { visit, ingressScope: visit },
    );
    const result = runRules({ model: view, config: this.collectiveRules.config, now: this.now() });
    for (const finding of result.findings) {
      if (!this.isCollectiveFinding(finding)) continue;
      const key = keyOfRef(finding.object);
      if (!keep.has(key)) continue;
      let list = this.collective.get(key);
      if (!list) this.collective.set(key, (list = []));
      list.push(finding);
    }
  }

  /** Collective rules' findings, and unused suppressions of those rules (the rest is the other run's). */
  private isCollectiveFinding(finding: Finding): boolean {
    if (this.collectiveRules.ids.has(finding.ruleId)) return true;
    return (
      finding.ruleId === suppressionUnused.id && this.collectiveRules.ids.has(String(finding.data.ruleId))
    );
  }
}

/** The model's object of a key (`Kind/namespace/name`: kinds and namespaces hold no slash). */
function resourceAt(model: Model, key: string): Resource | undefined {
  const kindEnd = key.indexOf('/');
  const namespaceEnd = key.indexOf('/', kindEnd + 1);
  return model.get(key.slice(0, kindEnd), key.slice(kindEnd + 1, namespaceEnd), key.slice(namespaceEnd + 1));
}

/**
 * The model's objects of `keys` (those it holds), in the model's order — as a scan visits them —
 * without listing every object of the model (a derived snapshot lists them only when asked).
 */
function resourcesAt(model: Model, keys: Iterable<string>): Resource[] {
  const found: Resource[] = [];
  for (const key of keys) {
    const resource = resourceAt(model, key);
    if (resource) found.push(resource);
  }
  return model.inOrder(found);
}

function ruleOfUnit(unit: string): string {
  return unit.slice(0, unit.indexOf('\u0000'));
}

interface RunOutcome {
  readonly findings: readonly { finding: Finding; unit: string | undefined }[];
  /** Keys each visited object's review read: sets the reviewer keeps (see store). */
  readonly reads: ReadonlyMap<string, Set<string>>;
  readonly reportedFromKind: ReadonlySet<string>;
  readonly notChecked: NotChecked[];
  readonly reportedObjects: readonly string[];
}

function keyOfRef(ref: ObjectRef): string {
  return objectKey(ref.kind, ref.namespace, ref.name);
}

/**
 * Follows a run of the per-object rules: which rule visits which object (so lookups and reports are
 * attributed to that unit), and skips the visits the plan does not ask for.
 */
class Tracker {
  readonly reads = new Map<string, Set<string>>();
  readonly broadReads = new Map<string, Set<string>>();
  readonly kindsByRule = new Map<string, Map<string, number>>();
  readonly reportedFromKind = new Set<string>();
  private readonly units = new Map<string, string[]>();
  private readonly ids: ReadonlySet<string>;
  private readonly plan: Plan;
  private currentRule: string | undefined;
  private currentResource: Resource | undefined;
  private currentObject: string | undefined;

  private readonly model: Model;

  constructor(ids: ReadonlySet<string>, plan: Plan, model: Model) {
    this.ids = ids;
    this.plan = plan;
    this.model = model;
  }

  get inRule(): boolean {
    return this.currentRule !== undefined;
  }

  record(key: string): void {
    const rule = this.currentRule;
    if (rule === undefined) return;
    // Lookups in `create`, and lookups of many objects (often through a cache built on first use by
    // whichever object came first), are the rule's, not one object's.
    if (this.currentObject === undefined || isBroadKey(key)) {
      let rules = this.broadReads.get(key);
      if (!rules) this.broadReads.set(key, (rules = new Set()));
      rules.add(rule);
      if (this.currentObject === undefined || key !== ANY) return;
    }
    const object = this.currentObject;
    let keys = this.reads.get(object);
    if (!keys) this.reads.set(object, (keys = new Set()));
    keys.add(key);
  }

  /** The unit that reported `finding` (identical findings of several units: one each, in turn). */
  unitOf(finding: Finding): string | undefined {
    return this.units.get(findingIdentity(finding))?.shift();
  }

  wrap(resolved: ResolvedRule): ResolvedRule {
    const { rule } = resolved;
    if (!this.ids.has(rule.id)) return resolved;
    const create = (context: RuleContext<string, unknown>): Visitors => {
      const report = (descriptor: ReportDescriptor<string>): void => {
        const object = descriptor.object ?? this.currentResource;
        if (object && this.currentObject !== undefined && this.currentRule !== undefined) {
          const identity = findingIdentity({
            ruleId: rule.id,
            object,
            path: descriptor.path,
            messageId: descriptor.messageId,
            data: descriptor.data ?? {},
          });
          let list = this.units.get(identity);
          if (!list) this.units.set(identity, (list = []));
          list.push(unitOf(this.currentRule, this.currentObject));
          if (this.currentResource) this.reportedFromKind.add(`${rule.id}\u0000${this.currentResource.kind}`);
        }
        context.report(descriptor);
      };
      // A model of its own per rule: caches keyed by the model (the Gateway API index, the RBAC index)
      // are then built, and their lookups recorded, for each rule that uses them.
      const model = recordingModel(
        this.model,
        (key) => {
          this.record(key);
        },
        { inRule: () => this.inRule },
      );
      this.enter(rule.id, undefined, undefined);
      const visitors = rule.create({ ...context, model, report }) as Record<string, AnyVisitor | undefined>;
      this.enter(undefined, undefined, undefined);
      const wrapped: Record<string, AnyVisitor> = {};
      const kinds = new Map<string, number>();
      for (const [kind, visit] of Object.entries(visitors)) {
        if (visit === undefined || kind === 'end') continue;
        kinds.set(kind, visit.length);
        wrapped[kind] = (subject) => {
          const resource = resourceOfSubject(subject);
          const key = keyOfResource(resource);
          if (!this.plan.allows(rule.id, key)) return;
          this.enter(rule.id, key, resource);
          try {
            visit(subject);
          } finally {
            this.enter(undefined, undefined, undefined);
          }
        };
      }
      this.kindsByRule.set(rule.id, kinds);
      return wrapped;
    };
    return { ...resolved, rule: { ...rule, create } };
  }

  private enter(rule: string | undefined, object: string | undefined, resource: Resource | undefined): void {
    this.currentRule = rule;
    this.currentObject = object;
    this.currentResource = resource;
  }
}

/** Multiset difference by identity: what is in `after` and not `before`, and the other way round. */
function diff(
  before: readonly Finding[],
  after: readonly Finding[],
): { added: Finding[]; resolved: Finding[] } {
  const unmatched = new Map<string, number>();
  for (const finding of before) {
    const id = findingIdentity(finding);
    unmatched.set(id, (unmatched.get(id) ?? 0) + 1);
  }
  const added: Finding[] = [];
  for (const finding of after) {
    const id = findingIdentity(finding);
    const count = unmatched.get(id) ?? 0;
    if (count > 0) unmatched.set(id, count - 1);
    else added.push(finding);
  }
  const resolved: Finding[] = [];
  for (const finding of before) {
    const id = findingIdentity(finding);
    const count = unmatched.get(id) ?? 0;
    if (count === 0) continue;
    unmatched.set(id, count - 1);
    resolved.push(finding);
  }
  return { added, resolved };
}
