/**
 * What an identity was seen doing, for `rbac suggest`: from audit logs (every event, not only the
 * ledger's kinds) and from the ledger (the tracked kinds only). Each request becomes an
 * ObservedRequest of its effective user; a request made by impersonation also becomes an `impersonate`
 * request of the impersonator. Duplicates (same audit ID, read twice or from both sources) count once.
 */
import type { Readable } from 'node:stream';
import { buildChange } from '../ledger/change.ts';
import type { Change, LedgerReader, Outcome } from '../ledger/types.ts';
import type { ObservedRequest } from '../rbac/suggest.ts';
import { parseServiceAccountUser } from '../rbac/subjects.ts';
import { isOutcomeStage, type AuditEvent } from '../sources/audit/event.ts';
import { isPending, parsePending } from '../sources/audit/lines.ts';
import { expandAuditPaths, readAuditInput } from '../sources/audit/read.ts';

export interface ObservedInput {
  readonly requests: ObservedRequest[];
  /** Audit events read (all stages). */
  readonly events: number;
  readonly malformed: number;
  readonly problems: { readonly file: string; readonly line: number; readonly message: string }[];
}

/** The groups every identity gets without asking: impersonating them needs no `impersonate` on groups. */
const AUTOMATIC_GROUP = /^system:(?:authenticated|unauthenticated|serviceaccounts(?::.*)?)$/;

const IMPERSONATION_OUTCOME: Outcome = {
  code: null,
  denied: false,
  reason: null,
  message: null,
  deniedBy: null,
};

function requestOf(change: Change, path: string | null): ObservedRequest {
  const { object } = change;
  return {
    time: change.time,
    id: change.auditID,
    verb: change.verb,
    apiGroup: object.apiGroup,
    resource: path === null ? object.resource : '',
    subresource: path === null ? object.subresource : null,
    namespace: path === null ? object.namespace : null,
    name: path === null ? object.name : '',
    path,
    outcome: change.outcome,
    groups: change.actor.groups,
  };
}

/** The `impersonate` requests the impersonator needed for a change made as `change.actor.username`. */
function impersonationOf(change: Change): ObservedRequest[] {
  const base = {
    time: change.time,
    verb: 'impersonate',
    apiGroup: '',
    subresource: null,
    path: null,
    outcome: IMPERSONATION_OUTCOME,
    groups: [] as string[],
  };
  const target = change.actor.username;
  const serviceAccount = parseServiceAccountUser(target);
  const out: ObservedRequest[] = [
    serviceAccount
      ? {
          ...base,
          id: `${change.auditID}/impersonate-user`,
          resource: 'serviceaccounts',
          namespace: serviceAccount.namespace,
          name: serviceAccount.name,
        }
      : {
          ...base,
          id: `${change.auditID}/impersonate-user`,
          resource: 'users',
          namespace: null,
          name: target,
        },
  ];
  for (const group of change.actor.groups)
    if (!AUTOMATIC_GROUP.test(group))
      out.push({
        ...base,
        id: `${change.auditID}/impersonate-group/${group}`,
        resource: 'groups',
        namespace: null,
        name: group,
      });
  return out;
}

/** The requests of one change for `user`: its own, and the impersonation it needed. */
function requestsOfChange(change: Change, user: string, path: string | null): ObservedRequest[] {
  const out: ObservedRequest[] = [];
  if (change.actor.username === user) out.push(requestOf(change, path));
  if (change.actor.impersonatedBy === user) out.push(...impersonationOf(change));
  return out;
}

function pathOf(event: AuditEvent): string | null {
  if (event.objectRef !== undefined) return null;
  const uri = event.requestURI ?? '';
  const query = uri.indexOf('?');
  return query < 0 ? uri : uri.slice(0, query);
}

class Collector {
  readonly requests: ObservedRequest[] = [];
  private readonly seen = new Set<string>();

  add(requests: readonly ObservedRequest[]): void {
    for (const request of requests) {
      if (this.seen.has(request.id)) continue;
      this.seen.add(request.id);
      this.requests.push(request);
    }
  }
}

export interface ObservedSources {
  readonly user: string;
  /** Audit log files and directories (`-`: stdin). */
  readonly auditPaths?: readonly string[];
  readonly stdin?: Readable;
  readonly ledger?: LedgerReader;
}

export async function observedRequests(sources: ObservedSources): Promise<ObservedInput> {
  const { user } = sources;
  const collector = new Collector();
  let events = 0;
  let malformed = 0;
  const problems: ObservedInput['problems'] = [];
  for (const file of await expandAuditPaths(sources.auditPaths ?? [])) {
    const read = readAuditInput(file, sources.stdin ? { stdin: sources.stdin } : {});
    for await (const batch of read) {
      events += batch.events;
      malformed += batch.problems.length;
      for (const problem of batch.problems) if (problems.length < 100) problems.push({ file, ...problem });
      for (const record of batch.records) {
        const parsed = isPending(record) ? parsePending(record) : record.event;
        if (typeof parsed === 'string') {
          malformed++;
          if (problems.length < 100) problems.push({ file, line: record.line, message: parsed });
          continue;
        }
        if (!isOutcomeStage(parsed.stage)) continue;
        const effective = parsed.impersonatedUser?.username ?? parsed.user?.username;
        if (effective !== user && parsed.user?.username !== user) continue;
        const change = buildChange({ ...parsed, stage: parsed.stage }, null);
        collector.add(requestsOfChange(change, user, pathOf(parsed)));
      }
    }
  }
  if (sources.ledger) {
    for (const change of await sources.ledger.changesByActor(user))
      collector.add(requestsOfChange(change, user, null));
  }
  return { requests: collector.requests, events, malformed, problems };
}
