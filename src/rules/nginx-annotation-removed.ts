import { defineRule } from '../engine/rule.ts';
import { ANNOTATIONS_DOC, nginxAnnotationsOf } from './support/ingress-nginx.ts';

export default defineRule({
  id: 'nginx-annotation-removed',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'An ingress-nginx annotation the controller no longer reads (secure-backends, grpc-backend, add-base-url, session-cookie-hash, mirror-uri, the influxdb and global-rate-limit sets, secure-verify-ca-secret…): the behaviour it asks for silently does not happen.',
    remediation: 'Remove the annotation and use its replacement, as the message says.',
    references: [ANNOTATIONS_DOC, 'https://github.com/kubernetes/ingress-nginx/issues/10186'],
  },
  messages: {
    removed: 'Annotation "{{annotation}}" is no longer read by ingress-nginx: {{note}}.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        for (const use of nginxAnnotationsOf(model, ingress)) {
          if (use.entry?.removed)
            report({
              path: use.path,
              messageId: 'removed',
              data: { annotation: use.key, note: use.entry.note ?? 'removed' },
            });
        }
      },
    };
  },
});
