import { defineRule } from '../engine/rule.ts';
import { ADDRESS_KIND_LABELS, sensitiveAddressKind } from '../model/addresses.ts';
import { externalNameOf, serviceBackends, serviceRef } from '../model/services.ts';

export default defineRule({
  id: 'ingress-backend-externalname',
  severity: 'warning',
  category: 'references',
  preset: 'recommended',
  docs: {
    summary:
      'A backend Service is of type ExternalName, so the controller proxies to whatever that DNS name resolves to; an error when it names localhost, a loopback or link-local address, or a cloud metadata endpoint.',
    remediation:
      'Route to an in-cluster Service with a selector (or a Service with explicit EndpointSlices); never point an ExternalName backend at loopback, link-local or metadata addresses.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#externalname',
      'https://github.com/kubernetes/kubernetes/issues/103675',
      'https://kyverno.io/policies/other-cel/disallow-localhost-services/disallow-localhost-services/',
    ],
  },
  messages: {
    externalName:
      'Backend Service "{{service}}" is an ExternalName for "{{externalName}}": the controller proxies to whatever that name resolves to, across namespaces or outside the cluster.',
    sensitive:
      'Backend Service "{{service}}" is an ExternalName for "{{externalName}}", a {{addressKind}} address: the controller would proxy client requests to itself or to the node\'s metadata service.',
  },
  needs: ['Service'],
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const { namespace } = ingress.resource;
        for (const backend of serviceBackends(ingress)) {
          const service = model.get('Service', namespace, backend.service);
          const externalName = service ? externalNameOf(service) : undefined;
          if (externalName === undefined) continue;
          const related = [serviceRef(namespace, backend.service)];
          const addressKind = sensitiveAddressKind(externalName);
          if (addressKind) {
            report({
              path: backend.servicePath,
              messageId: 'sensitive',
              data: { service: backend.service, externalName, addressKind: ADDRESS_KIND_LABELS[addressKind] },
              related,
              severity: 'error',
            });
          } else {
            report({
              path: backend.servicePath,
              messageId: 'externalName',
              data: { service: backend.service, externalName },
              related,
            });
          }
        }
      },
    };
  },
});
