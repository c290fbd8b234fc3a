import { defineDetection } from './detection.ts';
import { externalCertificateAnnotation } from '../../knowledge/tls-annotations.ts';
import { ingressHosts } from '../../model/ingress.ts';
import { ingressView, isCreate, objectLabel } from './support/objects.ts';

export default defineDetection({
  id: 'ingress-created-without-tls',
  severity: 'warning',
  subject: 'ingresses',
  docs: {
    summary:
      'An Ingress was created without usable TLS: no spec.tls entry naming a Secret for its hosts, and no load-balancer certificate annotation.',
    investigate:
      'Traffic to these hosts travels in clear text; ask the creator whether TLS was forgotten, and add a spec.tls entry (or a cert-manager annotation).',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://cert-manager.io/docs/usage/ingress/',
    ],
  },
  detect(change, { alert }) {
    if (!isCreate(change) || change.state === null) return [];
    const ingress = ingressView(change, change.state);
    if (ingress.rules.length === 0 && ingress.defaultBackend === undefined) return [];
    if (externalCertificateAnnotation(ingress.annotations) !== undefined) return [];
    const usable = ingress.tls.some((entry) => entry.secretName !== undefined && entry.hosts.length > 0);
    if (usable) return [];
    const hosts = ingressHosts(ingress);
    return [
      alert({
        summary: `${objectLabel(change.object)} created without TLS${hosts.length > 0 ? ` for ${hosts.join(', ')}` : ''}`,
        details: {
          hosts,
          reason: ingress.tls.length === 0 ? 'no spec.tls' : 'spec.tls names no Secret for any host',
        },
      }),
    ];
  },
});
