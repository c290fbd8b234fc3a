/**
 * Secrets are reduced at the door: the TLS certificate is parsed, the key is checked against it, and
 * every value is dropped from the body so nothing downstream (rules, outputs, ledger) can leak it.
 */
import {
  asObject,
  asString,
  type JsonObject,
  type ObjectRef,
  type Origin,
  type Resource,
} from './resource.ts';
import { decodeBase64, readTlsMaterial, type TlsMaterial } from './certificate.ts';

export const TLS_SECRET_TYPE = 'kubernetes.io/tls';

export interface SecretResource extends Resource {
  readonly secretType: string;
  /** Present for Secrets that carry `tls.crt` (whatever their type). */
  readonly tls: TlsMaterial | undefined;
  readonly dataKeys: readonly string[];
}

export function redactSecret(
  body: JsonObject,
  ref: ObjectRef & { origin: Origin | undefined; helmSource: string | undefined },
): SecretResource {
  const data = asObject(body.data);
  const stringData = asObject(body.stringData);
  const value = (key: string): string | undefined => asString(stringData[key]) ?? decodeBase64(data[key]);
  const certificate = value('tls.crt');
  const key = value('tls.key');
  const dataKeys = [...new Set([...Object.keys(data), ...Object.keys(stringData)])].sort();
  const tls = certificate !== undefined || key !== undefined ? readTlsMaterial(certificate, key) : undefined;
  const redacted: JsonObject = { ...body };
  delete redacted.data;
  delete redacted.stringData;
  redacted.metadata = withoutLastApplied(asObject(body.metadata));
  return {
    ...ref,
    body: redacted,
    secretType: asString(body.type) ?? 'Opaque',
    tls,
    dataKeys,
  };
}

export function isSecretResource(resource: Resource): resource is SecretResource {
  return resource.kind === 'Secret' && 'dataKeys' in resource;
}

/** `kubectl apply` copies the whole object, values included, into this annotation. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

function withoutLastApplied(metadata: JsonObject): JsonObject {
  const annotations = asObject(metadata.annotations);
  if (!(LAST_APPLIED_ANNOTATION in annotations)) return metadata;
  const kept = Object.fromEntries(
    Object.entries(annotations).filter(([key]) => key !== LAST_APPLIED_ANNOTATION),
  );
  return { ...metadata, annotations: kept };
}
