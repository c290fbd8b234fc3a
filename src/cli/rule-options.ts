/**
 * The rule-selection flags shared by every command that runs the rules (`scan`, `report`): the config
 * file, --fail-on, --enable/--disable and --preset, and their resolution against the registry.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { resolveConfig, type FailOn, type ResolvedConfig } from '../engine/config.ts';
import type { ControllerType } from '../model/controllers.ts';
import type { ObjectRef } from '../model/resource.ts';
import { RULES } from '../rules/index.ts';
import { CONFIG_FILE_NAME, loadConfig } from './config-file.ts';
import type { Io } from './main.ts';

export interface RuleFlags {
  config?: string;
  failOn?: FailOn;
  enable: string[];
  disable: string[];
  preset?: 'recommended' | 'strict';
  controller?: ControllerType;
}

export function addRuleOptions(command: Command): Command {
  return (
    command
      .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} found upward)`)
      .addOption(
        new Option('--fail-on <severity>', 'lowest severity that fails the run (default: error)').choices([
          'error',
          'warning',
          'info',
          'none',
        ]),
      )
      // Comma-separated and repeatable, not variadic: a variadic flag swallows the paths that follow it.
      .option('--enable <ids>', 'enable rules by id (comma-separated, repeatable)', collectIds, [])
      .option('--disable <ids>', 'disable rules by id (comma-separated, repeatable)', collectIds, [])
      .addOption(
        new Option('--preset <preset>', 'rule preset (default: recommended)').choices([
          'recommended',
          'strict',
        ]),
      )
  );
}

export interface RuleConfig {
  readonly config: ResolvedConfig;
  /** Where the config file's exemptions are, for unused-exemption findings; absent without a file. */
  readonly configObject?: { readonly ref: ObjectRef; readonly location: { file: string; line: number } };
}

/** The config file (named, or found upward from io.cwd) and the flags, resolved against the registry. */
export function readRuleConfig(flags: RuleFlags, io: Io): RuleConfig {
  const loaded = loadConfig(flags.config === undefined ? undefined : resolve(io.cwd, flags.config), io.cwd);
  const config = resolveConfig(
    RULES,
    loaded.config,
    {
      ...(flags.preset ? { preset: flags.preset } : {}),
      enable: flags.enable,
      disable: flags.disable,
      ...(flags.failOn ? { failOn: flags.failOn } : {}),
      ...(flags.controller ? { controller: flags.controller } : {}),
    },
    loaded.file,
  );
  if (!loaded.file) return { config };
  return {
    config,
    configObject: {
      ref: { apiVersion: 'gatewatch.dev/v1', kind: 'Config', namespace: '', name: loaded.file },
      location: { file: displayPath(loaded.file, io.cwd), line: loaded.lineOf('exemptions') ?? 1 },
    },
  };
}

/** `--enable a,b --enable c` → [a, b, c]. */
function collectIds(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  ];
}

/** Paths in output are relative to the working directory, like the inputs' (portable across machines). */
function displayPath(file: string, cwd: string): string {
  const shown = relative(cwd, file);
  return shown === '' || isAbsolute(shown) ? file : shown;
}
