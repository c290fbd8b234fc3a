/**
 * Order a rotated set of logs (audit and access logs alike) oldest first. The API server rotates
 * through lumberjack: `audit.log` is current and backups are `audit-2026-05-31T23-59-59.123.log`
 * (optionally `.gz`); logrotate names them `audit.log.1`, `audit.log.2.gz` (higher = older). Files of
 * one set are read in time order; different sets keep the order they were given in.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

interface RotationName {
  /** Identifies the set: directory + base name without the rotation part. */
  readonly set: string;
  /** 0 lumberjack backup, 1 numbered backup, 2 current file. */
  readonly rank: number;
  /** Within a rank, ascending = older first. */
  readonly order: string | number;
}

const LUMBERJACK = /^(.*)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(?:\.\d+)?)(\.[^.]+)?(\.gz)?$/;
const NUMBERED = /^(.*)\.(\d+)(\.gz)?$/;

export function rotationName(path: string): RotationName {
  const dir = dirname(path);
  const name = basename(path);
  const stamped = LUMBERJACK.exec(name);
  if (stamped)
    return { set: join(dir, `${stamped[1] ?? ''}${stamped[3] ?? ''}`), rank: 0, order: stamped[2] ?? '' };
  const numbered = NUMBERED.exec(name);
  if (numbered) return { set: join(dir, numbered[1] ?? ''), rank: 1, order: -Number(numbered[2]) };
  return { set: join(dir, name.endsWith('.gz') ? name.slice(0, -3) : name), rank: 2, order: 0 };
}

export function orderRotatedFiles(paths: readonly string[]): string[] {
  const sets = new Map<string, { path: string; name: RotationName }[]>();
  for (const path of paths) {
    if (path === '-') {
      sets.set(`-${String(sets.size)}`, [{ path, name: { set: '-', rank: 2, order: 0 } }]);
      continue;
    }
    const name = rotationName(path);
    const members = sets.get(name.set) ?? [];
    members.push({ path, name });
    sets.set(name.set, members);
  }
  const ordered: string[] = [];
  for (const members of sets.values()) {
    members.sort((a, b) => a.name.rank - b.name.rank || compareOrder(a.name.order, b.name.order));
    ordered.push(...members.map((m) => m.path));
  }
  return ordered;
}

function compareOrder(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Paths named on a command line (`-` for stdin), each directory replaced by the logs in it (names
 * matching `logName`), ordered by `orderRotatedFiles`.
 */
export async function expandRotatedPaths(paths: readonly string[], logName: RegExp): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === '-' || !(await stat(path)).isDirectory()) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => logName.test(name)).sort();
    files.push(...names.map((name) => join(path, name)));
  }
  return orderRotatedFiles(files);
}
