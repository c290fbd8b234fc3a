import { defineDetection } from './detection.ts';
import { ingressView, isCreate, isModification, objectLabel, stateBefore } from './support/objects.ts';

export default defineDetection({
  id: 'ingress-default-backend-added',
  severity: 'warning',
  subject: 'ingresses',
  docs: {
    summary:
      'An Ingress gained a `defaultBackend`: requests that match no rule (any host, any path) now reach that Service.',
    investigate:
      'A default backend on one Ingress can become the catch-all of the whole controller; check that the Service is meant to answer for unknown hosts.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#default-backend',
      'https://kubernetes.github.io/ingress-nginx/user-guide/default-backend/',
    ],
  },
  detect(change, { alert }) {
    if (change.state === null || !(isCreate(change) || isModification(change))) return [];
    const after = ingressView(change, change.state).defaultBackend;
    if (!after) return [];
    const previous = stateBefore(change);
    if (previous && ingressView(change, previous).defaultBackend) return [];
    const target =
      after.type === 'service'
        ? `Service ${after.service}`
        : after.type === 'resource'
          ? `${after.kind} ${after.name}`
          : 'nothing';
    return [
      alert({
        summary: `Default backend (${target}) added to ${objectLabel(change.object)}`,
        details: { added: [after.path] },
      }),
    ];
  },
});
