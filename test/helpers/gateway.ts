/**
 * A Gateway serving a TLS Secret of the test PKI on one HTTPS listener, for the certificate rules of
 * section B, which judge Gateway listener certificates as they judge Ingress ones.
 */
import { tlsSecretYaml, type TlsSecretSpec } from './certs.ts';

export interface ServingGatewaySpec {
  /** The Secret, created in namespace `shop` unless it names another. */
  readonly secret: TlsSecretSpec;
  /** The listener's hostname; none when omitted. */
  readonly hostname?: string;
}

/** YAML: Gateway shop/edge with listener `https` (certificateRefs[0] = the Secret), then the Secret. */
export function servingGatewayYaml(spec: ServingGatewaySpec): string {
  const namespace = spec.secret.namespace ?? 'shop';
  const ref =
    namespace === 'shop'
      ? `{ name: ${spec.secret.name} }`
      : `{ name: ${spec.secret.name}, namespace: ${namespace} }`;
  const hostname = spec.hostname === undefined ? '' : `\n      hostname: "${spec.hostname}"`;
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: shop }
spec:
  gatewayClassName: eg
  listeners:
    - name: https
      port: 443
      protocol: HTTPS${hostname}
      tls: { certificateRefs: [${ref}] }
---
${tlsSecretYaml({ ...spec.secret, namespace })}`;
}
