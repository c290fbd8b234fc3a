/**
 * Flags and helpers the commands reading the ledger share (`history`, `investigate`, `rbac suggest`):
 * `--db`, comma-separated repeatable lists, time arguments, and opening a ledger that must already
 * exist — a reader never creates an empty SQLite file where the user mistyped a path.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseTimeArgument, TimeArgumentError } from '../ledger/query/history.ts';
import {
  kindOrThrow,
  parseTarget,
  TargetError,
  type KindInfo,
  type LedgerTarget,
} from '../ledger/query/target.ts';
import { DEFAULT_LEDGER_PATH, isPostgresUrl, openLedger } from '../ledger/store/open.ts';
import type { LedgerStore } from '../ledger/store/store.ts';
import { oneLine } from '../report/sanitize.ts';
import { UsageError } from './config-location.ts';
import type { Io } from './main.ts';

export function addDbOption(command: Command): Command {
  return command.option(
    '--db <file|url>',
    `the ledger: a SQLite file or postgres://… (default: ${DEFAULT_LEDGER_PATH})`,
  );
}

/** `--verb get,list --verb watch` → [get, list, watch]. */
export function collectList(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

/** Opens the ledger named by `--db`; a SQLite file that does not exist is a usage error. */
export async function openExistingLedger(db: string | undefined, io: Io): Promise<LedgerStore> {
  const name = db || DEFAULT_LEDGER_PATH;
  if (isPostgresUrl(name)) return openLedger(name);
  const path = resolve(io.cwd, name);
  if (!existsSync(path))
    throw new UsageError(
      `no ledger at ${oneLine(name)}: fill one with \`gatewatch audit FILE… --db ${oneLine(name)}\`, or name it with --db`,
    );
  return openLedger(path);
}

export function timeArgument(flag: string, text: string | undefined, now: number): string | undefined {
  if (text === undefined) return undefined;
  try {
    return parseTimeArgument(flag, text, now);
  } catch (error) {
    if (error instanceof TimeArgumentError) throw new UsageError(error.message);
    throw error;
  }
}

export function targetArgument(text: string, kind: string | undefined): LedgerTarget {
  try {
    return parseTarget(text, kind);
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(error.message);
    throw error;
  }
}

export function kindArgument(kind: string): KindInfo {
  try {
    return kindOrThrow(kind);
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(error.message);
    throw error;
  }
}
