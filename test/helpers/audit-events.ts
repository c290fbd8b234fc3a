/**
 * Audit events for tests, in the shape the API server writes (field order included), and Changes
 * built from them. Defaults describe a successful RequestResponse-level ingress update.
 */
import { buildChange } from '../../src/ledger/change.ts';
import type { Change, JsonObject } from '../../src/ledger/types.ts';
import type { AuditEvent, AuditObjectReference, AuditUserInfo } from '../../src/sources/audit/event.ts';

export interface EventSpec {
  readonly auditID?: string;
  readonly stage?: 'RequestReceived' | 'ResponseComplete' | 'Panic';
  readonly level?: 'Metadata' | 'Request' | 'RequestResponse';
  readonly verb?: string;
  readonly user?: AuditUserInfo;
  readonly impersonatedUser?: AuditUserInfo;
  readonly sourceIPs?: string[];
  readonly userAgent?: string;
  readonly objectRef?: AuditObjectReference;
  readonly code?: number;
  readonly message?: string;
  readonly reason?: string;
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  readonly time?: string;
  readonly annotations?: Record<string, string>;
}

let counter = 0;

export function ingressObject(name: string, spec: JsonObject, metadata: JsonObject = {}): JsonObject {
  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    metadata: { name, namespace: 'shop', resourceVersion: String(1000 + counter), ...metadata },
    spec,
  };
}

export function auditEvent(spec: EventSpec = {}): AuditEvent {
  counter++;
  const objectRef = spec.objectRef ?? {
    resource: 'ingresses',
    namespace: 'shop',
    name: 'web',
    apiGroup: 'networking.k8s.io',
    apiVersion: 'v1',
  };
  const time = spec.time ?? `2026-05-20T10:00:${String(counter % 60).padStart(2, '0')}.000001Z`;
  const code = spec.code ?? 200;
  const level = spec.level ?? 'RequestResponse';
  const failure = code >= 300;
  const path = `/apis/networking.k8s.io/v1/namespaces/${objectRef.namespace ?? ''}/${objectRef.resource ?? ''}`;
  const event: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level,
    auditID: spec.auditID ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    stage: spec.stage ?? 'ResponseComplete',
    requestURI: objectRef.name ? `${path}/${objectRef.name}` : path,
    verb: spec.verb ?? 'update',
    user: spec.user ?? { username: 'alice@example.com', groups: ['dev-team', 'system:authenticated'] },
  };
  if (spec.impersonatedUser) event.impersonatedUser = spec.impersonatedUser;
  event.sourceIPs = spec.sourceIPs ?? ['10.0.4.21'];
  event.userAgent = spec.userAgent ?? 'kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0';
  event.objectRef = objectRef;
  event.responseStatus = failure
    ? {
        metadata: {},
        status: 'Failure',
        message: spec.message ?? '',
        reason: spec.reason ?? 'Forbidden',
        code,
      }
    : { metadata: {}, code };
  if (level !== 'Metadata' && spec.requestObject !== undefined) event.requestObject = spec.requestObject;
  if (level === 'RequestResponse' && spec.responseObject !== undefined)
    event.responseObject = spec.responseObject;
  event.requestReceivedTimestamp = time;
  event.stageTimestamp = time;
  event.annotations = spec.annotations ?? { 'authorization.k8s.io/decision': failure ? 'forbid' : 'allow' };
  return event as unknown as AuditEvent;
}

export function changeOf(spec: EventSpec = {}, previous: JsonObject | null = null): Change {
  const event = auditEvent(spec) as AuditEvent & { stage: 'ResponseComplete' | 'Panic' };
  return buildChange(event, previous);
}

/** One JSON line as the API server writes it. */
export function auditLine(spec: EventSpec = {}): string {
  return JSON.stringify(auditEvent(spec));
}
