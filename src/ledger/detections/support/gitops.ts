/**
 * GitOps management as Argo CD and Flux leave it on the objects they apply: tracking labels and
 * annotations, and the field managers in `metadata.managedFields`; and whether one request came from
 * such a tool (its field manager, user agent or service account).
 */
import { asArray, asObject, asString, type JsonObject } from '../../../model/resource.ts';
import type { Change } from '../../types.ts';
import { annotationsOf, labelsOf } from './objects.ts';
import { matchesAny } from '../settings.ts';

export type GitOpsTool = 'Argo CD' | 'Flux';

// https://argo-cd.readthedocs.io/en/stable/user-guide/resource_tracking/
const ARGO_ANNOTATIONS = ['argocd.argoproj.io/tracking-id'];
const ARGO_LABELS = ['argocd.argoproj.io/instance'];
// https://fluxcd.io/flux/components/kustomize/kustomizations/ and …/helm/helmreleases/
const FLUX_LABELS = [
  'kustomize.toolkit.fluxcd.io/name',
  'kustomize.toolkit.fluxcd.io/namespace',
  'helm.toolkit.fluxcd.io/name',
  'helm.toolkit.fluxcd.io/namespace',
];

/** Field managers (and user-agent products) of the GitOps controllers. */
const MANAGERS: Readonly<Record<string, GitOpsTool>> = {
  'argocd-controller': 'Argo CD',
  'argocd-application-controller': 'Argo CD',
  'kustomize-controller': 'Flux',
  'helm-controller': 'Flux',
};

/** The service accounts of the default installations. */
const IDENTITIES: readonly { readonly pattern: RegExp; readonly tool: GitOpsTool }[] = [
  { pattern: /^system:serviceaccount:[^:]+:argocd-application-controller$/, tool: 'Argo CD' },
  { pattern: /^system:serviceaccount:flux-system:(?:kustomize|helm)-controller$/, tool: 'Flux' },
];

function managersOf(
  state: JsonObject,
): { manager: string; time: string | undefined; operation: string | undefined }[] {
  return asArray(asObject(state.metadata).managedFields).flatMap((entry) => {
    const field = asObject(entry);
    const manager = asString(field.manager);
    return manager ? [{ manager, time: asString(field.time), operation: asString(field.operation) }] : [];
  });
}

/** Which GitOps tool manages the object, and the evidence (`label …`, `managedFields manager …`). */
export function gitOpsManagement(state: JsonObject): { tool: GitOpsTool; evidence: string } | undefined {
  const annotations = annotationsOf(state);
  const labels = labelsOf(state);
  for (const key of ARGO_ANNOTATIONS)
    if (annotations[key]) return { tool: 'Argo CD', evidence: `annotation ${key}` };
  for (const key of ARGO_LABELS) if (labels[key]) return { tool: 'Argo CD', evidence: `label ${key}` };
  for (const key of FLUX_LABELS) if (labels[key]) return { tool: 'Flux', evidence: `label ${key}` };
  for (const { manager } of managersOf(state)) {
    const tool = MANAGERS[manager];
    if (tool) return { tool, evidence: `managedFields manager ${manager}` };
  }
  return undefined;
}

/**
 * The field manager of this request: the managedFields entry the API server stamped with the request's
 * time (to the second, as managedFields record it). Undefined when the state has no such entry.
 */
export function requestManager(change: Change): string | undefined {
  if (change.state === null) return undefined;
  const second = change.time.slice(0, 19);
  const stamped = managersOf(change.state).filter((m) => m.time?.slice(0, 19) === second);
  return stamped.length === 1 ? stamped[0]?.manager : undefined;
}

function userAgentProduct(userAgent: string | null): string | undefined {
  return userAgent?.split('/')[0]?.trim();
}

/** Whether the request itself came from a GitOps controller (or an identity configured as one). */
export function isGitOpsRequest(change: Change, gitOpsIdentities: readonly string[] | undefined): boolean {
  const { username, userAgent } = change.actor;
  if (IDENTITIES.some(({ pattern }) => pattern.test(username))) return true;
  if (gitOpsIdentities && matchesAny(username, gitOpsIdentities)) return true;
  const manager = requestManager(change);
  if (manager !== undefined) return manager in MANAGERS;
  const product = userAgentProduct(userAgent);
  return product !== undefined && product in MANAGERS;
}

/** Paths that change without anyone changing the object (bookkeeping the API server and controllers do). */
export function isBookkeepingPath(path: string): boolean {
  return (
    /^metadata\.(?:resourceVersion|generation|managedFields|uid|creationTimestamp)\b/.test(path) ||
    path.startsWith('status') ||
    path === 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]'
  );
}
