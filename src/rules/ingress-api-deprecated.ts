import { defineRule } from '../engine/rule.ts';
import type { Resource } from '../model/resource.ts';

/** API versions of Ingress and IngressClass that Kubernetes 1.22 stopped serving. */
const REMOVED_API_VERSIONS = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1']);

export default defineRule({
  id: 'ingress-api-deprecated',
  severity: 'error',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      'An Ingress or IngressClass uses extensions/v1beta1 or networking.k8s.io/v1beta1, which Kubernetes 1.22 no longer serves.',
    remediation:
      'Migrate to networking.k8s.io/v1: `serviceName`/`servicePort` become `service.name`/`service.port`, `spec.backend` becomes `spec.defaultBackend`, and `pathType` is required.',
    references: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/#ingress-v122'],
  },
  messages: {
    removed: '{{kind}} uses {{apiVersion}}, removed in Kubernetes 1.22: use {{replacement}}.',
  },
  create({ report }) {
    const check = (resource: Resource): void => {
      if (!REMOVED_API_VERSIONS.has(resource.apiVersion)) return;
      report({
        path: 'apiVersion',
        messageId: 'removed',
        data: { kind: resource.kind, apiVersion: resource.apiVersion, replacement: 'networking.k8s.io/v1' },
      });
    };
    return {
      Ingress: (ingress) => {
        check(ingress.resource);
      },
      IngressClass: check,
    };
  },
});
