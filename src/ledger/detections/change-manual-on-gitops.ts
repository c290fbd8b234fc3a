import { defineDetection } from './detection.ts';
import { isSuccessfulWrite, isSecret, objectLabel } from './support/objects.ts';
import { gitOpsManagement, isBookkeepingPath, isGitOpsRequest, requestManager } from './support/gitops.ts';
import { matchesAny } from './settings.ts';

/** Kubernetes' own controllers (garbage collector, namespace controller) act on every object. */
const CLUSTER_COMPONENTS = [/^system:serviceaccount:kube-system:/, /^system:kube-controller-manager$/];

export default defineDetection({
  id: 'change-manual-on-gitops',
  severity: 'warning',
  subject: 'tracked',
  docs: {
    summary:
      'An object managed by Argo CD or Flux (tracking labels or annotations, or their field managers in managedFields) was updated, patched or deleted by something else, e.g. `kubectl edit`.',
    investigate:
      'A manual change drifts from Git: the GitOps tool will revert it (self-heal) or keep an unreviewed change. Find out why it was made, and put it through Git.',
    references: [
      'https://argo-cd.readthedocs.io/en/stable/user-guide/resource_tracking/',
      'https://fluxcd.io/flux/components/kustomize/kustomizations/#drift-detection-and-correction',
      'https://kubernetes.io/docs/reference/using-api/server-side-apply/#managers',
    ],
  },
  detect(change, { alert, settings }) {
    if (!isSuccessfulWrite(change) || change.verb === 'create' || isSecret(change.object)) return [];
    if (change.previous === null) return [];
    const management = gitOpsManagement(change.previous);
    if (!management) return [];
    const username = change.actor.username;
    if (CLUSTER_COMPONENTS.some((pattern) => pattern.test(username))) return [];
    if (matchesAny(username, settings.controllerIdentities)) return [];
    if (isGitOpsRequest(change, settings.allowedActors)) return [];
    const paths = change.diff
      ? [...change.diff.added, ...change.diff.removed, ...change.diff.changed.map((d) => d.path)].filter(
          (path) => !isBookkeepingPath(path),
        )
      : [];
    if (change.diff && paths.length === 0 && change.verb !== 'delete') return [];
    const manager = (requestManager(change) ?? change.actor.userAgent?.split(' ')[0] ?? 'unknown').slice(
      0,
      80,
    );
    return [
      alert({
        summary: `${objectLabel(change.object)}, managed by ${management.tool}, ${change.verb === 'delete' ? 'deleted' : 'changed'} outside it (by ${manager})`,
        details: {
          managedBy: management.tool,
          evidence: management.evidence,
          manager,
          paths,
        },
      }),
    ];
  },
});
