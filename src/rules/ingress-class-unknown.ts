import { defineRule } from '../engine/rule.ts';

export default defineRule({
  id: 'ingress-class-unknown',
  severity: 'error',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      '`spec.ingressClassName` names an IngressClass that does not exist: no controller serves the Ingress.',
    remediation:
      'Set `spec.ingressClassName` to an existing IngressClass (`kubectl get ingressclass`), or create the IngressClass for the intended controller.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class',
      'https://kyverno.io/policies/other/restrict-ingress-classes/restrict-ingress-classes/',
    ],
  },
  messages: {
    unknown: 'IngressClass "{{className}}" does not exist (known classes: {{known}}).',
  },
  needs: ['IngressClass'],
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const resolution = model.classOf(ingress);
        // The legacy annotation is matched against the controller's --ingress-class flag, not against
        // IngressClass objects, so only the field is judged here.
        if (
          resolution.classSource !== 'spec' ||
          resolution.ingressClass ||
          resolution.className === undefined
        )
          return;
        const known = [...model.ingressClasses().keys()].sort();
        report({
          path: 'spec.ingressClassName',
          messageId: 'unknown',
          data: { className: resolution.className, known: known.length > 0 ? known.join(', ') : 'none' },
          related: [
            {
              apiVersion: 'networking.k8s.io/v1',
              kind: 'IngressClass',
              namespace: '',
              name: resolution.className,
            },
          ],
        });
      },
    };
  },
});
