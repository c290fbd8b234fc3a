import { defineRule } from '../engine/rule.ts';
import { gatewayView } from '../model/gateway-api.ts';
import { certificateRefAllowed, certificateRefLabel, isSecretRef } from '../model/gateway-tls.ts';
import { TLS_SECRET_TYPE } from '../model/secret.ts';

export default defineRule({
  id: 'gateway-certificate-missing',
  severity: 'error',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A Gateway listener certificateRef names a Secret that does not exist or is not of type kubernetes.io/tls, or one in another namespace that no ReferenceGrant lets the Gateway use (the certificates themselves are judged by the ingress-tls-cert-* rules).',
    remediation:
      "Create the kubernetes.io/tls Secret (or fix the reference); for a Secret in another namespace, add a ReferenceGrant in that namespace from the Gateway's namespace to the Secret.",
    references: [
      'https://gateway-api.sigs.k8s.io/guides/tls/',
      'https://gateway-api.sigs.k8s.io/api-types/referencegrant/',
    ],
  },
  messages: {
    missing:
      'Certificate Secret "{{secret}}" of listener "{{listener}}" not found in namespace "{{namespace}}".',
    wrongType: 'Secret "{{secret}}" of listener "{{listener}}" is of type "{{type}}", not kubernetes.io/tls.',
    ungranted:
      'Listener "{{listener}}" uses Secret "{{secret}}" from namespace "{{namespace}}" but no ReferenceGrant there allows Gateways of "{{gatewayNamespace}}".',
  },
  needs: ['Secret'],
  create({ model, report }) {
    return {
      Gateway(resource) {
        const gateway = gatewayView(model, resource);
        for (const listener of gateway.listeners) {
          for (const ref of listener.tls?.certificateRefs ?? []) {
            // Other kinds (cert-manager, vendor objects) are the implementation's business.
            if (!isSecretRef(ref)) continue;
            const related = [{ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name }];
            const base = {
              secret: certificateRefLabel(ref),
              listener: listener.name,
              namespace: ref.namespace,
            };
            if (!certificateRefAllowed(model, gateway, ref)) {
              report({
                path: `${ref.fieldPath}.namespace`,
                messageId: 'ungranted',
                data: { ...base, gatewayNamespace: resource.namespace },
                related,
              });
              continue;
            }
            const secret = model.secret(ref.namespace, ref.name);
            if (!secret) report({ path: `${ref.fieldPath}.name`, messageId: 'missing', data: base, related });
            else if (secret.secretType !== TLS_SECRET_TYPE)
              report({
                path: `${ref.fieldPath}.name`,
                messageId: 'wrongType',
                data: { ...base, type: secret.secretType },
                related,
              });
          }
        }
      },
    };
  },
});
