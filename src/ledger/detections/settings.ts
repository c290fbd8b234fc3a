/**
 * The `accountability:` section of `.gatewatch.yaml` resolved into what detections read, with the
 * defaults spec/accountability.md shows. Identities and namespaces may be globs (`*` matches any run of
 * characters, including `:`), so `system:serviceaccount:argocd:*` covers every Argo CD component.
 */
import type { AccountabilityConfig } from '../../engine/config.ts';

export interface AccountabilitySettings {
  /** undefined: no allowlist configured, change-unexpected-actor stays silent. */
  readonly allowedActors: readonly string[] | undefined;
  readonly controllerIdentities: readonly string[];
  readonly systemNamespaces: readonly string[];
  readonly deniedBurst: { readonly count: number; readonly windowMs: number };
}

/**
 * Ingress controllers that write Ingress status and read TLS Secrets by design, under the service
 * accounts their official charts/manifests create, and cert-manager, which writes and reads the TLS
 * Secrets it issues.
 */
export const DEFAULT_CONTROLLER_IDENTITIES: readonly string[] = [
  'system:serviceaccount:ingress-nginx:ingress-nginx',
  'system:serviceaccount:kube-system:traefik',
  'system:serviceaccount:traefik:traefik',
  'system:serviceaccount:haproxy-controller:haproxy-kubernetes-ingress',
  'system:serviceaccount:cert-manager:cert-manager',
];

export const DEFAULT_SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'ingress-nginx'];
export const DEFAULT_DENIED_BURST = { count: 5, window: '10m' } as const;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `10m` → 600000; `1h30m` → 5400000. The config schema has already checked the form. */
export function parseDuration(text: string): number {
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h)/g))
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  return total;
}

export function resolveAccountability(config: AccountabilityConfig | undefined): AccountabilitySettings {
  return {
    allowedActors: config?.allowedActors,
    controllerIdentities: config?.controllerIdentities ?? DEFAULT_CONTROLLER_IDENTITIES,
    systemNamespaces: config?.systemNamespaces ?? DEFAULT_SYSTEM_NAMESPACES,
    deniedBurst: {
      count: config?.deniedBurst?.count ?? DEFAULT_DENIED_BURST.count,
      windowMs: parseDuration(config?.deniedBurst?.window ?? DEFAULT_DENIED_BURST.window),
    },
  };
}

const globCache = new Map<string, RegExp>();

function globRegExp(pattern: string): RegExp {
  let regexp = globCache.get(pattern);
  if (!regexp) {
    const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    regexp = new RegExp(`^${source.join('.*')}$`);
    globCache.set(pattern, regexp);
  }
  return regexp;
}

/** Whether `value` matches one of the patterns (exact, or a glob with `*`). */
export function matchesAny(value: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.includes('*') ? globRegExp(pattern).test(value) : pattern === value,
  );
}
