import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import { LEGACY_CLASS_ANNOTATION } from '../model/ingress.ts';

export default defineRule({
  id: 'ingress-class-annotation-deprecated',
  severity: 'warning',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      'The deprecated `kubernetes.io/ingress.class` annotation selects the class; an error when it disagrees with `spec.ingressClassName`, since controllers then disagree on who serves the Ingress.',
    remediation:
      'Remove the annotation and set `spec.ingressClassName` to the IngressClass meant to serve this Ingress.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation'],
  },
  messages: {
    deprecated:
      'Class set by the deprecated annotation {{annotation}}="{{annotationClass}}": use spec.ingressClassName.',
    redundant:
      'The deprecated annotation {{annotation}} repeats spec.ingressClassName "{{className}}": remove it.',
    conflict:
      'The deprecated annotation {{annotation}}="{{annotationClass}}" disagrees with spec.ingressClassName "{{className}}": controllers may disagree on who serves this Ingress.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        const annotationClass = ingress.classAnnotation;
        if (annotationClass === undefined) return;
        const path = annotationPath(LEGACY_CLASS_ANNOTATION);
        const className = ingress.ingressClassName;
        const data = { annotation: LEGACY_CLASS_ANNOTATION, annotationClass };
        if (className === undefined) {
          report({ path, messageId: 'deprecated', data });
        } else if (className === annotationClass) {
          report({ path, messageId: 'redundant', data: { ...data, className } });
        } else {
          report({ path, messageId: 'conflict', data: { ...data, className }, severity: 'error' });
        }
      },
    };
  },
});
