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
import { createHmac, randomBytes } from 'node:crypto';
import { decodeBase64, readTlsMaterial, type TlsMaterial } from './certificate.ts';

export const TLS_SECRET_TYPE = 'kubernetes.io/tls';

export interface SecretResource extends Resource {
  readonly secretType: string;
  /** Present for Secrets that carry `tls.crt` (whatever their type). */
  readonly tls: TlsMaterial | undefined;
  readonly dataKeys: readonly string[];
  /**
   * Key → keyed digest of its value, so two reads of a Secret (the approved manifest and the live object:
   * `gatewatch drift`) can be compared without keeping the values. The HMAC key is random per process:
   * the digests mean nothing outside it and cannot be used to guess a value. Never printed.
   */
  readonly dataDigests?: Readonly<Record<string, string>>;
}

const DIGEST_KEY = randomBytes(32);

/** `stringData` wins over `data` for a key in both, as the API server merges them on write. */
function digestsOf(data: JsonObject, stringData: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  const digest = (bytes: Buffer): string => createHmac('sha256', DIGEST_KEY).update(bytes).digest('base64');
  for (const [key, value] of Object.entries(data))
    if (typeof value === 'string') out[key] = digest(Buffer.from(value, 'base64'));
  for (const [key, value] of Object.entries(stringData))
    if (typeof value === 'string') out[key] = digest(Buffer.from(value, 'utf8'));
  return out;
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
    dataDigests: digestsOf(data, stringData),
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
