import { defineDetection } from './detection.ts';
import { at, annotationPath } from '../../model/field-path.ts';
import { LEGACY_CLASS_ANNOTATION, type IngressView } from '../../model/ingress.ts';
import { ingressView, isModification, objectLabel } from './support/objects.ts';

function classOf(ingress: IngressView): { name: string | undefined; path: string } {
  if (ingress.ingressClassName)
    return { name: ingress.ingressClassName, path: at('spec', 'ingressClassName') };
  if (ingress.classAnnotation)
    return { name: ingress.classAnnotation, path: annotationPath(LEGACY_CLASS_ANNOTATION) };
  return { name: undefined, path: at('spec', 'ingressClassName') };
}

export default defineDetection({
  id: 'ingress-class-changed',
  severity: 'warning',
  subject: 'ingresses',
  docs: {
    summary:
      'An Ingress moved to another class (spec.ingressClassName or the kubernetes.io/ingress.class annotation): another controller, often another load balancer, now serves it.',
    investigate:
      'The new controller may be public where the old one was internal, or ignore the annotations that protected the Ingress (allowlists, auth); check both.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation',
    ],
  },
  detect(change, { alert }) {
    if (!isModification(change)) return [];
    const before = classOf(ingressView(change, change.previous));
    const after = classOf(ingressView(change, change.state));
    if (before.name === after.name) return [];
    return [
      alert({
        summary: `${objectLabel(change.object)} moved from class ${before.name ?? '(default)'} to ${after.name ?? '(default)'}`,
        details: { changed: [{ path: after.path, old: before.name ?? null, new: after.name ?? null }] },
      }),
    ];
  },
});
