/**
 * The `traffic:` section of `.gatewatch.yaml` (its zod schema, part of the config schema) resolved
 * into the thresholds detections read. Defaults are the ones spec/traffic.md fixes.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../engine/rule.ts';

/** `10m`, `90s`, `1h30m`, `24h`. */
const DURATION = /^(?:\d+(?:ms|s|m|h))+$/;
const duration = z.string().regex(DURATION, 'a duration such as 5m, 90s or 1h30m');
const count = z.number().int().min(1);
const severity = z.enum(SEVERITIES);

const detectionSetting = z.union([
  z.enum(['off', 'on']),
  severity,
  z.object({ enabled: z.boolean().optional(), severity: severity.optional() }).strict(),
]);

export const trafficConfigSchema = z
  .object({
    detections: z
      .record(z.string(), detectionSetting)
      .optional()
      .describe('Per detection id: off, on, a severity, or { enabled, severity }.'),
    errorSpike: z
      .object({
        window: duration.optional().describe('Length of the window evaluated (default 5m).'),
        minRequests: count.optional().describe('Requests a window needs before it is judged (default 20).'),
        minShare: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe('Share of errors above which a window is a spike (default 0.05).'),
        factor: z
          .number()
          .min(1)
          .optional()
          .describe("How many times the trailing baseline's error rate (default 3)."),
        baseline: duration.optional().describe('The trailing baseline before the window (default 1h).'),
      })
      .strict()
      .optional()
      .describe('traffic-5xx-spike and traffic-4xx-spike, per route.'),
    bruteForce: z
      .object({
        count: count.optional().describe('Denied responses from one IP to one host + path (default 10).'),
        window: duration.optional().describe('default 5m'),
        statuses: z
          .array(z.number().int().min(100).max(599))
          .min(1)
          .optional()
          .describe('default [401, 403]'),
      })
      .strict()
      .optional()
      .describe('traffic-brute-force.'),
    scanner: z
      .object({
        distinctNotFound: count.optional().describe('Distinct 404 paths from one IP (default 20).'),
        window: duration.optional().describe('default 5m'),
        userAgents: z
          .array(z.string().min(1))
          .optional()
          .describe('Extra user-agent substrings that identify a scanner (case-insensitive).'),
      })
      .strict()
      .optional()
      .describe('traffic-scanner.'),
    probes: z
      .object({ minCount: count.optional().describe('Matching requests from one IP (default 1).') })
      .strict()
      .optional()
      .describe('traffic-sqli-probe, traffic-xss-probe, traffic-path-traversal.'),
    sensitiveFiles: z
      .object({
        minCount: count.optional().describe('Requests from one IP (default 1).'),
        paths: z
          .array(z.string().min(1))
          .optional()
          .describe('Extra path segments or *.suffixes that only a probe requests.'),
      })
      .strict()
      .optional()
      .describe('traffic-sensitive-file-probe.'),
    slowProbe: z
      .object({
        distinctPaths: count.optional().describe('Distinct sensitive paths from one IP (default 15).'),
        window: duration.optional().describe('default 24h'),
        minSpan: duration
          .optional()
          .describe('The probes must spread over at least this long to count as slow (default 1h).'),
      })
      .strict()
      .optional()
      .describe('traffic-slow-probe.'),
    unknownHost: z
      .object({ minCount: count.optional().describe('Requests per host (default 1).') })
      .strict()
      .optional()
      .describe('traffic-unknown-host.'),
    ignoreClients: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Client IPs whose requests detections skip (health checks, your own scanners); stats keep them.',
      ),
  })
  .strict();

export type TrafficConfig = z.infer<typeof trafficConfigSchema>;

export interface TrafficSettings {
  readonly errorSpike: {
    readonly windowMs: number;
    readonly minRequests: number;
    readonly minShare: number;
    readonly factor: number;
    readonly baselineMs: number;
  };
  readonly bruteForce: {
    readonly count: number;
    readonly windowMs: number;
    readonly statuses: readonly number[];
  };
  readonly scanner: {
    readonly distinctNotFound: number;
    readonly windowMs: number;
    readonly userAgents: readonly string[];
  };
  readonly probes: { readonly minCount: number };
  readonly sensitiveFiles: { readonly minCount: number; readonly paths: readonly string[] };
  readonly slowProbe: {
    readonly distinctPaths: number;
    readonly windowMs: number;
    readonly minSpanMs: number;
  };
  readonly unknownHost: { readonly minCount: number };
  readonly ignoreClients: ReadonlySet<string>;
  /** Per detection id: whether it runs and its severity override. */
  readonly detections: ReadonlyMap<
    string,
    { readonly enabled: boolean; readonly severity: Severity | undefined }
  >;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function durationMs(text: string): number {
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h)/g))
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  return total;
}

/** `300000` → `5m`; `86400000` → `24h`. */
export function durationText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${String(ms / 3_600_000)}h`;
  if (ms % 60_000 === 0) return `${String(ms / 60_000)}m`;
  if (ms % 1000 === 0) return `${String(ms / 1000)}s`;
  return `${String(ms)}ms`;
}

export const DEFAULT_TRAFFIC = {
  errorSpike: { window: '5m', minRequests: 20, minShare: 0.05, factor: 3, baseline: '1h' },
  bruteForce: { count: 10, window: '5m', statuses: [401, 403] },
  scanner: { distinctNotFound: 20, window: '5m' },
  probes: { minCount: 1 },
  sensitiveFiles: { minCount: 1 },
  slowProbe: { distinctPaths: 15, window: '24h', minSpan: '1h' },
  unknownHost: { minCount: 1 },
} as const;

export class TrafficConfigError extends Error {}

/** The settings of a config section; `knownIds` checks the ids under `detections`. */
export function resolveTrafficSettings(
  config: TrafficConfig | undefined,
  knownIds: readonly string[],
): TrafficSettings {
  const d = DEFAULT_TRAFFIC;
  const detections = new Map<string, { enabled: boolean; severity: Severity | undefined }>();
  for (const [id, setting] of Object.entries(config?.detections ?? {})) {
    if (!knownIds.includes(id))
      throw new TrafficConfigError(`traffic.detections: unknown detection id ${id} (see docs/traffic/)`);
    if (setting === 'off') detections.set(id, { enabled: false, severity: undefined });
    else if (setting === 'on') detections.set(id, { enabled: true, severity: undefined });
    else if (typeof setting === 'string') detections.set(id, { enabled: true, severity: setting });
    else detections.set(id, { enabled: setting.enabled ?? true, severity: setting.severity });
  }
  const spike = config?.errorSpike;
  return {
    errorSpike: {
      windowMs: durationMs(spike?.window ?? d.errorSpike.window),
      minRequests: spike?.minRequests ?? d.errorSpike.minRequests,
      minShare: spike?.minShare ?? d.errorSpike.minShare,
      factor: spike?.factor ?? d.errorSpike.factor,
      baselineMs: durationMs(spike?.baseline ?? d.errorSpike.baseline),
    },
    bruteForce: {
      count: config?.bruteForce?.count ?? d.bruteForce.count,
      windowMs: durationMs(config?.bruteForce?.window ?? d.bruteForce.window),
      statuses: config?.bruteForce?.statuses ?? d.bruteForce.statuses,
    },
    scanner: {
      distinctNotFound: config?.scanner?.distinctNotFound ?? d.scanner.distinctNotFound,
      windowMs: durationMs(config?.scanner?.window ?? d.scanner.window),
      userAgents: config?.scanner?.userAgents ?? [],
    },
    probes: { minCount: config?.probes?.minCount ?? d.probes.minCount },
    sensitiveFiles: {
      minCount: config?.sensitiveFiles?.minCount ?? d.sensitiveFiles.minCount,
      paths: config?.sensitiveFiles?.paths ?? [],
    },
    slowProbe: {
      distinctPaths: config?.slowProbe?.distinctPaths ?? d.slowProbe.distinctPaths,
      windowMs: durationMs(config?.slowProbe?.window ?? d.slowProbe.window),
      minSpanMs: durationMs(config?.slowProbe?.minSpan ?? d.slowProbe.minSpan),
    },
    unknownHost: { minCount: config?.unknownHost?.minCount ?? d.unknownHost.minCount },
    ignoreClients: new Set(config?.ignoreClients ?? []),
    detections,
  };
}
