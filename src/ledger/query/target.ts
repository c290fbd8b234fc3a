/**
 * `NAMESPACE/NAME` (or `NAME` for cluster-scoped kinds) with `--kind K`: the ledger object a command is
 * about. One kind can live under several API groups (Ingress: `networking.k8s.io` and the old
 * `extensions`); the ledger keys objects by group, so a target names every key it may have. Pure.
 */
import { TRACKED_RESOURCES } from '../tracked.ts';
import type { ObjectKey } from '../types.ts';

export interface KindInfo {
  readonly kind: string;
  /** Plural resource as in the URL. */
  readonly resource: string;
  /** The groups the ledger may hold it under, preferred first. */
  readonly apiGroups: readonly string[];
  readonly namespaced: boolean;
}

export interface LedgerTarget extends KindInfo {
  /** null for cluster-scoped kinds. */
  readonly namespace: string | null;
  readonly name: string;
}

export class TargetError extends Error {}

const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'ingressclasses',
  'gatewayclasses',
  'clusterroles',
  'clusterrolebindings',
]);

/** Every kind the ledger holds: the tracked resources, and the TLS Secrets and controller ConfigMaps. */
export const LEDGER_KINDS: readonly KindInfo[] = [
  ...Object.entries(TRACKED_RESOURCES).map(([resource, info]) => ({
    kind: info.kind,
    resource,
    apiGroups: info.groups,
    namespaced: !CLUSTER_SCOPED.has(resource),
  })),
  { kind: 'Secret', resource: 'secrets', apiGroups: [''], namespaced: true },
  { kind: 'ConfigMap', resource: 'configmaps', apiGroups: [''], namespaced: true },
];

const SHORT_NAMES: Readonly<Record<string, string>> = {
  ing: 'ingresses',
  netpol: 'networkpolicies',
  cm: 'configmaps',
  gtw: 'gateways',
};

/** A kind by name (`Ingress`), plural (`ingresses`) or kubectl short name (`ing`), any case. */
export function findKind(text: string): KindInfo | undefined {
  const wanted = text.trim().toLowerCase();
  const plural = SHORT_NAMES[wanted] ?? wanted;
  return LEDGER_KINDS.find(
    (info) =>
      info.kind.toLowerCase() === wanted ||
      info.resource === plural ||
      `${info.kind.toLowerCase()}s` === wanted,
  );
}

export function kindOrThrow(text: string): KindInfo {
  const info = findKind(text);
  if (info === undefined)
    throw new TargetError(`--kind ${text}: the ledger holds ${LEDGER_KINDS.map((k) => k.kind).join(', ')}`);
  return info;
}

const NAME = /^[^/\s]+$/;

/** `shop/web` with kind Ingress; `nginx` with kind IngressClass. */
export function parseTarget(text: string, kind = 'Ingress'): LedgerTarget {
  const info = kindOrThrow(kind);
  const parts = text.split('/');
  if (info.namespaced) {
    const [namespace = '', name = ''] = parts;
    if (parts.length !== 2 || !NAME.test(namespace) || !NAME.test(name))
      throw new TargetError(`"${text}" is not NAMESPACE/NAME (a ${info.kind} is namespaced)`);
    return { ...info, namespace, name };
  }
  const name = parts.length === 1 ? (parts[0] ?? '') : '';
  if (!NAME.test(name)) throw new TargetError(`"${text}" is not a NAME (a ${info.kind} is cluster-scoped)`);
  return { ...info, namespace: null, name };
}

/** The ledger keys the target may be stored under, one per API group. */
export function targetKeys(target: LedgerTarget): ObjectKey[] {
  return target.apiGroups.map((apiGroup) => ({
    apiGroup,
    resource: target.resource,
    namespace: target.namespace,
    name: target.name,
  }));
}

/** `Ingress shop/web`, `IngressClass nginx`. */
export function describeTarget(target: Pick<LedgerTarget, 'kind' | 'namespace' | 'name'>): string {
  return `${target.kind} ${target.namespace === null ? '' : `${target.namespace}/`}${target.name}`;
}
