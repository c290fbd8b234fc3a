/**
 * `.gatewatch.yaml`: its schema (zod; exported as JSON Schema for editors by scripts/generate.ts),
 * and resolution against the rule registry and CLI flags into what the engine runs.
 */
import { z } from 'zod';
import { SEVERITIES, type AnyRule, type Preset, type Severity } from './rule.ts';
import { CONTROLLER_TYPES, type ControllerType } from '../model/controllers.ts';
import { trafficConfigSchema } from '../traffic/settings.ts';
import { policySchema } from '../policies/schema.ts';
import { policyRules } from '../policies/custom-rules.ts';
import { ConfigError } from './config-error.ts';

const severity = z.enum(SEVERITIES);

const ruleSetting = z.union([
  z.enum(['off', 'on']),
  severity,
  z
    .object({
      enabled: z.boolean().optional(),
      severity: severity.optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);

const exemption = z
  .object({
    rules: z.array(z.string()).min(1).describe('Rule ids, or "*" for every rule.'),
    namespaces: z.array(z.string()).optional().describe('Namespaces (globs allowed); all when absent.'),
    names: z
      .array(z.string())
      .optional()
      .describe('Object names: a prefix, or a glob with * and ?; all when absent.'),
    kinds: z.array(z.string()).optional(),
    reason: z.string().trim().min(1, 'an exemption needs a reason'),
  })
  .strict();

/** `10m`, `90s`, `1h30m`: Go-style durations as Kubernetes users write them. */
export const DURATION_PATTERN = /^(?:\d+(?:ms|s|m|h))+$/;

/** The `accountability:` section (spec/accountability.md fixes these names). */
export const accountabilitySchema = z
  .object({
    allowedActors: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'change-unexpected-actor: the only identities that may change ingress objects (globs with * allowed). Unset: the detection is off.',
      ),
    controllerIdentities: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'ingress-status-written, tls-secret-read: the ingress controllers (and certificate managers) expected to write status and read TLS Secrets (globs with * allowed).',
      ),
    systemNamespaces: z
      .array(z.string().min(1))
      .optional()
      .describe('ingress-in-system-namespace: namespaces where no Ingress belongs (globs with * allowed).'),
    deniedBurst: z
      .object({
        count: z.number().int().min(1).optional(),
        window: z.string().regex(DURATION_PATTERN, 'a duration such as 10m, 90s or 1h30m').optional(),
      })
      .strict()
      .optional()
      .describe('change-denied-burst: this many denied ingress writes by one actor within the window.'),
  })
  .strict();

export type AccountabilityConfig = z.infer<typeof accountabilitySchema>;

/** A JSON pointer (RFC 6901) into an object; `*` as a whole segment matches any key or index. */
const JSON_POINTER = /^(?:\/(?:[^~]|~[01])*)*$/;

/** `drift.ignore[]`: differences `gatewatch drift` does not report (docs/drift.md). */
export const driftIgnoreSchema = z
  .object({
    kinds: z.array(z.string().min(1)).optional().describe('Kinds (exact); all when absent.'),
    namespaces: z.array(z.string()).optional().describe('Namespaces (globs allowed); all when absent.'),
    names: z
      .array(z.string())
      .optional()
      .describe('Object names: a prefix, or a glob with * and ?; all when absent.'),
    paths: z
      .array(z.string().regex(JSON_POINTER, 'a JSON pointer such as /metadata/annotations/team'))
      .optional()
      .describe(
        'JSON pointers of the fields to ignore (and everything under them; a "*" segment matches any key or index). Absent: the whole object is ignored (missing, unmanaged or changed).',
      ),
    reason: z.string().trim().min(1, 'an ignore rule needs a reason'),
  })
  .strict();

export const driftSchema = z
  .object({
    ignore: z.array(driftIgnoreSchema).optional(),
  })
  .strict();

export type DriftIgnoreRule = z.infer<typeof driftIgnoreSchema>;

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    preset: z.enum(['recommended', 'strict']).optional(),
    failOn: z.enum(['error', 'warning', 'info', 'none']).optional(),
    controller: z
      .enum(CONTROLLER_TYPES)
      .optional()
      .describe('Controller assumed when an Ingress does not say.'),
    rules: z.record(z.string(), ruleSetting).optional(),
    exemptions: z.array(exemption).optional(),
    accountability: accountabilitySchema.optional(),
    traffic: trafficConfigSchema
      .optional()
      .describe('gatewatch traffic: detection thresholds and overrides (spec/traffic.md).'),
    policies: z
      .array(policySchema)
      .optional()
      .describe('Custom rules in CEL, as ValidatingAdmissionPolicy writes them (docs/policies.md).'),
    drift: driftSchema.optional().describe('gatewatch drift: what the comparison with the baseline ignores.'),
  })
  .strict();

export type ConfigFile = z.infer<typeof configSchema>;
export type Exemption = z.infer<typeof exemption>;
export type FailOn = Severity | 'none';

export interface ConfigFlags {
  readonly preset?: Preset;
  readonly enable?: readonly string[];
  readonly disable?: readonly string[];
  readonly failOn?: FailOn;
  readonly controller?: ControllerType;
}

export interface ResolvedRule {
  readonly rule: AnyRule;
  /** From the config; wins over the rule's default and over a per-finding severity. */
  readonly severityOverride: Severity | undefined;
  readonly options: unknown;
}

export interface ResolvedConfig {
  readonly rules: readonly ResolvedRule[];
  readonly exemptions: readonly Exemption[];
  readonly failOn: FailOn;
  readonly controller: ControllerType | undefined;
  /** Where the config came from, for messages; undefined when none was used. */
  readonly file: string | undefined;
  /** The config's `policies:` as rules, enabled or not: for looking up the rule of a finding. */
  readonly customRules?: readonly AnyRule[];
}

export { ConfigError };

export function resolveConfig(
  registry: readonly AnyRule[],
  config: ConfigFile,
  flags: ConfigFlags,
  file?: string,
): ResolvedConfig {
  // Config policies are rules from here on: `rules:`, --enable/--disable and exemptions may name them.
  const custom = policyRules(config.policies ?? [], new Set(registry.map((rule) => rule.id)));
  if (!custom.ok) throw new ConfigError(custom.error);
  const rules = [...registry, ...custom.rules];
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  const unknownIds = [
    ...Object.keys(config.rules ?? {}),
    ...(flags.enable ?? []),
    ...(flags.disable ?? []),
  ].filter((id) => !known.has(id));
  for (const exempt of config.exemptions ?? [])
    unknownIds.push(...exempt.rules.filter((id) => id !== '*' && !known.has(id)));
  if (unknownIds.length > 0) {
    throw new ConfigError(
      `unknown rule id${unknownIds.length > 1 ? 's' : ''}: ${[...new Set(unknownIds)].join(', ')} (see \`gatewatch rules\`)`,
    );
  }
  const preset = flags.preset ?? config.preset ?? 'recommended';
  const resolved: ResolvedRule[] = [];
  for (const rule of rules) {
    const setting = config.rules?.[rule.id];
    let enabled = preset === 'strict' || rule.preset === 'recommended';
    let severityOverride: Severity | undefined;
    let rawOptions: unknown = {};
    if (setting === 'off') enabled = false;
    else if (setting === 'on') enabled = true;
    else if (typeof setting === 'string') {
      enabled = true;
      severityOverride = setting;
    } else if (setting) {
      enabled = setting.enabled ?? true;
      severityOverride = setting.severity;
      rawOptions = setting.options ?? {};
    }
    if (flags.enable?.includes(rule.id)) enabled = true;
    if (flags.disable?.includes(rule.id)) enabled = false;
    if (!enabled) continue;
    let options: unknown = undefined;
    if (rule.options) {
      const parsed = rule.options.safeParse(rawOptions);
      if (!parsed.success)
        throw new ConfigError(`options of rule ${rule.id}: ${z.prettifyError(parsed.error)}`);
      options = parsed.data;
    } else if (Object.keys(rawOptions as object).length > 0) {
      throw new ConfigError(`rule ${rule.id} takes no options`);
    }
    resolved.push({ rule, severityOverride, options });
  }
  return {
    rules: resolved,
    exemptions: config.exemptions ?? [],
    failOn: flags.failOn ?? config.failOn ?? 'error',
    controller: flags.controller ?? config.controller,
    file,
    customRules: custom.rules,
  };
}

export function parseConfig(value: unknown): ConfigFile {
  const parsed = configSchema.safeParse(value ?? {});
  if (!parsed.success) throw new ConfigError(z.prettifyError(parsed.error));
  return parsed.data;
}
