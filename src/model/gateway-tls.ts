/**
 * The certificates Gateway listeners serve: each `tls.certificateRefs` entry that names a core
 * Secret the Gateway may use, with the certificate facts of that Secret. The same shape as
 * ingress-tls.ts's uses, so the certificate rules of section B judge Ingress and Gateway alike.
 * Left out (gateway-certificate-missing reports them): refs to other kinds, Secrets absent from the
 * input, and cross-namespace refs no ReferenceGrant allows (the controller refuses those, so their
 * certificate is never served).
 */
import type { CertificateInfo, TlsMaterial } from './certificate.ts';
import {
  GATEWAY_API_GROUP,
  isReferenceGranted,
  type CertificateRefView,
  type GatewayView,
  type ListenerView,
} from './gateway-api.ts';
import type { Model } from './model.ts';
import type { ObjectRef } from './resource.ts';
import type { SecretResource } from './secret.ts';

export interface ListenerSecretUse {
  readonly listener: ListenerView;
  readonly ref: CertificateRefView;
  /** As findings show it: `name`, or `namespace/name` for a Secret in another namespace. */
  readonly secretName: string;
  readonly secret: SecretResource;
  /** `spec.listeners[i].tls.certificateRefs[j].name`: where certificate findings point. */
  readonly path: string;
  readonly related: readonly ObjectRef[];
  /** The hostnames the listener serves with this certificate (its `hostname`, if any), with paths. */
  readonly hosts: readonly { readonly host: string; readonly path: string }[];
}

export interface ListenerServedCertificate extends ListenerSecretUse {
  readonly tls: TlsMaterial;
  /** Certificates of `tls.crt`, leaf first; never empty. */
  readonly chain: readonly [CertificateInfo, ...CertificateInfo[]];
  readonly leaf: CertificateInfo;
}

export function isSecretRef(ref: CertificateRefView): boolean {
  return ref.group === '' && ref.kind === 'Secret';
}

/** What a certificateRef is called in findings: its name, or namespace/name across namespaces. */
export function certificateRefLabel(ref: CertificateRefView): string {
  return ref.crossNamespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/**
 * Whether the Gateway may use a cross-namespace certificateRef. When the input holds no
 * ReferenceGrant at all, whether one exists is unknown and the reference is assumed to be allowed.
 */
export function certificateRefAllowed(model: Model, gateway: GatewayView, ref: CertificateRefView): boolean {
  if (!ref.crossNamespace || model.whyUnknown('ReferenceGrant') !== undefined) return true;
  return isReferenceGranted(
    model,
    { group: GATEWAY_API_GROUP, kind: 'Gateway', namespace: gateway.resource.namespace },
    { group: '', kind: 'Secret', namespace: ref.namespace, name: ref.name },
  );
}

export function listenerSecretUses(model: Model, gateway: GatewayView): ListenerSecretUse[] {
  const uses: ListenerSecretUse[] = [];
  for (const listener of gateway.listeners) {
    for (const ref of listener.tls?.certificateRefs ?? []) {
      if (!isSecretRef(ref) || !certificateRefAllowed(model, gateway, ref)) continue;
      const secret = model.secret(ref.namespace, ref.name);
      if (!secret) continue;
      uses.push({
        listener,
        ref,
        secretName: certificateRefLabel(ref),
        secret,
        path: `${ref.fieldPath}.name`,
        related: [{ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name }],
        hosts:
          listener.hostname === undefined
            ? []
            : [{ host: listener.hostname, path: `${listener.fieldPath}.hostname` }],
      });
    }
  }
  return uses;
}

/** Uses whose `tls.crt` parsed into at least one certificate. */
export function listenerServedCertificates(model: Model, gateway: GatewayView): ListenerServedCertificate[] {
  const served: ListenerServedCertificate[] = [];
  for (const use of listenerSecretUses(model, gateway)) {
    const tls = use.secret.tls;
    if (!tls || tls.certificateError !== undefined) continue;
    const [leaf, ...rest] = tls.chain;
    if (!leaf) continue;
    served.push({ ...use, tls, chain: [leaf, ...rest], leaf });
  }
  return served;
}
