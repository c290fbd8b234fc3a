/**
 * Audit timestamps are `metav1.MicroTime`: RFC 3339 with microseconds in UTC
 * (`2026-11-22T05:55:01.123456Z`). The ledger stores them in exactly that form so that text order is
 * time order, in SQLite and PostgreSQL alike. Pure.
 */

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i;

/** Normalise to `YYYY-MM-DDTHH:MM:SS.ffffffZ`; undefined when the text is not an RFC 3339 time. */
export function normalizeTime(text: string): string | undefined {
  const match = RFC3339.exec(text.trim());
  if (!match) return undefined;
  const [, seconds = '', fraction = '', zone = 'Z'] = match;
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  if (zone.toUpperCase() === 'Z') return `${seconds}.${micros}Z`;
  const utc = new Date(`${seconds}${zone}`);
  if (Number.isNaN(utc.getTime())) return undefined;
  return `${utc.toISOString().slice(0, 19)}.${micros}Z`;
}

/** A Date as the ledger writes times. */
export function ledgerTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}
