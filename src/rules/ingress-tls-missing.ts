import { defineRule } from '../engine/rule.ts';
import { asObject } from '../model/resource.ts';
import { externalCertificateAnnotation } from '../knowledge/tls-annotations.ts';

/**
 * Like Kyverno's require-ingress-https and Gatekeeper's httpsonly, every Ingress that routes anything
 * is expected to carry TLS, whether or not its rules name hosts: a host-less Ingress is served on the
 * controller's catch-all server, in plain HTTP without `spec.tls`. Ingresses whose certificate is
 * attached by a cloud controller annotation (ACM, GCP, Application Gateway) are exempt.
 */
export default defineRule({
  id: 'ingress-tls-missing',
  severity: 'warning',
  category: 'tls',
  preset: 'recommended',
  docs: {
    summary:
      'An Ingress that routes traffic has no usable TLS (spec.tls absent, empty, or with entries naming neither hosts nor a Secret), with or without rule hosts, unless a cloud certificate annotation attaches one.',
    remediation:
      'Add a spec.tls entry listing the hosts and a kubernetes.io/tls Secret (for instance issued by cert-manager) so clients reach the Ingress over HTTPS.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://kyverno.io/policies/other/require-ingress-https/require-ingress-https',
      'https://open-policy-agent.github.io/gatekeeper-library/website/validation/httpsonly',
    ],
  },
  messages: {
    absent: 'Ingress has no spec.tls: its hosts are served over plain HTTP.',
    empty: 'spec.tls is an empty list: its hosts are served over plain HTTP.',
    unusable: 'None of the {{count}} spec.tls entries names hosts or a secretName: TLS is not configured.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        if (ingress.rules.length === 0 && ingress.defaultBackend === undefined) return;
        if (externalCertificateAnnotation(ingress.annotations) !== undefined) return;
        if (ingress.tls.some((entry) => entry.hosts.length > 0 || entry.secretName !== undefined)) return;
        if (ingress.tls.length > 0) {
          report({ path: 'spec.tls', messageId: 'unusable', data: { count: ingress.tls.length } });
        } else if (asObject(ingress.resource.body.spec).tls === undefined) {
          report({ path: 'spec', messageId: 'absent' });
        } else {
          report({ path: 'spec.tls', messageId: 'empty' });
        }
      },
    };
  },
});
