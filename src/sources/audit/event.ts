/**
 * The `audit.k8s.io/v1` Event as the API server writes it (k8s.io/apiserver/pkg/apis/audit/v1).
 * Only the fields gatewatch reads are typed; everything is optional because logs are hostile input.
 */
import { isObject, type Json, type JsonObject } from '../../model/resource.ts';

export interface AuditUserInfo {
  readonly username?: string;
  readonly uid?: string;
  readonly groups?: string[];
  readonly extra?: Record<string, string[]>;
}

export interface AuditObjectReference {
  readonly resource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
  readonly resourceVersion?: string;
  readonly subresource?: string;
}

export interface AuditResponseStatus {
  readonly code?: number;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly details?: JsonObject;
}

export interface AuditEvent {
  readonly kind: 'Event';
  readonly apiVersion?: string;
  readonly level?: string;
  readonly auditID: string;
  readonly stage: string;
  readonly requestURI?: string;
  readonly verb: string;
  readonly user?: AuditUserInfo;
  readonly impersonatedUser?: AuditUserInfo;
  readonly sourceIPs?: string[];
  readonly userAgent?: string;
  readonly objectRef?: AuditObjectReference;
  readonly responseStatus?: AuditResponseStatus;
  readonly requestObject?: Json;
  readonly responseObject?: Json;
  readonly requestReceivedTimestamp?: string;
  readonly stageTimestamp?: string;
  readonly annotations?: Record<string, string>;
}

/** An event with where it was read. */
export interface AuditRecord {
  readonly event: AuditEvent;
  readonly line: number;
}

/** Why a parsed JSON value is not an audit Event, or undefined when it is one. */
export function auditEventProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (value.kind !== 'Event') return `kind is ${JSON.stringify(value.kind ?? null)}, not "Event"`;
  if (typeof value.auditID !== 'string' || value.auditID === '') return 'no auditID';
  if (typeof value.stage !== 'string') return 'no stage';
  if (typeof value.verb !== 'string') return 'no verb';
  return undefined;
}

export function isAuditEvent(value: unknown): value is AuditEvent {
  return auditEventProblem(value) === undefined;
}

/** Stages that carry an outcome (spec: RequestReceived and ResponseStarted are ignored). */
export function isOutcomeStage(stage: string): stage is 'ResponseComplete' | 'Panic' {
  return stage === 'ResponseComplete' || stage === 'Panic';
}
