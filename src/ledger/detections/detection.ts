/**
 * A detection is data plus one pure function, like a rule (src/engine/rule.ts): metadata that docs,
 * config and outputs read, and `detect(change, context)`, which returns the alerts one change raises.
 * Whatever a detection needs beyond the change itself (what the ledger knows of the actor, recent
 * denials, which Secrets serve TLS, the Role a binding grants) the runner (runner.ts) looks up first
 * and hands over in the context, so detections stay synchronous, pure and testable one by one.
 */
import type { Severity } from '../../engine/rule.ts';
import type { Change, ChangeContext, JsonObject } from '../types.ts';
import type { Alert, AlertDetails } from '../alerts/alert.ts';
import type { AccountabilitySettings } from './settings.ts';

export interface DetectionDocs {
  /** One sentence: what the alert means. */
  readonly summary: string;
  /** Why it matters and what to check first (one or two sentences). */
  readonly investigate: string;
  readonly references: readonly string[];
}

/** What a detection looks at: the runner calls it only for changes on these resources. */
export type Subject =
  | 'ingresses'
  | 'ingresses/status'
  | 'gateway-api'
  | 'ingress-related'
  | 'tracked'
  | 'secrets'
  | 'rbac'
  | 'configmaps';

/** A Secret that serves TLS for an Ingress or a Gateway listener, as the ledger's latest states say. */
export interface TlsSecretUse {
  readonly namespace: string;
  readonly secret: string;
  /** `Ingress shop/web`, `Gateway infra/public`. */
  readonly users: readonly string[];
}

/** A Role or ClusterRole as the ledger (or Kubernetes' built-in defaults) knows it. */
export interface RoleRules {
  readonly kind: 'Role' | 'ClusterRole';
  readonly namespace: string | null;
  readonly name: string;
  readonly rules: readonly JsonObject[];
  readonly source: 'ledger' | 'built-in';
}

export interface DetectionFacts {
  readonly settings: AccountabilitySettings;
  /** What the ledger knew of this actor before this change. */
  readonly actorBefore: ChangeContext['actorBefore'];
  /**
   * For a denied write on an ingress-related object: the actor's denied ingress writes in the
   * configured window ending with this one, this one included. 0 for every other change.
   */
  readonly deniedInWindow: number;
  /** For a read of Secrets: the TLS Secrets the read returned. Empty for every other change. */
  readonly tlsSecretsRead: readonly TlsSecretUse[];
  /** For a RoleBinding/ClusterRoleBinding write: the role it refers to, when known. */
  readonly boundRole: RoleRules | undefined;
}

export interface AlertDraft {
  readonly summary: string;
  readonly details?: AlertDetails;
  /** A stronger or weaker severity than the detection's default, for this case, as the spec defines. */
  readonly severity?: Severity;
}

export interface DetectionContext extends DetectionFacts {
  /** Builds the alert for this detection and change: id, severity, time, actor, object and ledger ref. */
  readonly alert: (draft: AlertDraft) => Alert;
}

export interface DetectionDefinition {
  /** = file name = docs slug; public (config, suppressions, outside checks use it). */
  readonly id: string;
  readonly severity: Severity;
  readonly subject: Subject;
  readonly docs: DetectionDocs;
  detect(change: Change, context: DetectionContext): readonly Alert[];
}

export function defineDetection(detection: DetectionDefinition): DetectionDefinition {
  return detection;
}

/** The alert for `change` in the JSON contract of spec/accountability.md. */
export function buildAlert(detection: DetectionDefinition, change: Change, draft: AlertDraft): Alert {
  const { actor, object } = change;
  return {
    detectionId: detection.id,
    severity: draft.severity ?? detection.severity,
    time: change.time,
    auditID: change.auditID,
    verb: change.verb,
    actor: {
      username: actor.username,
      groups: actor.groups,
      impersonatedBy: actor.impersonatedBy,
      sourceIPs: actor.sourceIPs,
      userAgent: actor.userAgent,
    },
    object: {
      apiGroup: object.apiGroup,
      resource: object.resource,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name,
      ...(object.subresource ? { subresource: object.subresource } : {}),
    },
    summary: draft.summary,
    details: draft.details ?? {},
    ledgerRef: change.ref,
  };
}
