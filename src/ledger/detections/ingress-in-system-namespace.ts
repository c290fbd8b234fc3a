import { defineDetection } from './detection.ts';
import { isCreate, objectLabel } from './support/objects.ts';
import { matchesAny } from './settings.ts';

export default defineDetection({
  id: 'ingress-in-system-namespace',
  severity: 'warning',
  subject: 'ingresses',
  docs: {
    summary:
      "An Ingress was created in a system namespace (accountability.systemNamespaces: kube-system, kube-public and the controller's namespace by default).",
    investigate:
      "System namespaces hold the cluster's own components; an Ingress there can publish the API of a controller or a dashboard. Find which Service it exposes.",
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
  },
  detect(change, { alert, settings }) {
    const namespace = change.object.namespace;
    if (!isCreate(change) || namespace === null || !matchesAny(namespace, settings.systemNamespaces))
      return [];
    return [
      alert({
        summary: `${objectLabel(change.object)} created in system namespace ${namespace}`,
        details: { namespace },
      }),
    ];
  },
});
