/**
 * Schema migrations, versioned in code. Each store applies, in one transaction each, the migrations
 * above the version recorded in `schema_migrations`. Never edit a released migration: add one.
 * The two dialects differ only where SQL does (identity columns); the tables are the same.
 */

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sqlite: readonly string[];
  readonly postgres: readonly string[];
}

const tables = (seqColumn: string): string[] => [
  `CREATE TABLE changes (
    seq ${seqColumn},
    ref TEXT NOT NULL UNIQUE, -- auditID/stage: one change per request and stage
    audit_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    time TEXT NOT NULL,
    verb TEXT NOT NULL,
    is_write INTEGER NOT NULL,
    is_version INTEGER NOT NULL,
    has_state INTEGER NOT NULL,
    object_key TEXT NOT NULL,
    api_group TEXT NOT NULL,
    resource TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    username TEXT NOT NULL,
    impersonated_by TEXT,
    previous_ref TEXT,
    source_ips TEXT NOT NULL,
    user_agent TEXT,
    record TEXT NOT NULL
  )`,
  'CREATE INDEX changes_by_object ON changes (object_key, time, seq)',
  'CREATE INDEX changes_by_user ON changes (username, time)',
  'CREATE INDEX changes_by_impersonator ON changes (impersonated_by, time)',
  'CREATE INDEX changes_by_resource ON changes (resource, namespace)',
  `CREATE TABLE inputs (
    identity TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    size BIGINT NOT NULL,
    byte_offset BIGINT NOT NULL,
    line BIGINT NOT NULL,
    complete INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  )`,
];

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "changes (with the actor's source IPs and user agent) and input progress",
    sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT'),
    postgres: tables('BIGSERIAL PRIMARY KEY'),
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export const MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)';
