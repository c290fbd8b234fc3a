/**
 * What `gatewatch history` prints, and the timeline entries `investigate` reuses: the JSON contract
 * (schemaVersion 1, schemas/history.v1.schema.json) with the full diff — every path with its old and
 * new value — and a compact text timeline. Pure. Every string in text went through oneLine: object
 * names, user names, user agents and values come from audit events and may hold control characters.
 */
import { formatPath, parsePath } from '../../model/field-path.ts';
import { isVersion } from '../change.ts';
import { oneLine } from '../alerts/escape.ts';
import type { Change, Json, JsonObject } from '../types.ts';
import { describeTarget, type KindInfo, type LedgerTarget } from './target.ts';

/** Why an entry has the content it has (a diff, a whole state, or nothing). */
export type EntryContent = 'diff' | 'created' | 'state-only' | 'deleted' | 'no-body' | 'not-applied' | 'read';

export interface PathValue {
  readonly path: string;
  readonly value: Json;
}

export interface FullDiff {
  readonly added: readonly PathValue[];
  readonly removed: readonly PathValue[];
  readonly changed: readonly { readonly path: string; readonly old: Json; readonly new: Json }[];
}

export interface HistoryEntry {
  readonly ref: string;
  readonly time: string;
  readonly auditID: string;
  readonly level: string;
  readonly verb: string;
  readonly write: boolean;
  readonly requestURI: string;
  readonly object: {
    readonly apiGroup: string;
    readonly apiVersion: string;
    readonly resource: string;
    readonly subresource: string | null;
    readonly kind: string;
    readonly namespace: string | null;
    readonly name: string;
  };
  readonly actor: {
    readonly username: string;
    readonly uid: string | null;
    readonly groups: readonly string[];
    readonly impersonatedBy: string | null;
    readonly sourceIPs: readonly string[];
    readonly userAgent: string | null;
  };
  readonly outcome: {
    readonly code: number | null;
    readonly denied: boolean;
    readonly reason: string | null;
    readonly message: string | null;
    readonly deniedBy: string | null;
  };
  readonly authorization: { readonly decision: string | null; readonly reason: string | null };
  readonly content: EntryContent;
  readonly diff: FullDiff | null;
  /** The new version when there is nothing to diff it with (a create, or after a write without body). */
  readonly state?: JsonObject;
  /** The request body of a `patch` (JSON patch, merge patch or strategic merge patch). */
  readonly patch: Json | null;
}

export interface HistoryJson {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'gatewatch'; readonly version: string };
  readonly query: {
    readonly object: {
      readonly kind: string;
      readonly namespace: string | null;
      readonly name: string;
    } | null;
    readonly kind: string | null;
    readonly actor: string | null;
    readonly since: string | null;
    readonly until: string | null;
    readonly verbs: readonly string[];
  };
  readonly count: number;
  readonly changes: readonly HistoryEntry[];
}

/** The value at a field path (`spec.tls[0].hosts`), or null when the path is not in the object. */
export function valueAt(root: Json | null, path: string): Json {
  let node: Json | undefined = root ?? null;
  for (const segment of parsePath(path)) {
    if (node === null || typeof node !== 'object') return null;
    node = Array.isArray(node)
      ? typeof segment === 'number'
        ? node[segment]
        : undefined
      : node[String(segment)];
    if (node === undefined) return null;
  }
  return node;
}

function contentOf(change: Change): EntryContent {
  if (!change.write) return 'read';
  if (!isVersion(change)) return 'not-applied';
  if (change.deleted) return 'deleted';
  if (change.bodyless || change.state === null) return 'no-body';
  if (change.diff !== null) return 'diff';
  return change.verb === 'create' ? 'created' : 'state-only';
}

function fullDiff(change: Change): FullDiff | null {
  const { diff } = change;
  if (diff === null) return null;
  return {
    added: diff.added.map((path) => ({ path, value: valueAt(change.state, path) })),
    removed: diff.removed.map((path) => ({ path, value: valueAt(change.previous, path) })),
    changed: diff.changed.map((entry) => ({ path: entry.path, old: entry.old, new: entry.new })),
  };
}

/** A state as shown: without managedFields (bookkeeping, and large). */
export function displayState(state: JsonObject): JsonObject {
  const metadata = state.metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return state;
  if (!('managedFields' in metadata)) return state;
  const rest: JsonObject = { ...metadata };
  delete rest.managedFields;
  return { ...state, metadata: rest };
}

export function historyEntry(change: Change): HistoryEntry {
  const content = contentOf(change);
  const { object, actor, outcome } = change;
  return {
    ref: change.ref,
    time: change.time,
    auditID: change.auditID,
    level: change.level,
    verb: change.verb,
    write: change.write,
    requestURI: change.requestURI,
    object: {
      apiGroup: object.apiGroup,
      apiVersion: object.apiVersion,
      resource: object.resource,
      subresource: object.subresource,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name,
    },
    actor: {
      username: actor.username,
      uid: actor.uid,
      groups: [...actor.groups],
      impersonatedBy: actor.impersonatedBy,
      sourceIPs: [...actor.sourceIPs],
      userAgent: actor.userAgent,
    },
    outcome: {
      code: outcome.code,
      denied: outcome.denied,
      reason: outcome.reason,
      message: outcome.message,
      deniedBy: outcome.deniedBy,
    },
    authorization: { decision: change.authorization.decision, reason: change.authorization.reason },
    content,
    diff: content === 'diff' ? fullDiff(change) : null,
    ...((content === 'created' || content === 'state-only') && change.state !== null
      ? { state: displayState(change.state) }
      : {}),
    patch: change.patch,
  };
}

export interface HistoryJsonInput {
  readonly version: string;
  readonly target?: LedgerTarget;
  readonly kind?: KindInfo;
  readonly actor?: string;
  readonly since?: string;
  readonly until?: string;
  readonly verbs?: readonly string[];
  readonly changes: readonly Change[];
}

export function historyJson(input: HistoryJsonInput): HistoryJson {
  const { target } = input;
  return {
    schemaVersion: 1,
    tool: { name: 'gatewatch', version: input.version },
    query: {
      object: target ? { kind: target.kind, namespace: target.namespace, name: target.name } : null,
      kind: target?.kind ?? input.kind?.kind ?? null,
      actor: input.actor ?? null,
      since: input.since ?? null,
      until: input.until ?? null,
      verbs: [...(input.verbs ?? [])],
    },
    count: input.changes.length,
    changes: input.changes.map(historyEntry),
  };
}

// ---------------------------------------------------------------------------------------------------
// Text

/** A JSON value on one line, cut to `max` characters. */
export function compactValue(value: Json, max = 80): string {
  return oneLine(JSON.stringify(value), max);
}

export function entryObject(entry: Pick<HistoryEntry, 'object'>): string {
  const { object } = entry;
  const sub = object.subresource ? `/${object.subresource}` : '';
  const name = object.name === '' ? `(all ${object.resource})` : object.name;
  return `${object.kind}${sub} ${object.namespace ? `${object.namespace}/` : ''}${name}`;
}

/** `200`, `201`, `denied 403 Forbidden by authorization`, `failed 409 Conflict`. */
export function outcomeText(entry: Pick<HistoryEntry, 'outcome'>): string {
  const { outcome } = entry;
  const code = outcome.code === null ? 'no status' : String(outcome.code);
  const reason = outcome.reason ? ` ${outcome.reason}` : '';
  if (outcome.denied)
    return `denied ${code}${reason}${outcome.deniedBy ? ` by ${outcome.deniedBy === 'authorization' || outcome.deniedBy === 'authentication' ? outcome.deniedBy : `admission "${outcome.deniedBy}"`}` : ''}`;
  if (outcome.code !== null && outcome.code >= 300) return `failed ${code}${reason}`;
  return code;
}

export function actorText(actor: HistoryEntry['actor']): string {
  const groups = actor.groups.length > 0 ? ` (${actor.groups.join(', ')})` : '';
  const by = actor.impersonatedBy !== null ? `, impersonated by ${actor.impersonatedBy}` : '';
  return `${actor.username || '(anonymous)'}${groups}${by}`;
}

export function sourceText(actor: HistoryEntry['actor']): string {
  const ips = actor.sourceIPs.length > 0 ? actor.sourceIPs.join(', ') : '(no source IP)';
  return `${ips} · ${actor.userAgent ?? '(no user agent)'}`;
}

/**
 * An added or removed object shown as its leaves (`metadata.annotations["…/snippet"]` rather than
 * `metadata.annotations = {…}`): the paths a reader looks for. Arrays stay whole.
 */
function leaves(entry: PathValue, limit = 8): PathValue[] {
  const { value } = entry;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [entry];
  const keys = Object.keys(value);
  if (keys.length === 0 || keys.length > limit) return [entry];
  const base = parsePath(entry.path);
  return keys.flatMap((key) =>
    leaves({ path: formatPath([...base, key]), value: value[key] ?? null }, limit),
  );
}

/** The diff as `+ path = value`, `- path (was value)`, `~ path: old → new`, at most `max` lines. */
export function diffLines(diff: FullDiff, max = 12): string[] {
  const lines = [
    ...diff.added.flatMap((d) => leaves(d)).map((d) => `+ ${d.path} = ${compactValue(d.value)}`),
    ...diff.removed.flatMap((d) => leaves(d)).map((d) => `- ${d.path} (was ${compactValue(d.value)})`),
    ...diff.changed.map((d) => `~ ${d.path}: ${compactValue(d.old, 50)} → ${compactValue(d.new, 50)}`),
  ].map((line) => oneLine(line, 200));
  if (lines.length === 0) return ['(no change in content)'];
  return lines.length > max ? [...lines.slice(0, max), `… and ${String(lines.length - max)} more`] : lines;
}

/** What the entry did to the object, in a few lines. */
export function contentLines(entry: HistoryEntry): string[] {
  switch (entry.content) {
    case 'diff':
      return entry.diff ? diffLines(entry.diff) : [];
    case 'created':
      return ['created'];
    case 'state-only':
      return ['new version recorded (the version before it is unknown: no diff)'];
    case 'deleted':
      return ['deleted'];
    case 'no-body':
      return [`content not recorded (audit level ${entry.level})`];
    case 'not-applied':
      return entry.outcome.message ? [oneLine(entry.outcome.message, 200)] : ['not applied'];
    case 'read':
      return [];
  }
}

/** One timeline entry: a heading line, then `who`, `from`, and what changed. */
export function entryText(entry: HistoryEntry, indent = ''): string[] {
  const lines = [
    `${indent}${entry.time}  ${oneLine(entry.verb, 30)}  ${oneLine(entryObject(entry), 160)}  ${oneLine(outcomeText(entry), 160)}`,
    `${indent}  who   ${oneLine(actorText(entry.actor), 240)}`,
    `${indent}  from  ${oneLine(sourceText(entry.actor), 240)}`,
  ];
  const content = contentLines(entry);
  content.forEach((line, index) => lines.push(`${indent}  ${index === 0 ? 'what' : '    '}  ${line}`));
  return lines;
}

export function historyText(json: HistoryJson, target?: LedgerTarget): string {
  const what = target ? describeTarget(target) : json.query.kind ? `every ${json.query.kind}` : 'the ledger';
  const filters = [
    json.query.actor !== null ? `actor ${json.query.actor}` : '',
    json.query.since !== null ? `since ${json.query.since}` : '',
    json.query.until !== null ? `until ${json.query.until}` : '',
    json.query.verbs.length > 0 ? `verbs ${json.query.verbs.join(',')}` : '',
  ].filter(Boolean);
  const head = `History of ${oneLine(what, 200)}${filters.length > 0 ? ` (${oneLine(filters.join(', '), 200)})` : ''}`;
  if (json.changes.length === 0) return `${head}: no changes in the ledger.\n`;
  const first = json.changes[0]?.time ?? '';
  const last = json.changes.at(-1)?.time ?? '';
  const lines = [`${head}: ${String(json.count)} change${json.count === 1 ? '' : 's'}, ${first} … ${last}`];
  for (const entry of json.changes) lines.push('', ...entryText(entry));
  return `${lines.join('\n')}\n`;
}
