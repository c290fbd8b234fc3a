import { defineRule } from '../engine/rule.ts';

export default defineRule({
  id: 'ingress-class-missing',
  severity: 'warning',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      'An Ingress has no `ingressClassName`, no `kubernetes.io/ingress.class` annotation, and no IngressClass is marked default: any controller, or none, may serve it.',
    remediation:
      'Set `spec.ingressClassName` to the IngressClass of the controller meant to serve this Ingress.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class',
    ],
  },
  messages: {
    noClass:
      'No ingressClassName, no class annotation and no default IngressClass: which controller serves this Ingress, if any, is left to chance.',
  },
  // Whether a default IngressClass exists is only known when IngressClasses were read.
  needs: ['IngressClass'],
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (model.classOf(ingress).classSource !== 'none') return;
        report({ path: 'spec.ingressClassName', messageId: 'noClass' });
      },
    };
  },
});
