/**
 * An alert: what a detection says about one change, in the JSON contract of spec/accountability.md
 * (`gatewatch audit -o json`, every sink). Strings copied from audit events (names, annotations, user
 * agents) are attacker-controlled: an alert carries them as data, and each formatter escapes them for
 * its medium (see escape.ts).
 */
import type { Severity } from '../../engine/rule.ts';
import type { Json } from '../../model/resource.ts';

export interface AlertActor {
  /** The effective identity: the impersonated user when impersonation was used. */
  readonly username: string;
  readonly groups: readonly string[];
  /** The real requester when the request impersonated `username`; null otherwise. */
  readonly impersonatedBy: string | null;
  readonly sourceIPs: readonly string[];
  readonly userAgent: string | null;
}

export interface AlertObject {
  /** '' for the core group (Secrets, ConfigMaps). */
  readonly apiGroup: string;
  /** Plural resource as the API server names it: `ingresses`, `httproutes`. */
  readonly resource: string;
  readonly kind: string;
  /** null for cluster-scoped objects (IngressClass, ClusterRoleBinding). */
  readonly namespace: string | null;
  /** '' when the request named no object (a list or watch of a collection). */
  readonly name: string;
  /** `status` for a status write; absent for the object itself. */
  readonly subresource?: string;
}

/**
 * What changed: `added` / `removed` list field paths (`spec.tls[0]`, `metadata.annotations["…"]`),
 * `changed` lists `{ path, old, new }`. Detections may add keys of their own (`deniedCount`,
 * `newSourceIPs`); those three keep one meaning everywhere.
 */
export type AlertDetails = Readonly<Record<string, Json>>;

export interface Alert {
  readonly detectionId: string;
  readonly severity: Severity;
  /** When the API server finished the request (the event's stageTimestamp), ISO-8601 as it wrote it. */
  readonly time: string;
  readonly auditID: string;
  readonly verb: string;
  readonly actor: AlertActor;
  readonly object: AlertObject;
  /** One line; data, not markup. */
  readonly summary: string;
  readonly details: AlertDetails;
  /** The change in the ledger (`<auditID>/<stage>`): `gatewatch history` and `investigate` show it. */
  readonly ledgerRef: string;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Most severe first, then by time, then by detection id: the order text and JSON outputs use. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.time < b.time ? -1 : a.time > b.time ? 1 : 0) ||
    (a.detectionId < b.detectionId ? -1 : a.detectionId > b.detectionId ? 1 : 0)
  );
}
