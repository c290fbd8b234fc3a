import { defineRule } from '../engine/rule.ts';
import { gateways, referenceGrantView } from '../model/gateway-api.ts';
import { isSecretRef } from '../model/gateway-tls.ts';
import type { Model } from '../model/model.ts';
import { TLS_SECRET_TYPE, isSecretResource } from '../model/secret.ts';

/**
 * Namespaces holding Secrets used as certificates: kubernetes.io/tls Secrets in the input, and the
 * namespaces Gateway listeners and Ingresses take certificates from (even when the Secrets themselves
 * are not in the input).
 */
function certificateNamespaces(model: Model): Set<string> {
  const namespaces = new Set<string>();
  for (const secret of model.list('Secret'))
    if (isSecretResource(secret) && secret.secretType === TLS_SECRET_TYPE) namespaces.add(secret.namespace);
  for (const gateway of gateways(model))
    for (const listener of gateway.listeners)
      for (const ref of listener.tls?.certificateRefs ?? [])
        if (isSecretRef(ref)) namespaces.add(ref.namespace);
  for (const ingress of model.ingresses())
    if (ingress.tls.some((entry) => entry.secretName !== undefined))
      namespaces.add(ingress.resource.namespace);
  return namespaces;
}

export default defineRule({
  id: 'referencegrant-broad',
  severity: 'warning',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A ReferenceGrant lets objects of another namespace refer to all objects of a kind (a to entry without name) in a namespace that holds Secrets used as TLS certificates, so that namespace may use any certificate or object there, present or future.',
    remediation:
      'Name each object the grant allows (spec.to[].name), one grant entry per Secret or Service, so only the intended references are permitted.',
    references: [
      'https://gateway-api.sigs.k8s.io/api-types/referencegrant/',
      'https://gateway-api.sigs.k8s.io/concepts/security-model/',
    ],
  },
  messages: {
    broad:
      'ReferenceGrant lets {{from}} refer to every {{kind}} in namespace "{{namespace}}", which holds TLS certificate Secrets.',
  },
  create({ model, report }) {
    let certificates: Set<string> | undefined;
    return {
      ReferenceGrant(resource) {
        certificates ??= certificateNamespaces(model);
        if (!certificates.has(resource.namespace)) return;
        const grant = referenceGrantView(model, resource);
        const from = grant.from.map((f) => `${f.kind} of "${f.namespace}"`).join(', ') || '(nothing)';
        for (const to of grant.to) {
          if (to.name !== undefined) continue;
          report({
            path: to.fieldPath,
            messageId: 'broad',
            data: {
              from,
              kind: to.group === '' ? to.kind : `${to.kind}.${to.group}`,
              namespace: resource.namespace,
            },
          });
        }
      },
    };
  },
});
