import { defineRule } from '../engine/rule.ts';
import { ADDRESS_KIND_LABELS, sensitiveAddressKind } from '../model/addresses.ts';
import { externalNameOf } from '../model/services.ts';

export default defineRule({
  id: 'service-externalname-localhost',
  severity: 'error',
  category: 'exposure',
  preset: 'recommended',
  docs: {
    summary:
      "An ExternalName Service points at localhost, a loopback or link-local address, or a cloud metadata endpoint: any proxy routing to it reaches the proxy itself or the node's credentials.",
    remediation:
      'Delete the Service or point it at a real external host name; block such Services with an admission policy.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#externalname',
      'https://github.com/kubernetes/kubernetes/issues/103675',
      'https://github.com/kubernetes/ingress-nginx/pull/7092',
      'https://kyverno.io/policies/other-cel/disallow-localhost-services/disallow-localhost-services/',
    ],
  },
  messages: {
    sensitive:
      'ExternalName "{{externalName}}" is a {{addressKind}} address: a controller routing to this Service would proxy requests to itself or to the node\'s metadata service.',
  },
  create({ report }) {
    return {
      Service(service) {
        const externalName = externalNameOf(service);
        if (externalName === undefined) return;
        const addressKind = sensitiveAddressKind(externalName);
        if (!addressKind) return;
        report({
          path: 'spec.externalName',
          messageId: 'sensitive',
          data: { externalName, addressKind: ADDRESS_KIND_LABELS[addressKind] },
        });
      },
    };
  },
});
