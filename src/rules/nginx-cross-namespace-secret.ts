import { defineRule } from '../engine/rule.ts';
import { isNginx, nginxAnnotation, nginxAnnotationPath } from './support/nginx.ts';

/** Annotations naming a Secret, all accepting the "namespace/name" form. */
const SECRET_ANNOTATIONS = ['auth-secret', 'auth-tls-secret', 'proxy-ssl-secret'];

export default defineRule({
  id: 'nginx-cross-namespace-secret',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'auth-secret, auth-tls-secret or proxy-ssl-secret names a Secret in another namespace ("namespace/name"): the controller reads it with its own cluster-wide rights, outside the Ingress owner\'s permissions.',
    remediation:
      'Copy the Secret into the Ingress namespace (or sync it with a tool such as external-secrets) and reference it there.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#authentication',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#backend-certificate-authentication',
      'https://github.com/kubernetes/kubernetes/issues/17088',
    ],
  },
  messages: {
    crossNamespace:
      '{{annotation}} uses Secret "{{secret}}" from namespace "{{secretNamespace}}", not the Ingress namespace "{{namespace}}".',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress)) return;
        const { namespace } = ingress.resource;
        for (const annotation of SECRET_ANNOTATIONS) {
          const parts = nginxAnnotation(ingress, annotation)?.trim().split('/');
          if (parts?.length !== 2) continue;
          const [secretNamespace = '', secret = ''] = parts;
          if (secretNamespace === '' || secret === '' || secretNamespace === namespace) continue;
          report({
            path: nginxAnnotationPath(annotation),
            messageId: 'crossNamespace',
            data: { annotation, secret, secretNamespace, namespace },
            related: [{ apiVersion: 'v1', kind: 'Secret', namespace: secretNamespace, name: secret }],
          });
        }
      },
    };
  },
});
