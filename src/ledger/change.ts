/**
 * One audit event → one ledger Change (spec/accountability.md "What is tracked"). Pure: the
 * previous version comes from the caller (the ledger), the clock from the event.
 *
 * - The new state is the `responseObject` of a successful create/update/patch, never the request
 *   body: for `patch` the request body is the patch (kept apart in `patch`).
 * - Secrets keep metadata only: no `data`, no `stringData`, no last-applied annotation (it holds
 *   the data too), no patch body.
 * - At `Metadata` level there is no body: the change is recorded with `bodyless: true`.
 */
import type { AuditEvent, AuditUserInfo } from '../sources/audit/event.ts';
import { diffObjects } from './diff.ts';
import { normalizeTime } from './time.ts';
import { kindOfResource } from './tracked.ts';
import {
  changeRef,
  WRITE_VERBS,
  type Actor,
  type AuditLevel,
  type AuditStage,
  type Change,
  type Json,
  type JsonObject,
  type ObjectRef,
  type Outcome,
} from './types.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const DECISION = 'authorization.k8s.io/decision';
const REASON = 'authorization.k8s.io/reason';
const VALIDATION_FAILURE = 'validation.policy.admission.k8s.io/validation_failure';
const LEVELS: ReadonlySet<string> = new Set(['None', 'Metadata', 'Request', 'RequestResponse']);

const WEBHOOK_DENIAL = /admission webhook "([^"]+)" denied the request/;
const POLICY_DENIAL = /ValidatingAdmissionPolicy '([^']+)'(?: with binding '[^']+')? denied request/;

function asRecord(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

function metadataOf(body: unknown): JsonObject | null {
  return asRecord(asRecord(body)?.metadata);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** A body that describes the object (not a Status, not a patch). */
function objectBody(value: unknown): JsonObject | null {
  const body = asRecord(value);
  if (body === null || body.kind === 'Status') return null;
  return body;
}

/** The object the event is about; name and namespace fall back to the body (create has no name). */
export function objectRefOf(event: AuditEvent): ObjectRef {
  const ref = event.objectRef ?? {};
  const resource = ref.resource ?? '';
  const body =
    objectBody(event.responseObject) ?? (event.verb === 'patch' ? null : objectBody(event.requestObject));
  const metadata = metadataOf(body);
  const namespace = ref.namespace ?? (typeof metadata?.namespace === 'string' ? metadata.namespace : null);
  return {
    apiGroup: ref.apiGroup ?? '',
    apiVersion: ref.apiVersion ?? '',
    resource,
    subresource: ref.subresource ?? null,
    kind: kindOfResource(resource) ?? stringOr(body?.kind, resource),
    namespace: namespace === '' ? null : namespace,
    name: ref.name ?? stringOr(metadata?.name, ''),
  };
}

function actorOf(event: AuditEvent): Actor {
  const real: AuditUserInfo = event.user ?? {};
  const impersonated = event.impersonatedUser;
  const effective = impersonated ?? real;
  return {
    username: effective.username ?? '',
    uid: effective.uid ?? null,
    groups: [...(effective.groups ?? [])],
    impersonatedBy: impersonated ? (real.username ?? '') : null,
    sourceIPs: [...(event.sourceIPs ?? [])],
    userAgent: event.userAgent ?? null,
  };
}

/** The ValidatingAdmissionPolicy that denied, from the audit annotation the API server writes. */
function deniedByPolicyAnnotation(annotations: Readonly<Record<string, string>>): string | null {
  const raw = annotations[VALIDATION_FAILURE];
  if (raw === undefined) return null;
  try {
    const failures = JSON.parse(raw) as unknown;
    for (const failure of Array.isArray(failures) ? (failures as unknown[]) : []) {
      const f = asRecord(failure);
      const actions = Array.isArray(f?.validationActions) ? f.validationActions : [];
      if (typeof f?.policy === 'string' && actions.includes('Deny')) return f.policy;
    }
  } catch {
    return null;
  }
  return null;
}

function outcomeOf(event: AuditEvent, annotations: Readonly<Record<string, string>>): Outcome {
  const status = event.responseStatus ?? {};
  const code = typeof status.code === 'number' ? status.code : null;
  const message = status.message ?? null;
  const webhook = message === null ? null : (WEBHOOK_DENIAL.exec(message)?.[1] ?? null);
  const policy = message === null ? null : (POLICY_DENIAL.exec(message)?.[1] ?? null);
  let deniedBy: string | null = webhook ?? policy;
  if (deniedBy === null && code !== null && code >= 400) deniedBy = deniedByPolicyAnnotation(annotations);
  if (deniedBy === null && code === 403 && annotations[DECISION] === 'forbid') deniedBy = 'authorization';
  if (deniedBy === null && code === 401) deniedBy = 'authentication';
  return {
    code,
    denied: deniedBy !== null || code === 401 || code === 403,
    reason: status.reason ?? message,
    message,
    deniedBy,
  };
}

function isSuccess(code: number | null): boolean {
  return code !== null && code >= 200 && code < 300;
}

/** `?dryRun=All`: admission ran, nothing was stored. */
export function isDryRun(requestURI: string): boolean {
  // The plain search first: detections ask this of every change, and few requests are dry runs.
  return requestURI.includes('dryRun=') && /[?&]dryRun=All(&|$)/.test(requestURI);
}

/** A Secret reduced to what may be kept: who/what/when, never the values. */
export function secretMetadataOnly(secret: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (secret.apiVersion !== undefined) out.apiVersion = secret.apiVersion;
  if (secret.kind !== undefined) out.kind = secret.kind;
  if (secret.type !== undefined) out.type = secret.type;
  const metadata = asRecord(secret.metadata);
  if (metadata !== null) {
    const copy: JsonObject = { ...metadata };
    const annotations = asRecord(metadata.annotations);
    if (annotations !== null && LAST_APPLIED in annotations) {
      copy.annotations = Object.fromEntries(
        Object.entries(annotations).filter(([key]) => key !== LAST_APPLIED),
      );
    }
    out.metadata = copy;
  }
  return out;
}

function stateOf(event: AuditEvent, object: ObjectRef, success: boolean): JsonObject | null {
  if (!success || (event.verb !== 'create' && event.verb !== 'update' && event.verb !== 'patch')) return null;
  const body = objectBody(event.responseObject);
  if (body === null) return null;
  return object.resource === 'secrets' && object.apiGroup === '' ? secretMetadataOnly(body) : body;
}

function levelOf(event: AuditEvent): AuditLevel {
  return LEVELS.has(event.level ?? '') ? (event.level as AuditLevel) : 'Metadata';
}

/** Whether a Secret event's body says `kubernetes.io/tls` (for the tracking decision). */
export function secretTypeIsTls(event: AuditEvent): boolean {
  const body = objectBody(event.responseObject) ?? objectBody(event.requestObject);
  return body?.type === 'kubernetes.io/tls';
}

/**
 * Build the change. `previous` is the ledger's latest known state of the object before this event
 * (null when unknown: never seen, deleted, or last written without body); `previousRef` the ledger
 * reference of the version it is the state of.
 */
export function buildChange(
  event: AuditEvent & { stage: AuditStage },
  previous: JsonObject | null,
  previousRef: string | null = null,
): Change {
  const annotations: Record<string, string> = { ...(event.annotations ?? {}) };
  const object = objectRefOf(event);
  const outcome = outcomeOf(event, annotations);
  const success = isSuccess(outcome.code) && !isDryRun(event.requestURI ?? '');
  const write = WRITE_VERBS.has(event.verb);
  const level = levelOf(event);
  const state = stateOf(event, object, success);
  const isSecret = object.resource === 'secrets' && object.apiGroup === '';
  const hasBodies = event.requestObject !== undefined || event.responseObject !== undefined;
  const patch: Json | null =
    event.verb === 'patch' && !isSecret && event.requestObject !== undefined ? event.requestObject : null;
  return {
    ref: changeRef(event.auditID, event.stage),
    time: normalizeTime(event.stageTimestamp ?? event.requestReceivedTimestamp ?? '') ?? '',
    auditID: event.auditID,
    stage: event.stage,
    level,
    verb: event.verb,
    write,
    requestURI: event.requestURI ?? '',
    object,
    outcome,
    actor: actorOf(event),
    authorization: { decision: annotations[DECISION] ?? null, reason: annotations[REASON] ?? null },
    annotations,
    state,
    previous,
    previousRef: previous === null ? null : previousRef,
    diff: previous !== null && state !== null ? diffObjects(previous, state) : null,
    patch,
    bodyless: level === 'Metadata' || level === 'None' || (write && !hasBodies),
    deleted: success && event.verb === 'delete',
  };
}

/** A successful write: a new version of the object (with or without a known body). */
export function isVersion(change: Change): boolean {
  return (
    change.write &&
    isSuccess(change.outcome.code) &&
    !isDryRun(change.requestURI) &&
    change.object.name !== ''
  );
}
