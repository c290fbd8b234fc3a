/**
 * The admission webhook's logic, without HTTP: an `admission.k8s.io/v1` AdmissionReview in, the
 * AdmissionReview answer out. The object is reviewed by the same engine as `scan` (runRules over a
 * Model): alone when serve has no cluster (rules needing other kinds report notChecked, as a scan of
 * that one file would), or overlaid onto the cached cluster model (model/scoped.ts) with --cluster.
 *
 * `--enforce error|warning|none`: findings at or above the level deny the request and are listed in
 * the status message; all other findings come back as admission warnings (kubectl prints them). DELETE
 * is always allowed (nothing is left to review). `dryRun` requests are answered exactly as real ones:
 * reviewing has no side effects.
 */
import { runRules } from '../engine/run-rules.ts';
import type { ResolvedConfig } from '../engine/config.ts';
import { severityRank, type Finding, type NotChecked } from '../engine/finding.ts';
import type { Severity } from '../engine/rule.ts';
import { Model } from '../model/model.ts';
import { isNamespaced } from '../model/kinds.ts';
import { asObject, asString, isObject, type JsonObject, type Resource } from '../model/resource.ts';
import { isOverlayKind, ScopedModel, type PeerIndex } from '../model/scoped.ts';
import { messageOf, type RuleLookup } from '../report/message.ts';
import { oneLine } from '../report/sanitize.ts';
import { findRule } from '../rules/index.ts';
import { toResource } from '../sources/cluster/read.ts';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
export type Enforce = Severity | 'none';
export const ENFORCE_LEVELS = ['error', 'warning', 'none'] as const;

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: GroupVersionKind;
  readonly resource: { readonly group: string; readonly version: string; readonly resource: string };
  readonly subResource?: string;
  readonly name: string;
  readonly namespace: string;
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  readonly object: JsonObject | null;
  readonly dryRun: boolean;
}

export type ParsedReview =
  | { readonly ok: true; readonly request: AdmissionRequest }
  | { readonly ok: false; readonly message: string };

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function gvk(value: unknown): GroupVersionKind | undefined {
  if (!isObject(value)) return undefined;
  const { group, version, kind } = value;
  if (typeof group !== 'string' || typeof version !== 'string' || typeof kind !== 'string' || kind === '')
    return undefined;
  return { group, version, kind };
}

/** Checks the shape of an AdmissionReview; what is wrong, for the 400 answer, when it is not one. */
export function parseAdmissionReview(body: unknown): ParsedReview {
  if (!isObject(body)) return { ok: false, message: 'the body is not a JSON object' };
  if (body.apiVersion !== ADMISSION_API_VERSION || body.kind !== 'AdmissionReview')
    return { ok: false, message: `expected kind AdmissionReview of apiVersion ${ADMISSION_API_VERSION}` };
  const request = body.request;
  if (!isObject(request)) return { ok: false, message: 'the AdmissionReview has no request' };
  const uid = asString(request.uid);
  if (uid === undefined || uid === '') return { ok: false, message: 'request.uid is missing' };
  const kind = gvk(request.kind);
  if (!kind) return { ok: false, message: 'request.kind is not a group/version/kind' };
  const resource = asObject(request.resource);
  const operation = asString(request.operation) ?? '';
  if (!OPERATIONS.has(operation)) return { ok: false, message: 'request.operation is not a known operation' };
  const object = request.object ?? null;
  if (object !== null && !isObject(object)) return { ok: false, message: 'request.object is not an object' };
  if ((operation === 'CREATE' || operation === 'UPDATE') && object === null)
    return { ok: false, message: `request.object is required for ${operation}` };
  const subResource = asString(request.subResource);
  return {
    ok: true,
    request: {
      uid,
      kind,
      resource: {
        group: asString(resource.group) ?? kind.group,
        version: asString(resource.version) ?? kind.version,
        resource: asString(resource.resource) ?? '',
      },
      ...(subResource ? { subResource } : {}),
      name: asString(request.name) ?? '',
      namespace: asString(request.namespace) ?? '',
      operation: operation as AdmissionRequest['operation'],
      object,
      dryRun: request.dryRun === true,
    },
  };
}

/** The cached cluster model an object is reviewed against (--cluster). */
export interface ClusterView {
  readonly index: PeerIndex;
}

export interface ReviewSettings {
  readonly config: ResolvedConfig;
  readonly now: number;
  /** The cluster model; undefined: the object is reviewed alone. */
  readonly cluster?: ClusterView | undefined;
}

export interface ObjectReview {
  readonly resource: Resource;
  /** Findings about the reviewed object, as `scan` reports them (suppressions applied). */
  readonly findings: readonly Finding[];
  readonly notChecked: readonly NotChecked[];
}

/** The object of a request as a Resource, as the cluster source makes them (same normalisation). */
export function requestResource(request: AdmissionRequest): Resource | undefined {
  if (request.object === null) return undefined;
  const metadata = { ...asObject(request.object.metadata) };
  // A CREATE's object may lack its namespace (it comes from the URL) or its name (generateName).
  if (asString(metadata.namespace) === undefined && request.namespace !== '')
    metadata.namespace = request.namespace;
  if (asString(metadata.name) === undefined || metadata.name === '')
    metadata.name = request.name !== '' ? request.name : (asString(metadata.generateName) ?? '');
  if (metadata.name === '') return undefined;
  return toResource(
    { ...request.object, metadata },
    {
      kind: request.kind.kind,
      group: request.kind.group,
      version: request.kind.version,
      resource: request.resource.resource,
      namespaced: isNamespaced(request.kind.kind),
    },
  );
}

/** Reviews one object: the findings `scan` reports about it over the same objects. */
export function reviewResource(resource: Resource, settings: ReviewSettings): ObjectReview {
  const { config, now, cluster } = settings;
  const fallback = config.controller ? { fallbackController: config.controller } : {};
  const model = cluster
    ? new ScopedModel(cluster.index, resource, fallback)
    : new Model([resource], { mode: 'files', ...fallback });
  // Only the findings about the object are wanted: its peers are visited by the comparing rules only.
  const result = runRules({ model, config, now, focus: new Set([resource]) });
  const isSubject = (finding: Finding): boolean =>
    finding.object.kind === resource.kind &&
    finding.object.namespace === resource.namespace &&
    finding.object.name === resource.name;
  return { resource, findings: result.findings.filter(isSubject), notChecked: result.notChecked };
}

export interface AdmissionDecision {
  readonly allowed: boolean;
  /** Set when reviewed (CREATE/UPDATE of a reviewed kind). */
  readonly review?: ObjectReview;
  readonly denying: readonly Finding[];
  readonly warnings: readonly string[];
  readonly message?: string;
}

/** The API server drops warnings beyond these (k8s.io/apiserver: 4 KiB total, long ones truncated). */
const MAX_WARNING_CHARS = 256;
const MAX_WARNINGS = 20;
const MAX_MESSAGE_CHARS = 2048;

/** Built-in rules, then the config's own (CEL policies), for the wording of a finding. */
function ruleLookup(config: ResolvedConfig): RuleLookup {
  return (id) => findRule(id) ?? config.customRules?.find((rule) => rule.id === id);
}

function describe(finding: Finding, rules: RuleLookup): string {
  return oneLine(`[${finding.severity}] ${finding.ruleId} at ${finding.path}: ${messageOf(finding, rules)}`);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export function decide(
  request: AdmissionRequest,
  settings: ReviewSettings,
  enforce: Enforce,
): AdmissionDecision {
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE')
    return { allowed: true, denying: [], warnings: [] };
  if (!isOverlayKind(request.kind.kind) || request.subResource !== undefined)
    return { allowed: true, denying: [], warnings: [] };
  const resource = requestResource(request);
  if (!resource) return { allowed: true, denying: [], warnings: [] };
  const review = reviewResource(resource, settings);
  const denies = (finding: Finding): boolean =>
    enforce !== 'none' && severityRank(finding.severity) <= severityRank(enforce);
  const denying = review.findings.filter(denies);
  const rest = review.findings.filter((finding) => !denies(finding));
  const rules = ruleLookup(settings.config);
  const described = rest.map((finding) => truncate(describe(finding, rules), MAX_WARNING_CHARS));
  const warnings =
    described.length > MAX_WARNINGS
      ? [
          ...described.slice(0, MAX_WARNINGS - 1),
          `gatewatch: ${String(described.length - MAX_WARNINGS + 1)} more findings`,
        ]
      : described;
  if (denying.length === 0) return { allowed: true, review, denying, warnings };
  const message = truncate(
    `gatewatch denied ${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}: ${denying.map((finding) => describe(finding, rules)).join('; ')}`,
    MAX_MESSAGE_CHARS,
  );
  return { allowed: false, review, denying, warnings, message };
}

/** The AdmissionReview sent back. */
export function admissionResponse(request: AdmissionRequest, decision: AdmissionDecision): JsonObject {
  const response: JsonObject = { uid: request.uid, allowed: decision.allowed };
  if (!decision.allowed)
    response.status = { code: 403, reason: 'Forbidden', message: decision.message ?? 'denied by gatewatch' };
  if (decision.warnings.length > 0) response.warnings = [...decision.warnings];
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

/** A Kubernetes `Status` for HTTP errors (400 malformed, 401, 413…), the shape API clients expect. */
export function statusBody(code: number, reason: string, message: string): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}
