/**
 * New and resolved findings as alerts, in the one Alert shape every accountability sink takes
 * (ledger/alerts/alert.ts), so `watch` and `audit` feed the same stdout/file/webhook/Slack sinks.
 * The shape (docs/watch.md "Alerts"):
 *
 * - `detectionId`: `finding-new` or `finding-resolved` — two stable ids for every rule;
 * - `severity`: the finding's; `time`: when the review ran (ISO-8601);
 * - `auditID`: `watch:<kind>:<resourceVersion>` of the change that led to the review ('' for a resync);
 * - `verb`: the change: `added`, `modified`, `deleted`, `relisted` or `resync`;
 * - `actor`: empty (a watch does not know who changed the object: the audit webhook does);
 * - `object`: the object the finding is about;
 * - `summary`: `New: <rule-id>: <message>` / `Resolved: <rule-id>: <message>` — data, not markup;
 * - `details`: `{ state, ruleId, path, messageId, data, fingerprint, cause }` where `cause` is the
 *   changed object `{ kind, namespace, name }`;
 * - `ledgerRef`: '' (the finding is not a ledger change).
 */
import type { Alert } from '../ledger/alerts/alert.ts';
import { fingerprint, type Finding } from '../engine/finding.ts';
import type { AnyRule } from '../engine/rule.ts';
import type { Json } from '../model/resource.ts';
import { messageOf } from '../report/message.ts';

export const FINDING_NEW = 'finding-new';
export const FINDING_RESOLVED = 'finding-resolved';

export type ChangeVerb = 'added' | 'modified' | 'deleted' | 'relisted' | 'resync';

export interface AlertCause {
  readonly verb: ChangeVerb;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly resourceVersion: string;
}

export interface FindingAlertContext {
  readonly time: string;
  readonly cause: AlertCause | undefined;
  /** kind → plural resource name and API group, as discovery found them. */
  readonly resources: ReadonlyMap<string, { readonly resource: string; readonly group: string }>;
  readonly lookup: (id: string) => AnyRule | undefined;
}

export function findingAlert(
  finding: Finding,
  state: 'new' | 'resolved',
  context: FindingAlertContext,
): Alert {
  const { object } = finding;
  const served = context.resources.get(object.kind);
  const group =
    served?.group ?? (object.apiVersion.includes('/') ? (object.apiVersion.split('/')[0] ?? '') : '');
  const cause = context.cause;
  const data: Record<string, Json> = { ...finding.data };
  return {
    detectionId: state === 'new' ? FINDING_NEW : FINDING_RESOLVED,
    severity: finding.severity,
    time: context.time,
    auditID: cause && cause.resourceVersion !== '' ? `watch:${cause.kind}:${cause.resourceVersion}` : '',
    verb: cause?.verb ?? 'resync',
    actor: { username: '', groups: [], impersonatedBy: null, sourceIPs: [], userAgent: null },
    object: {
      apiGroup: group,
      resource: served?.resource ?? `${object.kind.toLowerCase()}s`,
      kind: object.kind,
      namespace: object.namespace === '' ? null : object.namespace,
      name: object.name,
    },
    summary: `${state === 'new' ? 'New' : 'Resolved'}: ${finding.ruleId}: ${messageOf(finding, context.lookup)}`,
    details: {
      state,
      ruleId: finding.ruleId,
      path: finding.path,
      messageId: finding.messageId,
      data,
      fingerprint: fingerprint(finding),
      cause: cause ? { kind: cause.kind, namespace: cause.namespace, name: cause.name } : null,
    },
    ledgerRef: '',
  };
}
