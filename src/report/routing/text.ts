/**
 * Aligned, optionally coloured text for the routing commands. Every string that comes from a manifest
 * goes through `oneLine` before it is measured or painted: a host, path or annotation cannot move the
 * cursor, recolour the terminal or break a line.
 */
import { styleText } from 'node:util';
import { oneLine } from '../sanitize.ts';

export type Style = Parameters<typeof styleText>[0];
export type Paint = (style: Style, text: string) => string;

export function painter(color: boolean): Paint {
  return (style, text) => (color ? styleText(style, text, { validateStream: false }) : text);
}

/** A table cell: plain text (already safe, see `safe`) and how to paint it once padded. */
export interface Cell {
  readonly text: string;
  readonly style?: Style;
}

export type Line = { readonly heading: string } | { readonly cells: readonly Cell[] };

/** Manifest text made safe for a terminal: no control characters, one line. */
export function safe(value: string): string {
  return oneLine(value);
}

/**
 * Rows aligned in columns (widths over every row, headings interleaved); the last cell of a row is not
 * padded, so lines carry no trailing spaces.
 */
export function renderLines(lines: readonly Line[], paint: Paint, indent = '  '): string[] {
  const widths: number[] = [];
  for (const line of lines) {
    if (!('cells' in line)) continue;
    line.cells.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.text.length);
    });
  }
  return lines.map((line) => {
    if (!('cells' in line)) return line.heading;
    const last = line.cells.length - 1;
    const cells = line.cells.map((cell, column) => {
      const text = column === last ? cell.text : cell.text.padEnd(widths[column] ?? 0);
      return cell.style && cell.text !== '' ? paint(cell.style, text) : text;
    });
    return (indent + cells.join('  ')).trimEnd();
  });
}

/** `namespace/name`, or the name alone for cluster-scoped objects. */
export function qualified(namespace: string, name: string): string {
  return safe(namespace === '' ? name : `${namespace}/${name}`);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}
