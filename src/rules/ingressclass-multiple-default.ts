import { defineRule } from '../engine/rule.ts';
import { DEFAULT_CLASS_ANNOTATION } from '../model/controllers.ts';
import { annotationPath } from '../model/field-path.ts';

export default defineRule({
  id: 'ingressclass-multiple-default',
  severity: 'warning',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      'More than one IngressClass is marked default: new Ingresses without a class are rejected by the API server instead of being assigned one.',
    remediation: 'Keep `ingressclass.kubernetes.io/is-default-class: "true"` on exactly one IngressClass.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class'],
  },
  messages: {
    multiple: 'IngressClass "{{className}}" is marked default, and so are: {{others}}.',
  },
  create({ model, report }) {
    return {
      IngressClass(resource) {
        const defaults = model.defaultIngressClasses();
        if (defaults.length < 2 || !defaults.some((c) => c.resource === resource)) return;
        const others = defaults.filter((c) => c.resource !== resource);
        report({
          path: annotationPath(DEFAULT_CLASS_ANNOTATION),
          messageId: 'multiple',
          data: { className: resource.name, others: others.map((c) => c.name).join(', ') },
          related: others.map((c) => ({
            apiVersion: c.resource.apiVersion,
            kind: 'IngressClass',
            namespace: '',
            name: c.name,
          })),
        });
      },
    };
  },
});
