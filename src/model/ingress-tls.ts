/**
 * The TLS Secrets an Ingress serves, entry by entry, with the certificate facts of each: what the
 * certificate rules iterate over. Entries without `secretName` (controller default certificate) and
 * Secrets that do not exist are left out: ingress-tls-secret-missing reports those.
 */
import type { CertificateInfo, TlsMaterial } from './certificate.ts';
import type { IngressTlsView, IngressView } from './ingress.ts';
import type { Model } from './model.ts';
import { LastAnswerInModel } from './memo.ts';
import type { ObjectRef } from './resource.ts';
import type { SecretResource } from './secret.ts';

export interface TlsSecretUse {
  readonly entry: IngressTlsView;
  readonly secretName: string;
  readonly secret: SecretResource;
  /** `spec.tls[i].secretName`: where certificate findings point. */
  readonly path: string;
  readonly related: readonly ObjectRef[];
}

export interface ServedCertificate extends TlsSecretUse {
  readonly tls: TlsMaterial;
  /** Certificates of `tls.crt`, leaf first; never empty. */
  readonly chain: readonly [CertificateInfo, ...CertificateInfo[]];
  readonly leaf: CertificateInfo;
}

export function tlsSecretUses(model: Model, ingress: IngressView): readonly TlsSecretUse[] {
  return secretUsesOf.get(model, ingress);
}

/** Uses whose `tls.crt` parsed into at least one certificate. */
export function servedCertificates(model: Model, ingress: IngressView): readonly ServedCertificate[] {
  return servedOf.get(model, ingress);
}

// Each is computed once per Ingress and shared (frozen) by the dozen certificate rules that ask; most
// Ingresses have no TLS entry and share one empty answer.
const NONE: readonly never[] = Object.freeze([]);
const secretUsesOf = new LastAnswerInModel((model: Model, ingress: IngressView): readonly TlsSecretUse[] =>
  ingress.tls.length === 0 ? NONE : Object.freeze(readTlsSecretUses(model, ingress)),
);
const servedOf = new LastAnswerInModel((model: Model, ingress: IngressView): readonly ServedCertificate[] =>
  ingress.tls.length === 0 ? NONE : Object.freeze(readServedCertificates(model, ingress)),
);

function readTlsSecretUses(model: Model, ingress: IngressView): TlsSecretUse[] {
  const { namespace } = ingress.resource;
  const uses: TlsSecretUse[] = [];
  for (const entry of ingress.tls) {
    const secretName = entry.secretName;
    if (secretName === undefined) continue;
    const secret = model.secret(namespace, secretName);
    if (!secret) continue;
    uses.push({
      entry,
      secretName,
      secret,
      path: `${entry.fieldPath}.secretName`,
      related: [{ apiVersion: 'v1', kind: 'Secret', namespace, name: secretName }],
    });
  }
  return uses;
}

function readServedCertificates(model: Model, ingress: IngressView): ServedCertificate[] {
  const served: ServedCertificate[] = [];
  for (const use of tlsSecretUses(model, ingress)) {
    const tls = use.secret.tls;
    if (!tls || tls.certificateError !== undefined) continue;
    const [leaf, ...rest] = tls.chain;
    if (!leaf) continue;
    served.push({ ...use, tls, chain: [leaf, ...rest], leaf });
  }
  return served;
}

/** An instant as findings show it: `2026-06-10T00:00:00.000Z`. */
export function isoTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}
