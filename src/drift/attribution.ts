/**
 * Who made the drift: joins drifted fields to the change ledger (src/ledger). For each field, the
 * latest successful write of the object whose diff touches the field's path; when none does (the
 * ledger recorded the write without a body, or only the creation), the latest write of the object.
 * Writes to subresources (`status`) are left out: they never change what a manifest says.
 */
import { isVersion } from '../ledger/change.ts';
import { TRACKED_RESOURCES } from '../ledger/tracked.ts';
import type { Change, LedgerReader, ObjectKey } from '../ledger/types.ts';
import { parsePath, type PathSegment } from '../model/field-path.ts';
import type { ObjectRef } from '../model/resource.ts';
import type { ObjectDrift } from './compare.ts';
import { pathsOverlap } from './pointer.ts';

export interface Attribution {
  readonly actor: string;
  /** The real requester when `actor` was impersonated. */
  readonly impersonatedBy: string | null;
  /** RFC 3339, from the audit event. */
  readonly time: string;
  readonly verb: string;
  readonly auditID: string;
  readonly userAgent: string | null;
  readonly sourceIPs: readonly string[];
  /** `field`: this write changed the field; `object`: the latest write of the object (the field is not in its diff). */
  readonly match: 'field' | 'object';
}

/** Drift entries with attributions: per object (the latest write), and per field of changed objects. */
export interface AttributedDrift {
  readonly object: ObjectDrift;
  readonly lastChange: Attribution | null;
  /** Same order as `object.fields`. */
  readonly fields: readonly (Attribution | null)[];
}

/** The ledger's keys for a kind: its plural resource in each API group the ledger may have seen. */
function ledgerKeys(object: ObjectRef): ObjectKey[] {
  const namespace = object.namespace === '' ? null : object.namespace;
  if (object.kind === 'Secret') return [{ apiGroup: '', resource: 'secrets', namespace, name: object.name }];
  if (object.kind === 'ConfigMap')
    return [{ apiGroup: '', resource: 'configmaps', namespace, name: object.name }];
  for (const [resource, info] of Object.entries(TRACKED_RESOURCES)) {
    if (info.kind === object.kind)
      return info.groups.map((apiGroup) => ({ apiGroup, resource, namespace, name: object.name }));
  }
  return [];
}

async function writesOf(ledger: LedgerReader, object: ObjectRef): Promise<Change[]> {
  const histories = await Promise.all(ledgerKeys(object).map((key) => ledger.history(key, { write: true })));
  return histories
    .flat()
    .filter((change) => isVersion(change) && change.object.subresource === null)
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

function touches(change: Change, segments: readonly PathSegment[]): boolean {
  const diff = change.diff;
  if (diff === null) return false;
  const paths = [...diff.added, ...diff.removed, ...diff.changed.map((entry) => entry.path)];
  return paths.some((path) => pathsOverlap(parsePath(path), segments));
}

function attribution(change: Change, match: Attribution['match']): Attribution {
  return {
    actor: change.actor.username,
    impersonatedBy: change.actor.impersonatedBy,
    time: change.time,
    verb: change.verb,
    auditID: change.auditID,
    userAgent: change.actor.userAgent,
    sourceIPs: change.actor.sourceIPs,
    match,
  };
}

export async function attribute(
  ledger: LedgerReader,
  objects: readonly ObjectDrift[],
): Promise<AttributedDrift[]> {
  const out: AttributedDrift[] = [];
  for (const object of objects) {
    const writes = await writesOf(ledger, object.object);
    const latest = writes.at(-1);
    const lastChange = latest ? attribution(latest, 'object') : null;
    const fields = object.fields.map((field) => {
      const byField = writes.findLast((change) => touches(change, field.segments));
      return byField ? attribution(byField, 'field') : lastChange;
    });
    out.push({ object, lastChange, fields });
  }
  return out;
}

/** Without a ledger: the same shape, with nothing known. */
export function unattributed(objects: readonly ObjectDrift[]): AttributedDrift[] {
  return objects.map((object) => ({ object, lastChange: null, fields: object.fields.map(() => null) }));
}
