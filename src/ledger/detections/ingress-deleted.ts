import { defineDetection } from './detection.ts';
import { isSuccessfulWrite, objectLabel } from './support/objects.ts';

export default defineDetection({
  id: 'ingress-deleted',
  severity: 'info',
  subject: 'ingresses',
  docs: {
    summary: 'An Ingress (or every Ingress of a namespace, with deletecollection) was deleted.',
    investigate:
      'Deleting an Ingress takes a site down or moves its hosts to another Ingress; check the deletion was planned and who serves the hosts now.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/'],
  },
  detect(change, { alert }) {
    if (!isSuccessfulWrite(change)) return [];
    if (change.verb === 'delete')
      return [alert({ summary: `${objectLabel(change.object)} deleted`, details: {} })];
    if (change.verb === 'deletecollection') {
      const scope = change.object.namespace ? `namespace ${change.object.namespace}` : 'every namespace';
      return [alert({ summary: `Ingresses deleted in ${scope} (deletecollection)`, details: {} })];
    }
    return [];
  },
});
