/** Finds and loads `.gatewatch.yaml`; errors name the file and line. */
import { readFileSync } from 'node:fs';
import { parseDocument, LineCounter } from 'yaml';
import { z } from 'zod';
import { configSchema, type ConfigFile } from '../engine/config.ts';
import { DocumentLocator } from '../sources/files/locator.ts';
import { formatPath } from '../model/field-path.ts';
import { CONFIG_FILE_NAME, findConfigFile, UsageError } from './config-location.ts';

export { CONFIG_FILE_NAME, findConfigFile, UsageError };

export interface LoadedConfig {
  readonly config: ConfigFile;
  readonly file: string | undefined;
  /** Line of a config path such as `exemptions[2]`. */
  readonly lineOf: (path: string) => number | undefined;
}

export function loadConfig(explicit: string | undefined, cwd: string): LoadedConfig {
  const file = explicit ?? findConfigFile(cwd);
  if (!file) return { config: {}, file: undefined, lineOf: () => undefined };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the config file`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const firstError = document.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line ?? 1;
    throw new UsageError(`${file}:${line}: invalid YAML: ${firstError.message.split('\n')[0] ?? ''}`);
  }
  const locator = new DocumentLocator(text, 1);
  const parsed = configSchema.safeParse(document.toJS({ maxAliasCount: 100 }) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue
      ? formatPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'))
      : '';
    const line = locator.locate([], path) ?? 1;
    throw new UsageError(
      `${file}:${line}: invalid config: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`,
    );
  }
  return { config: parsed.data, file, lineOf: (path) => locator.locate([], path) };
}
