/**
 * Where `.gatewatch.yaml` is, and the usage error: what every command needs before it knows whether
 * there is a config to load at all. Loading one (config-file.ts) brings in the YAML parser, the
 * schema and the CEL compiler; a run without a config file need not pay for them.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const CONFIG_FILE_NAME = '.gatewatch.yaml';

export class UsageError extends Error {}

export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    for (const name of [CONFIG_FILE_NAME, '.gatewatch.yml']) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
