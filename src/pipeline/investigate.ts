/**
 * `gatewatch investigate NS/NAME`: the investigation steps security teams write for an "ingress
 * created" alert, automated (spec/accountability.md "Investigation"). Gathers, from the ledger and the
 * model (files, the cluster, or the ledger's last states):
 *
 * - the object's current spec and the findings of the engine on it;
 * - what it exposes (URLs, Services, workloads and pods) through the route table;
 * - its full history with diffs;
 * - for every actor: their other changes in a window around each of their changes here, their source
 *   IPs and user agents, what RBAC lets them do and the bindings that let them make these changes;
 * - the resolution commands: delete, revert or restore (with the ledger's version as a manifest),
 *   take the actor out of the binding.
 *
 * The result is the JSON contract (schemas/investigate.v1.schema.json); the formats render it.
 */
import type { ResolvedConfig } from '../engine/config.ts';
import type { Severity, Category } from '../engine/rule.ts';
import { runRules } from '../engine/run-rules.ts';
import { isVersion } from '../ledger/change.ts';
import { authorizingBinding } from '../ledger/query/authorization.ts';
import { displayState, historyEntry, type HistoryEntry } from '../ledger/query/history-report.ts';
import { describeTarget, targetKeys, type LedgerTarget } from '../ledger/query/target.ts';
import { ledgerTime } from '../ledger/time.ts';
import { TRACKED_RESOURCES } from '../ledger/tracked.ts';
import type { LedgerStore } from '../ledger/store/store.ts';
import type { Change, JsonObject, LedgerReader, SeenValue } from '../ledger/types.ts';
import { Model } from '../model/model.ts';
import { asObject, stringMap, type Resource } from '../model/resource.ts';
import { selectorMatches } from '../model/workloads.ts';
import { matchesAny } from '../ledger/detections/settings.ts';
import { rbacOf } from '../rbac/authorizer.ts';
import { roleOf } from '../rbac/suggest.ts';
import type { PolicyRule } from '../rbac/policy-rule.ts';
import { SUPERUSER_GROUP, userIdentity } from '../rbac/subjects.ts';
import { messageOf } from '../report/message.ts';
import {
  deleteResolution,
  removeBindingResolution,
  restoreResolution,
  revertResolution,
  type BindingToCut,
  type Resolution,
} from '../report/investigate/resolution.ts';
import { exposure, routeTableOf } from '../routing/index.ts';
import { findRule } from '../rules/index.ts';

export type ModelSource = 'files' | 'cluster' | 'ledger';

export interface InvestigationFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly path: string;
  readonly message: string;
}

export interface ExposedUrlJson {
  readonly url: string;
  readonly host: string;
  readonly path: string;
  readonly tls: boolean;
  readonly auth: boolean;
  readonly allowlist: readonly string[] | null;
  readonly service: {
    readonly namespace: string;
    readonly name: string;
    readonly port: number | string | null;
  };
}

export interface ExposedServiceJson {
  readonly namespace: string;
  readonly name: string;
  /** null: Services were not in the input, so existence cannot be told. */
  readonly exists: boolean | null;
  readonly workloads: readonly { readonly kind: string; readonly namespace: string; readonly name: string }[];
  /** Pods in the input that the Service selects. */
  readonly pods: readonly string[];
}

export interface BindingJson {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly namespace: string;
  readonly name: string;
  readonly role: string;
  readonly subject: { readonly kind: string; readonly name: string; readonly namespace?: string };
  /** Where it is known from: the audit event's authorization annotation, or the RBAC objects. */
  readonly source: 'audit' | 'rbac';
  /** The verbs of this actor's changes it allowed. */
  readonly verbs: readonly string[];
}

export interface GrantJson {
  readonly binding: { readonly kind: string; readonly namespace: string; readonly name: string };
  readonly role: string;
  /** '' everywhere, or the RoleBinding's namespace. */
  readonly scope: string;
  readonly rules: readonly {
    readonly verbs: readonly string[];
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly resourceNames: readonly string[];
  }[];
}

export interface ActorJson {
  readonly username: string;
  /** Matches the configured allowedActors or controllerIdentities. */
  readonly trusted: boolean;
  readonly groups: readonly string[];
  /** Users who impersonated this actor for changes here. */
  readonly impersonatedBy: readonly string[];
  /** Users this actor impersonated for changes here (when the actor is an impersonator). */
  readonly impersonated: readonly string[];
  readonly changes: number;
  readonly denied: number;
  readonly firstChange: string;
  readonly lastChange: string;
  readonly sourceIPs: readonly SeenValue[];
  readonly userAgents: readonly SeenValue[];
  /** The windows searched: ±window around each change here, merged. */
  readonly windows: readonly { readonly since: string; readonly until: string }[];
  /** Their changes of other objects in those windows (the ledger's kinds only). */
  readonly otherChanges: readonly HistoryEntry[];
  readonly bindings: readonly BindingJson[];
  /** null: no RBAC objects in the model. */
  readonly rbac: {
    readonly superuser: boolean;
    /** What they may do to this object now. */
    readonly onObject: readonly { readonly verb: string; readonly allowed: boolean }[];
    readonly grants: readonly GrantJson[];
  } | null;
}

export interface InvestigationJson {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'gatewatch'; readonly version: string };
  readonly generatedAt: string;
  readonly object: {
    readonly kind: string;
    readonly apiGroup: string;
    readonly resource: string;
    readonly namespace: string | null;
    readonly name: string;
  };
  /** present: in the model (or alive in the ledger); deleted: the ledger saw it deleted; not-found. */
  readonly status: 'present' | 'deleted' | 'not-found';
  readonly window: { readonly text: string; readonly seconds: number };
  readonly current: {
    readonly source: ModelSource;
    /** The version shown: from the model, or the ledger's last known one. */
    readonly manifest: JsonObject | null;
    /** When the ledger recorded that version (ledger source), else null. */
    readonly asOf: string | null;
    readonly ledgerRef: string | null;
    readonly findings: readonly InvestigationFinding[];
    readonly notChecked: readonly { readonly ruleId: string; readonly reason: string }[];
  };
  readonly exposure: {
    readonly urls: readonly ExposedUrlJson[];
    readonly services: readonly ExposedServiceJson[];
  };
  readonly history: readonly HistoryEntry[];
  readonly actors: readonly ActorJson[];
  readonly resolution: readonly Resolution[];
  readonly notes: readonly string[];
}

export interface InvestigateInput {
  readonly ledger: LedgerReader & Pick<LedgerStore, 'latestStates'>;
  readonly target: LedgerTarget;
  /** The model from files or the cluster; undefined: build it from the ledger's last states. */
  readonly model?: Model;
  readonly source: ModelSource;
  readonly config: ResolvedConfig;
  readonly now: number;
  readonly windowMs: number;
  readonly windowText: string;
  readonly version: string;
  /**
   * Identities expected to change these objects (the configured allowedActors and
   * controllerIdentities, globs allowed): no command to cut their bindings is suggested.
   */
  readonly trusted?: readonly string[];
}

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const OBJECT_VERBS = ['get', 'update', 'patch', 'delete'];

function byTime(a: Change, b: Change): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

function shift(time: string, ms: number): string {
  return ledgerTime(new Date(Date.parse(time) + ms));
}

function isTarget(change: Change, target: LedgerTarget): boolean {
  const { object } = change;
  return (
    object.resource === target.resource &&
    target.apiGroups.includes(object.apiGroup) &&
    object.namespace === target.namespace &&
    object.name === target.name
  );
}

function resourceOf(state: JsonObject, kind: string, namespace: string | null, name: string): Resource {
  const body = displayState(state);
  return {
    apiVersion: typeof body.apiVersion === 'string' ? body.apiVersion : '',
    kind,
    namespace: namespace ?? '',
    name,
    body,
  };
}

/**
 * The model the ledger knows: the latest state of every tracked object (not Secrets: the ledger keeps
 * their metadata only, and rules would take a missing certificate for a broken one).
 */
async function ledgerModel(ledger: InvestigateInput['ledger'], extra?: Resource): Promise<Model> {
  const resources: Resource[] = [];
  for (const resource of [...Object.keys(TRACKED_RESOURCES), 'configmaps']) {
    for (const { object, state } of await ledger.latestStates(resource))
      resources.push(resourceOf(state, object.kind, object.namespace, object.name));
  }
  if (
    extra &&
    !resources.some((r) => r.kind === extra.kind && r.namespace === extra.namespace && r.name === extra.name)
  )
    resources.push(extra);
  return new Model(resources, { mode: 'files' });
}

function findingsOf(model: Model, input: InvestigateInput, resource: Resource | undefined) {
  if (!resource) return { findings: [], notChecked: [] };
  const result = runRules({ model, config: input.config, now: input.now });
  const findings = result.findings
    .filter(
      (f) =>
        f.object.kind === resource.kind &&
        f.object.namespace === resource.namespace &&
        f.object.name === resource.name,
    )
    .map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      category: f.category,
      path: f.path,
      message: messageOf(f, findRule),
    }));
  return { findings, notChecked: result.notChecked.map((n) => ({ ruleId: n.ruleId, reason: n.reason })) };
}

function exposureOf(model: Model, resource: Resource | undefined): InvestigationJson['exposure'] {
  if (!resource) return { urls: [], services: [] };
  const urls: ExposedUrlJson[] = [];
  const services: ExposedServiceJson[] = [];
  for (const item of exposure(routeTableOf(model), model)) {
    const mine = item.urls.filter(
      (u) =>
        u.source.kind === resource.kind &&
        u.source.namespace === resource.namespace &&
        u.source.name === resource.name,
    );
    if (mine.length === 0) continue;
    for (const u of mine)
      urls.push({
        url: u.url,
        host: u.host,
        path: u.path,
        tls: u.tls,
        auth: u.auth,
        allowlist: u.allowlist,
        service: { namespace: item.service.namespace, name: item.service.name, port: u.port ?? null },
      });
    const service = model.get('Service', item.service.namespace, item.service.name);
    const selector = asObject(service?.body.spec).selector;
    const pods =
      service && selector !== undefined
        ? model
            .list('Pod', item.service.namespace)
            .filter((pod) =>
              selectorMatches({ matchLabels: selector }, stringMap(asObject(pod.body.metadata).labels)),
            )
            .map((pod) => pod.name)
        : [];
    services.push({
      namespace: item.service.namespace,
      name: item.service.name,
      exists: item.service.exists ?? null,
      workloads: item.workloads.map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name })),
      pods,
    });
  }
  return { urls, services };
}

/** ±window around each time, overlapping windows merged. */
function windowsAround(times: readonly string[], windowMs: number): { since: string; until: string }[] {
  const sorted = [...times].sort();
  const out: { since: string; until: string }[] = [];
  for (const time of sorted) {
    const since = shift(time, -windowMs);
    const until = shift(time, windowMs + 1);
    const last = out.at(-1);
    if (last && since <= last.until) last.until = until > last.until ? until : last.until;
    else out.push({ since, until });
  }
  return out;
}

function grantRules(rules: readonly { rule: PolicyRule }[]): GrantJson['rules'] {
  return rules
    .filter((r) => r.rule.nonResourceURLs.length === 0)
    .map(({ rule }) => ({
      verbs: rule.verbs,
      apiGroups: rule.apiGroups,
      resources: rule.resources,
      resourceNames: rule.resourceNames,
    }));
}

interface ActorFacts {
  readonly username: string;
  readonly own: Change[];
  readonly asImpersonator: Change[];
}

function actorsOf(history: readonly Change[]): ActorFacts[] {
  const actors = new Map<string, ActorFacts>();
  const get = (username: string): ActorFacts => {
    let facts = actors.get(username);
    if (!facts) actors.set(username, (facts = { username, own: [], asImpersonator: [] }));
    return facts;
  };
  for (const change of history) {
    get(change.actor.username).own.push(change);
    if (change.actor.impersonatedBy !== null) get(change.actor.impersonatedBy).asImpersonator.push(change);
  }
  return [...actors.values()];
}

async function actorReport(
  facts: ActorFacts,
  input: InvestigateInput,
  model: Model | undefined,
  cuts: BindingToCut[],
): Promise<ActorJson> {
  const { ledger, target, windowMs } = input;
  const involved = [...facts.own, ...facts.asImpersonator].sort(byTime);
  const times = involved.map((c) => c.time);
  const windows = windowsAround(times, windowMs);
  const others = new Map<string, Change>();
  for (const window of windows)
    for (const change of await ledger.changesByActor(facts.username, window))
      if (!isTarget(change, target)) others.set(change.ref, change);
  const sources = await ledger.actorSources(facts.username);
  const groups = facts.own.at(-1)?.actor.groups ?? [];

  const bindings = new Map<string, BindingJson & { verbs: string[] }>();
  const noteBinding = (binding: BindingJson, verb: string): void => {
    const key = `${binding.kind}/${binding.namespace}/${binding.name}`;
    const seen = bindings.get(key);
    if (seen) {
      if (!seen.verbs.includes(verb)) seen.verbs.push(verb);
    } else bindings.set(key, { ...binding, verbs: [verb] });
  };
  const writes = facts.own.filter((c) => c.write && !c.outcome.denied);
  const trusted = matchesAny(facts.username, input.trusted ?? []);
  // A status write is a controller doing its job; an expected actor keeps its grants.
  const cuttable = (change: Change): boolean => !trusted && change.object.subresource === null;
  for (const change of writes) {
    const parsed = authorizingBinding(change.authorization.reason);
    if (parsed)
      noteBinding(
        {
          kind: parsed.kind,
          namespace: parsed.namespace,
          name: parsed.name,
          role: `${parsed.roleKind} ${parsed.roleName}`,
          subject: parsed.subject,
          source: 'audit',
          verbs: [],
        },
        change.object.subresource ? `${change.verb} ${change.object.subresource}` : change.verb,
      );
  }

  let rbac: ActorJson['rbac'] = null;
  // The ledger's RBAC objects are only those changed within the logs: never a basis for "may not".
  if (model && input.source !== 'ledger' && RBAC_KINDS.some((kind) => model.list(kind).length > 0)) {
    const index = rbacOf(model);
    const identity = userIdentity(facts.username, groups);
    const { superuser, permissions } = index.permissionsOf(identity);
    const namespace = target.namespace ?? undefined;
    const request = (verb: string) => ({
      verb,
      apiGroup: target.apiGroups[0] ?? '',
      resource: target.resource,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(verb === 'create' ? {} : { name: target.name }),
    });
    const onObject = [...OBJECT_VERBS, 'create'].map((verb) => ({
      verb,
      allowed: index.allows(identity, request(verb)) !== undefined,
    }));
    for (const change of writes) {
      const access = {
        ...request(change.verb),
        ...(change.object.subresource ? { subresource: change.object.subresource } : {}),
      };
      for (const permission of permissions) {
        if (index.rulesAllowing(permission.binding, access).length === 0) continue;
        const subject = permission.binding.subjects[permission.subjectIndex];
        if (!subject) continue;
        const resource = permission.binding.resource;
        const kind = resource.kind === 'RoleBinding' ? 'RoleBinding' : 'ClusterRoleBinding';
        noteBinding(
          {
            kind,
            namespace: permission.binding.namespace,
            name: resource.name,
            role: roleOf(permission.binding),
            subject:
              subject.namespace !== undefined
                ? { kind: subject.kind, name: subject.name, namespace: subject.namespace }
                : { kind: subject.kind, name: subject.name },
            source: 'rbac',
            verbs: [],
          },
          change.object.subresource ? `${change.verb} ${change.object.subresource}` : change.verb,
        );
        const key = `${kind}/${permission.binding.namespace}/${resource.name}`;
        if (
          cuttable(change) &&
          !cuts.some((c) => `${c.kind}/${c.namespace}/${c.name}` === key && c.subject.name === subject.name)
        )
          cuts.push({
            kind,
            namespace: permission.binding.namespace,
            name: resource.name,
            subject,
            subjectIndex: permission.subjectIndex,
            subjects: permission.binding.subjects.length,
          });
      }
    }
    rbac = {
      superuser,
      onObject,
      grants: permissions.map((p) => ({
        binding: {
          kind: p.binding.resource.kind,
          namespace: p.binding.namespace,
          name: p.binding.resource.name,
        },
        role: roleOf(p.binding),
        scope: p.namespace,
        rules: grantRules(p.rules),
      })),
    };
  }
  // Bindings known only from the audit annotation: cut through the live object.
  const cutVerbs = new Set(writes.filter(cuttable).map((c) => c.verb));
  for (const binding of bindings.values()) {
    if (binding.source !== 'audit' || !binding.verbs.some((verb) => cutVerbs.has(verb))) continue;
    const key = `${binding.kind}/${binding.namespace}/${binding.name}`;
    if (
      cuts.some(
        (c) => `${c.kind}/${c.namespace}/${c.name}` === key && c.subject.name === binding.subject.name,
      )
    )
      continue;
    cuts.push({
      kind: binding.kind,
      namespace: binding.namespace,
      name: binding.name,
      subject: binding.subject,
    });
  }

  return {
    username: facts.username,
    trusted,
    groups,
    impersonatedBy: [
      ...new Set(facts.own.flatMap((c) => (c.actor.impersonatedBy === null ? [] : [c.actor.impersonatedBy]))),
    ],
    impersonated: [...new Set(facts.asImpersonator.map((c) => c.actor.username))],
    changes: involved.length,
    denied: involved.filter((c) => c.outcome.denied).length,
    firstChange: times[0] ?? '',
    lastChange: times.at(-1) ?? '',
    sourceIPs: sources.sourceIPs,
    userAgents: sources.userAgents,
    windows,
    otherChanges: [...others.values()].sort(byTime).map(historyEntry),
    bindings: [...bindings.values()],
    rbac,
  };
}

/** Cutting a system binding (kubeadm's, the control plane's) would break the cluster: leave those to a human. */
function isSystemBinding(cut: BindingToCut): boolean {
  return (
    cut.name.startsWith('system:') || cut.name.startsWith('kubeadm:') || cut.subject.name === SUPERUSER_GROUP
  );
}

export async function investigate(input: InvestigateInput): Promise<InvestigationJson> {
  const { ledger, target } = input;
  const history: Change[] = [];
  for (const key of targetKeys(target)) history.push(...(await ledger.history(key)));
  history.sort(byTime);
  const versions = history.filter((c) => isVersion(c) && c.object.subresource === null);
  const states = history.filter((c) => isVersion(c) && c.state !== null);
  const lastKnown = states.at(-1);
  const deletedInLedger = versions.at(-1)?.deleted === true;
  const notes: string[] = [];

  let model = input.model;
  let resource = model?.get(target.kind, target.namespace ?? '', target.name);
  let asOf: string | null = null;
  let ledgerRef: string | null = null;
  if (input.source === 'ledger') {
    const extra = lastKnown?.state
      ? resourceOf(lastKnown.state, target.kind, target.namespace, target.name)
      : undefined;
    model = await ledgerModel(ledger, extra);
    resource = extra ? model.get(target.kind, target.namespace ?? '', target.name) : undefined;
    if (lastKnown) {
      asOf = lastKnown.time;
      ledgerRef = lastKnown.ref;
    }
    notes.push(
      "The model is the ledger's last known state of each tracked object (no Services, pods or Secrets): give the manifests or --cluster for exposure and complete findings.",
    );
    notes.push('What each actor may do (RBAC) needs the RBAC objects: give their manifests or --cluster.');
    if (deletedInLedger && lastKnown)
      notes.push(
        `${describeTarget(target)} is deleted: the spec, findings and exposure shown are of its last known version.`,
      );
  } else if (!resource)
    notes.push(
      `${describeTarget(target)} is not in the ${input.source === 'cluster' ? 'cluster' : 'given manifests'}.`,
    );

  const status: InvestigationJson['status'] =
    input.source !== 'ledger'
      ? resource
        ? 'present'
        : deletedInLedger
          ? 'deleted'
          : 'not-found'
      : deletedInLedger
        ? 'deleted'
        : versions.length > 0
          ? 'present'
          : 'not-found';
  if (versions.length > 0 && history.some((c) => c.bodyless && isVersion(c)))
    notes.push(
      'Some changes were recorded at Metadata level: their content is unknown (see `gatewatch audit policy`).',
    );
  if (history.length === 0) notes.push(`The ledger has no change of ${describeTarget(target)}.`);
  notes.push(
    'Other changes are those of the ledger: ingress-related kinds only (what `gatewatch audit` tracks).',
  );

  const { findings, notChecked } = model
    ? findingsOf(model, input, resource)
    : { findings: [], notChecked: [] };
  const cuts: BindingToCut[] = [];
  const actors: ActorJson[] = [];
  for (const facts of actorsOf(history)) actors.push(await actorReport(facts, input, model, cuts));

  const coordinates = {
    kind: target.kind,
    resource: target.resource,
    apiGroup: versions.at(-1)?.object.apiGroup ?? target.apiGroups[0] ?? '',
    namespace: target.namespace,
    name: target.name,
  };
  const resolution: Resolution[] = [];
  if (status === 'present') {
    resolution.push(deleteResolution(coordinates));
    const latest = versions.at(-1);
    const before = latest
      ? states.filter((c) => c.ref !== latest.ref && c.time <= latest.time).at(-1)
      : undefined;
    if (before?.state) resolution.push(revertResolution(coordinates, before.state, before.ref, before.time));
  } else if (status === 'deleted' && lastKnown?.state) {
    resolution.push(restoreResolution(coordinates, lastKnown.state, lastKnown.ref, lastKnown.time));
  }
  for (const cut of cuts) {
    if (isSystemBinding(cut)) {
      notes.push(
        `${cut.kind} ${cut.namespace ? `${cut.namespace}/` : ''}${cut.name} (${cut.subject.kind} ${cut.subject.name}) is a system binding: no command is given to remove it.`,
      );
      continue;
    }
    resolution.push(removeBindingResolution(cut));
  }

  return {
    schemaVersion: 1,
    tool: { name: 'gatewatch', version: input.version },
    generatedAt: new Date(input.now).toISOString(),
    object: {
      kind: target.kind,
      apiGroup: coordinates.apiGroup,
      resource: target.resource,
      namespace: target.namespace,
      name: target.name,
    },
    status,
    window: { text: input.windowText, seconds: Math.round(input.windowMs / 1000) },
    current: {
      source: input.source,
      manifest: resource ? displayState(resource.body) : null,
      asOf,
      ledgerRef,
      findings,
      notChecked,
    },
    exposure: model ? exposureOf(model, resource) : { urls: [], services: [] },
    history: history.map(historyEntry),
    actors,
    resolution,
    notes,
  };
}
