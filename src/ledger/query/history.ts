/**
 * History queries over the ledger: one object's changes (under each API group it may be stored
 * under), one actor's, or everything, filtered by time and verb, oldest first. Also the time
 * arguments `--since`/`--until` take. No I/O of its own: it reads through a LedgerReader.
 */
import { ledgerTime, normalizeTime } from '../time.ts';
import type { Change, ChangeFilter, LedgerReader } from '../types.ts';
import { targetKeys, type KindInfo, type LedgerTarget } from './target.ts';

export interface HistoryQuery {
  /** One object; absent: every object of the ledger (of `kind` when given). */
  readonly target?: LedgerTarget;
  readonly kind?: KindInfo;
  /** Effective user or impersonator. */
  readonly actor?: string;
  /** Inclusive, ledger time form. */
  readonly since?: string;
  /** Exclusive, ledger time form. */
  readonly until?: string;
  readonly verbs?: readonly string[];
}

export class TimeArgumentError extends Error {}

const DURATION = /^(\d+)(s|m|h|d|w)$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;

/**
 * `2026-05-20T09:14:02Z` (any RFC 3339 time), `2026-05-20` (midnight UTC), or a duration before `now`
 * (`30m`, `24h`, `7d`, `2w`) → the ledger's time form.
 */
export function parseTimeArgument(flag: string, text: string, now: number): string {
  const duration = DURATION.exec(text.trim());
  if (duration) return ledgerTime(new Date(now - Number(duration[1]) * (UNIT_MS[duration[2] ?? 's'] ?? 0)));
  const normalized = normalizeTime(DATE_ONLY.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text);
  if (normalized === undefined)
    throw new TimeArgumentError(
      `${flag}: "${text}" is neither an RFC 3339 time (2026-05-20T09:00:00Z), a date nor a duration (24h, 7d)`,
    );
  return normalized;
}

function byTime(a: Change, b: Change): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

function filterOf(query: HistoryQuery): ChangeFilter {
  return {
    ...(query.actor !== undefined ? { actor: query.actor } : {}),
    ...(query.since !== undefined ? { since: query.since } : {}),
    ...(query.until !== undefined ? { until: query.until } : {}),
    ...(query.verbs !== undefined && query.verbs.length > 0 ? { verbs: query.verbs } : {}),
  };
}

/** The changes the query selects, oldest first. */
export async function queryHistory(ledger: LedgerReader, query: HistoryQuery): Promise<Change[]> {
  const filter = filterOf(query);
  const out: Change[] = [];
  if (query.target !== undefined) {
    for (const key of targetKeys(query.target)) out.push(...(await ledger.history(key, filter)));
  } else if (query.actor !== undefined) {
    const { kind } = query;
    const changes = await ledger.changesByActor(query.actor, filter);
    out.push(
      ...(kind === undefined
        ? changes
        : changes.filter(
            (c) => c.object.resource === kind.resource && kind.apiGroups.includes(c.object.apiGroup),
          )),
    );
  } else {
    const objects = await ledger.listObjects(query.kind ? { resource: query.kind.resource } : {});
    for (const summary of objects) {
      if (query.kind && !query.kind.apiGroups.includes(summary.object.apiGroup)) continue;
      out.push(...(await ledger.history(summary.object, filter)));
    }
  }
  return out.sort(byTime);
}
