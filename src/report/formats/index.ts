/** Output formats of `scan`, by `-o` name. */
import type { Formatter } from '../scan-report.ts';
import { formatText } from './text.ts';
import { formatJson } from './json.ts';
import { formatSarif } from './sarif.ts';
import { formatJunit } from './junit.ts';
import { formatMarkdown } from './markdown.ts';

export const SCAN_FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
} as const satisfies Record<string, Formatter>;

export type ScanFormat = keyof typeof SCAN_FORMATS;

export function isScanFormat(name: string): name is ScanFormat {
  return Object.hasOwn(SCAN_FORMATS, name);
}
