/**
 * TLS material from a Secret, reduced to what the certificate checks need. The private key is used once,
 * to check it belongs to the leaf, and is never stored: only the verdict is.
 */
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly commonName: string | undefined;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly notBefore: number;
  readonly notAfter: number;
  readonly keyType: string | undefined;
  readonly keyBits: number | undefined;
  readonly signatureAlgorithm: string | undefined;
  readonly selfSigned: boolean;
  readonly fingerprint256: string;
}

export interface TlsMaterial {
  /** Certificates of `tls.crt` in file order (leaf first, by convention). */
  readonly chain: readonly CertificateInfo[];
  /** Why `tls.crt` is unusable, when it is. */
  readonly certificateError: string | undefined;
  readonly keyPresent: boolean;
  /** undefined when it could not be decided (no key, or no certificate). */
  readonly keyMatches: boolean | undefined;
  readonly keyError: string | undefined;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** OIDs of signature algorithms we name; the weak ones are the ones rules care about. */
const SIGNATURE_OIDS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

export function decodeBase64(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

/**
 * The same certificate and key are often copied into many Secrets (a wildcard certificate per
 * namespace), and parsing plus the key check is the most expensive step of reading a Secret; the
 * verdicts are remembered by a digest of the pair, so no key material is kept as a map key.
 */
const materialCache = new Map<string, TlsMaterial>();
const MATERIAL_CACHE_LIMIT = 1024;

export function readTlsMaterial(certPem: string | undefined, keyPem: string | undefined): TlsMaterial {
  const digest = createHash('sha256')
    .update(certPem ?? '\u0000none')
    .update('\u0000')
    .update(keyPem ?? '\u0000none')
    .digest('base64');
  const cached = materialCache.get(digest);
  if (cached) return cached;
  const material = readTlsMaterialUncached(certPem, keyPem);
  if (materialCache.size >= MATERIAL_CACHE_LIMIT) materialCache.clear();
  materialCache.set(digest, material);
  return material;
}

function readTlsMaterialUncached(certPem: string | undefined, keyPem: string | undefined): TlsMaterial {
  const keyPresent = keyPem !== undefined && keyPem.trim() !== '';
  if (certPem === undefined || certPem.trim() === '') {
    return {
      chain: [],
      certificateError: 'tls.crt is empty or absent',
      keyPresent,
      keyMatches: undefined,
      keyError: undefined,
    };
  }
  const blocks = certPem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    return {
      chain: [],
      certificateError: 'tls.crt holds no PEM certificate',
      keyPresent,
      keyMatches: undefined,
      keyError: undefined,
    };
  }
  const parsed: X509Certificate[] = [];
  const chain: CertificateInfo[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      const certificate = new X509Certificate(block);
      // Reading the public key can fail on its own (a well-formed envelope around a broken key).
      chain.push(describe(certificate));
      parsed.push(certificate);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        chain: [],
        certificateError: `certificate ${index + 1} of tls.crt cannot be parsed: ${reason}`,
        keyPresent,
        keyMatches: undefined,
        keyError: undefined,
      };
    }
  }
  const leaf = parsed[0];
  let keyMatches: boolean | undefined;
  let keyError: string | undefined;
  if (keyPresent && leaf) {
    try {
      keyMatches = leaf.checkPrivateKey(createPrivateKey(keyPem));
    } catch {
      // Never echo the parser's message: it may quote key material.
      keyError = 'tls.key is not a readable private key';
    }
  }
  return { chain, certificateError: undefined, keyPresent, keyMatches, keyError };
}

function describe(cert: X509Certificate): CertificateInfo {
  const details = cert.publicKey.asymmetricKeyDetails;
  const keyType = cert.publicKey.asymmetricKeyType;
  let keyBits = details?.modulusLength;
  if (keyBits === undefined && details?.namedCurve) keyBits = curveBits(details.namedCurve);
  if (keyBits === undefined && keyType === 'ed25519') keyBits = 256;
  if (keyBits === undefined && keyType === 'ed448') keyBits = 448;
  const selfIssued = cert.subject === cert.issuer;
  let selfSigned = false;
  if (selfIssued) {
    try {
      selfSigned = cert.verify(cert.publicKey);
    } catch {
      selfSigned = false;
    }
  }
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1],
    dnsNames: sanEntries(cert.subjectAltName, 'DNS'),
    ipAddresses: sanEntries(cert.subjectAltName, 'IP Address'),
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo),
    keyType,
    keyBits,
    signatureAlgorithm: signatureAlgorithmOf(cert.raw),
    selfSigned,
    fingerprint256: cert.fingerprint256,
  };
}

function curveBits(curve: string): number | undefined {
  const match = /(\d{3})/.exec(curve);
  if (curve === 'prime256v1') return 256;
  return match ? Number(match[1]) : undefined;
}

function sanEntries(subjectAltName: string | undefined, type: string): string[] {
  if (!subjectAltName) return [];
  const out: string[] = [];
  for (const part of subjectAltName.split(/,\s*/)) {
    const colon = part.indexOf(':');
    if (colon > 0 && part.slice(0, colon) === type) out.push(part.slice(colon + 1).replace(/^"|"$/g, ''));
  }
  return out;
}

/** Reads Certificate.signatureAlgorithm (the second element of the outer DER SEQUENCE). */
export function signatureAlgorithmOf(der: Buffer): string | undefined {
  try {
    const outer = readTlv(der, 0);
    const tbs = readTlv(der, outer.contentStart);
    const algorithm = readTlv(der, tbs.end);
    const oid = readTlv(der, algorithm.contentStart);
    if (oid.tag !== 0x06) return undefined;
    const dotted = decodeOid(der.subarray(oid.contentStart, oid.end));
    return SIGNATURE_OIDS[dotted] ?? dotted;
  } catch {
    return undefined;
  }
}

interface Tlv {
  tag: number;
  contentStart: number;
  end: number;
}

function readTlv(buf: Buffer, offset: number): Tlv {
  const tag = buf[offset];
  let lengthByte = buf[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new Error('truncated DER');
  let cursor = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = buf[cursor++];
      if (lengthByte === undefined) throw new Error('truncated DER');
      length = length * 256 + lengthByte;
    }
  }
  return { tag, contentStart: cursor, end: cursor + length };
}

function decodeOid(bytes: Buffer): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** Does a certificate name (SAN, or CN without SANs) cover a host? Wildcards cover exactly one label. */
export function certificateCoversHost(cert: CertificateInfo, host: string): boolean {
  const names =
    cert.dnsNames.length > 0 || cert.ipAddresses.length > 0
      ? cert.dnsNames
      : cert.commonName
        ? [cert.commonName]
        : [];
  if (cert.ipAddresses.includes(host)) return true;
  return names.some((name) => hostnameMatches(name.toLowerCase(), host.toLowerCase()));
}

/** `pattern` may be `*.example.com` (one label). A wildcard host is covered only by the same wildcard. */
export function hostnameMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.') || host.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}
