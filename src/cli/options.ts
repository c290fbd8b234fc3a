/** Small parsers for flags shared by commands. */
import { UsageError } from './config-location.ts';
import type { Io } from './main.ts';

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseNow(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new UsageError(`--now: "${value}" is not an ISO-8601 time`);
  return time;
}

/** Colour on a terminal unless NO_COLOR (any value) or --no-color; never into a file. */
export function useColor(io: Io, flag: boolean, toFile: boolean): boolean {
  if (!flag || toFile) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTty;
}
