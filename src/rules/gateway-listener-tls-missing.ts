import { defineRule } from '../engine/rule.ts';
import { gatewayView, type ListenerView } from '../model/gateway-api.ts';

/** Listeners that terminate TLS themselves and so need a certificate. */
function terminatesTls(listener: ListenerView): boolean {
  if (listener.protocol === 'HTTPS') return true;
  return listener.protocol === 'TLS' && (listener.tls?.mode ?? 'Terminate') === 'Terminate';
}

export default defineRule({
  id: 'gateway-listener-tls-missing',
  severity: 'warning',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A Gateway has only plain HTTP listeners, or an HTTPS (or TLS Terminate) listener names no certificateRefs, so its traffic is served without TLS or with no certificate at all.',
    remediation:
      'Add an HTTPS listener with tls.certificateRefs naming a kubernetes.io/tls Secret (and redirect HTTP to it with a RequestRedirect filter), or add the missing certificateRefs.',
    references: [
      'https://gateway-api.sigs.k8s.io/guides/tls/',
      'https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/',
    ],
  },
  messages: {
    httpOnly: 'Gateway "{{gateway}}" has only plain HTTP listeners: no traffic to it is encrypted.',
    noCertificate: 'Listener "{{listener}}" ({{protocol}}) terminates TLS but names no certificateRefs.',
  },
  create({ model, report }) {
    return {
      Gateway(resource) {
        const { listeners } = gatewayView(model, resource);
        if (listeners.length > 0 && listeners.every((l) => l.protocol === 'HTTP')) {
          report({ path: 'spec.listeners', messageId: 'httpOnly', data: { gateway: resource.name } });
          return;
        }
        for (const listener of listeners) {
          if (!terminatesTls(listener) || (listener.tls?.certificateRefs.length ?? 0) > 0) continue;
          report({
            path: listener.tls ? listener.tls.fieldPath : listener.fieldPath,
            messageId: 'noCertificate',
            data: { listener: listener.name, protocol: listener.protocol },
          });
        }
      },
    };
  },
});
