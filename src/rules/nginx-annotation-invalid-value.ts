import { defineRule } from '../engine/rule.ts';
import { injectionCharacter, validateAnnotationValue } from '../knowledge/ingress-nginx-annotations.ts';
import { ANNOTATIONS_DOC, displayValue, nginxAnnotationsOf } from './support/ingress-nginx.ts';

export default defineRule({
  id: 'nginx-annotation-invalid-value',
  severity: 'error',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'An ingress-nginx annotation value its validator rejects (booleans, integers, sizes, enums such as auth-tls-verify-client — CVE-2024-7646 —, backend-protocol or load-balance): the controller refuses the Ingress or drops the setting. Values that would inject configuration are nginx-annotation-injection findings instead.',
    remediation: 'Use a value of the documented form (the message says which).',
    references: [ANNOTATIONS_DOC, 'https://github.com/kubernetes/kubernetes/issues/126744'],
  },
  messages: {
    invalid:
      'Value "{{value}}" of annotation "{{annotation}}" is rejected by the controller: expected {{expected}}.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        for (const use of nginxAnnotationsOf(model, ingress)) {
          if (!use.entry || use.entry.removed || injectionCharacter(use.name, use.value)) continue;
          const expected = validateAnnotationValue(use.name, use.value);
          if (expected !== undefined)
            report({
              path: use.path,
              messageId: 'invalid',
              data: { annotation: use.key, value: displayValue(use.value), expected },
            });
        }
      },
    };
  },
});
