/**
 * The ledger queries, written once for both SQL dialects. An `SqlExecutor` runs statements with `?`
 * placeholders (the PostgreSQL executor numbers them); the dialect differs in a few functions only.
 */
import { ledgerTime } from '../time.ts';
import type {
  ActorSources,
  Change,
  ChangeFilter,
  ObjectKey,
  ObjectListFilter,
  ObjectSummary,
  SeenValue,
} from '../types.ts';
import { MIGRATIONS, MIGRATIONS_TABLE } from './schema.ts';
import {
  changeRow,
  END_OF_TIME,
  keyString,
  type InputProgress,
  type LatestState,
  type LedgerStore,
} from './store.ts';

export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const CHANGE_COLUMNS =
  'ref, audit_id, stage, time, verb, is_write, is_version, has_state, object_key, api_group, resource, namespace, name, username, impersonated_by, previous_ref, source_ips, user_agent, record';

function parseRecord(row: Row | undefined): Change | null {
  return row === undefined ? null : (JSON.parse(String(row.record)) as Change);
}

export class SqlLedgerStore implements LedgerStore {
  readonly kind: 'sqlite' | 'postgres';
  private readonly sql: SqlExecutor;
  private readonly least: string;
  private readonly greatest: string;

  constructor(executor: SqlExecutor) {
    this.sql = executor;
    this.kind = executor.dialect;
    this.least = executor.dialect === 'sqlite' ? 'min' : 'LEAST';
    this.greatest = executor.dialect === 'sqlite' ? 'max' : 'GREATEST';
  }

  /** Apply the migrations this database has not seen yet. */
  async migrate(): Promise<void> {
    await this.sql.run(MIGRATIONS_TABLE);
    const rows = await this.sql.all('SELECT MAX(version) AS version FROM schema_migrations');
    const current = Number(rows[0]?.version ?? 0);
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      await this.sql.transaction(async () => {
        const statements = this.kind === 'sqlite' ? migration.sqlite : migration.postgres;
        for (const statement of statements) await this.sql.run(statement);
        await this.sql.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
          migration.version,
          ledgerTime(new Date()),
        ]);
      });
    }
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.sql.all('SELECT MAX(version) AS version FROM schema_migrations');
    return Number(rows[0]?.version ?? 0);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.sql.transaction(work);
  }

  close(): Promise<void> {
    return this.sql.close();
  }

  async append(change: Change): Promise<boolean> {
    const row = changeRow(change);
    const values = [
      row.ref,
      row.audit_id,
      row.stage,
      row.time,
      row.verb,
      row.is_write,
      row.is_version,
      row.has_state,
      row.object_key,
      row.api_group,
      row.resource,
      row.namespace,
      row.name,
      row.username,
      row.impersonated_by,
      row.previous_ref,
      row.source_ips,
      row.user_agent,
      row.record,
    ];
    const added = await this.sql.run(
      `INSERT INTO changes (${CHANGE_COLUMNS}) VALUES (${values.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
      values,
    );
    return added > 0;
  }

  /** Parse records and put back the previous states stored by reference (changeRow). */
  private async changes(rows: readonly Row[]): Promise<Change[]> {
    const changes = rows.map((row) => parseRecord(row) as Change);
    const wanted = [
      ...new Set(
        changes.flatMap((c) =>
          c.previous === null && typeof c.previousRef === 'string' ? [c.previousRef] : [],
        ),
      ),
    ];
    if (wanted.length === 0) return changes;
    const states = new Map<string, Change['state']>();
    for (let i = 0; i < wanted.length; i += 500) {
      const refs = wanted.slice(i, i + 500);
      const found = await this.sql.all(
        `SELECT ref, record FROM changes WHERE ref IN (${refs.map(() => '?').join(', ')})`,
        refs,
      );
      for (const row of found) states.set(String(row.ref), (parseRecord(row) as Change).state);
    }
    return changes.map((c) =>
      c.previous === null && typeof c.previousRef === 'string'
        ? { ...c, previous: states.get(c.previousRef) ?? null }
        : c,
    );
  }

  private async change(rows: readonly Row[]): Promise<Change | null> {
    return (await this.changes(rows.slice(0, 1)))[0] ?? null;
  }

  async getChange(ref: string): Promise<Change | null> {
    return this.change(await this.sql.all('SELECT record FROM changes WHERE ref = ?', [ref]));
  }

  async countChanges(): Promise<number> {
    const rows = await this.sql.all('SELECT COUNT(*) AS n FROM changes');
    return Number(rows[0]?.n ?? 0);
  }

  async latestVersion(key: ObjectKey, atOrBefore: string = END_OF_TIME): Promise<Change | null> {
    const rows = await this.sql.all(
      `SELECT record FROM changes WHERE object_key = ? AND is_version = 1 AND time <= ?
       ORDER BY time DESC, seq DESC LIMIT 1`,
      [keyString(key), atOrBefore],
    );
    return this.change(rows);
  }

  history(key: ObjectKey, filter: ChangeFilter = {}): Promise<Change[]> {
    return this.query(['object_key = ?'], [keyString(key)], filter);
  }

  changesByActor(username: string, filter: ChangeFilter = {}): Promise<Change[]> {
    return this.query(['(username = ? OR impersonated_by = ?)'], [username, username], {
      ...filter,
      actor: undefined,
    });
  }

  private async query(where: string[], params: SqlValue[], filter: ChangeFilter): Promise<Change[]> {
    const clauses = [...where];
    const values = [...params];
    if (filter.actor != null) {
      clauses.push('(username = ? OR impersonated_by = ?)');
      values.push(filter.actor, filter.actor);
    }
    if (filter.since !== undefined) {
      clauses.push('time >= ?');
      values.push(filter.since);
    }
    if (filter.until !== undefined) {
      clauses.push('time < ?');
      values.push(filter.until);
    }
    if (filter.verbs !== undefined && filter.verbs.length > 0) {
      clauses.push(`verb IN (${filter.verbs.map(() => '?').join(', ')})`);
      values.push(...filter.verbs);
    }
    if (filter.write !== undefined) {
      clauses.push('is_write = ?');
      values.push(filter.write ? 1 : 0);
    }
    let sql = `SELECT record FROM changes WHERE ${clauses.join(' AND ')} ORDER BY time, seq`;
    if (filter.limit !== undefined) {
      sql += ' LIMIT ?';
      values.push(filter.limit);
    }
    return this.changes(await this.sql.all(sql, values));
  }

  async actorSources(username: string, before: string = END_OF_TIME): Promise<ActorSources> {
    const ips =
      this.kind === 'sqlite'
        ? 'json_each(c.source_ips) AS j'
        : 'LATERAL jsonb_array_elements_text(c.source_ips::jsonb) AS j(value)';
    const rows = await this.sql.all(
      `SELECT source_kind, value, first_seen, last_seen, seen FROM (
         SELECT 'ip' AS source_kind, j.value AS value, MIN(c.time) AS first_seen, MAX(c.time) AS last_seen,
                COUNT(*) AS seen
         FROM changes c, ${ips}
         WHERE c.username = ? OR c.impersonated_by = ? GROUP BY j.value
         UNION ALL
         SELECT 'userAgent' AS source_kind, user_agent AS value, MIN(time) AS first_seen, MAX(time) AS last_seen,
                COUNT(*) AS seen
         FROM changes WHERE (username = ? OR impersonated_by = ?) AND user_agent IS NOT NULL GROUP BY user_agent
       ) sources
       WHERE first_seen < ? ORDER BY source_kind, first_seen, value`,
      [username, username, username, username, before],
    );
    const seen = (kind: string): SeenValue[] =>
      rows
        .filter((row) => row.source_kind === kind)
        .map((row) => ({
          value: String(row.value),
          firstSeen: String(row.first_seen),
          lastSeen: String(row.last_seen),
          count: Number(row.seen),
        }));
    return { username, sourceIPs: seen('ip'), userAgents: seen('userAgent') };
  }

  /** How many changes the ledger holds for the actor (as effective user or impersonator). */
  async actorChangeCount(username: string): Promise<number> {
    const rows = await this.sql.all(
      'SELECT COUNT(*) AS n FROM changes WHERE username = ? OR impersonated_by = ?',
      [username, username],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async listObjects(filter: ObjectListFilter = {}): Promise<ObjectSummary[]> {
    const clauses = ["name <> ''"];
    const values: SqlValue[] = [];
    if (filter.resource !== undefined) {
      clauses.push('resource = ?');
      values.push(filter.resource);
    }
    if (filter.namespace !== undefined) {
      clauses.push('namespace = ?');
      values.push(filter.namespace);
    }
    const rows = await this.sql.all(
      `SELECT agg.n, agg.first_time, agg.last_time, latest.record AS record, version.record AS version
       FROM (SELECT object_key, COUNT(*) AS n, MIN(time) AS first_time, MAX(time) AS last_time,
                    MAX(seq) AS last_seq, MAX(CASE WHEN is_version = 1 THEN seq END) AS version_seq
             FROM changes WHERE ${clauses.join(' AND ')} GROUP BY object_key) agg
       JOIN changes latest ON latest.seq = agg.last_seq
       LEFT JOIN changes version ON version.seq = agg.version_seq
       ORDER BY agg.object_key`,
      values,
    );
    return rows.map((row) => {
      const latest = JSON.parse(String(row.record)) as Change;
      const version = typeof row.version === 'string' ? (JSON.parse(row.version) as Change) : null;
      return {
        object: { ...latest.object, subresource: null },
        changes: Number(row.n),
        firstSeen: String(row.first_time),
        lastSeen: String(row.last_time),
        deleted: version?.deleted ?? false,
      };
    });
  }

  async latestStates(resource: string): Promise<LatestState[]> {
    const rows = await this.sql.all(
      `SELECT c.record FROM changes c
       WHERE c.resource = ? AND c.is_version = 1
         AND c.seq = (SELECT c2.seq FROM changes c2 WHERE c2.object_key = c.object_key AND c2.is_version = 1
                      ORDER BY c2.time DESC, c2.seq DESC LIMIT 1)
       ORDER BY c.object_key`,
      [resource],
    );
    const out: LatestState[] = [];
    for (const row of rows) {
      const change = parseRecord(row);
      if (change?.state != null)
        out.push({ object: { ...change.object, subresource: null }, state: change.state });
    }
    return out;
  }

  async inputProgress(identity: string): Promise<InputProgress | null> {
    const rows = await this.sql.all(
      'SELECT identity, path, size, byte_offset, line, complete FROM inputs WHERE identity = ?',
      [identity],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      identity: String(row.identity),
      path: String(row.path),
      size: Number(row.size),
      offset: Number(row.byte_offset),
      line: Number(row.line),
      complete: Number(row.complete) === 1,
    };
  }

  async saveInputProgress(progress: InputProgress): Promise<void> {
    await this.sql.run(
      `INSERT INTO inputs (identity, path, size, byte_offset, line, complete, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (identity) DO UPDATE SET path = excluded.path, size = excluded.size,
         byte_offset = excluded.byte_offset, line = excluded.line, complete = excluded.complete,
         updated_at = excluded.updated_at`,
      [
        progress.identity,
        progress.path,
        progress.size,
        progress.offset,
        progress.line,
        progress.complete ? 1 : 0,
        ledgerTime(new Date()),
      ],
    );
  }
}
