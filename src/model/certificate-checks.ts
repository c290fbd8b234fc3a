/**
 * Judgements over parsed certificates (certificate.ts gives the facts): which names a certificate
 * answers to, whether its key or signature is weak, whether its chain leads to a root.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { CertificateInfo } from './certificate.ts';

/** The names a client checks a host against: the DNS and IP SANs, or the CN when there is no SAN. */
export function certificateNames(cert: CertificateInfo): string[] {
  if (cert.dnsNames.length > 0 || cert.ipAddresses.length > 0) return [...cert.dnsNames, ...cert.ipAddresses];
  return cert.commonName !== undefined ? [cert.commonName] : [];
}

/** A distinguished name on one line (`O=Example, CN=shop.example.com`), as findings show it. */
export function oneLineName(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ');
}

/** What a certificate is called in findings: its CN, or its whole subject when it has none. */
export function certificateLabel(cert: CertificateInfo): string {
  return cert.commonName ?? oneLineName(cert.subject);
}

/** Minimum key sizes (bits) below which a key is weak, per key type. */
const MINIMUM_KEY_BITS: Readonly<Record<string, number>> = { rsa: 2048, 'rsa-pss': 2048, ec: 256 };

/** Signature algorithms with broken hashes (collisions are practical for MD5 and SHA-1). */
const WEAK_SIGNATURES: ReadonlySet<string> = new Set([
  'md5WithRSAEncryption',
  'sha1WithRSAEncryption',
  'ecdsa-with-SHA1',
  'dsa-with-SHA1',
]);

export type Weakness =
  | { readonly kind: 'key'; readonly keyType: string; readonly bits: number; readonly minimum: number }
  | { readonly kind: 'signature'; readonly algorithm: string };

/**
 * Weak keys and signatures of one certificate. A root's own signature is not judged: clients trust a
 * root by identity, not by its self-signature.
 */
export function certificateWeaknesses(cert: CertificateInfo, isRoot: boolean): Weakness[] {
  const weaknesses: Weakness[] = [];
  const minimum = cert.keyType !== undefined ? MINIMUM_KEY_BITS[cert.keyType] : undefined;
  if (minimum !== undefined && cert.keyBits !== undefined && cert.keyBits < minimum) {
    weaknesses.push({ kind: 'key', keyType: cert.keyType ?? '', bits: cert.keyBits, minimum });
  }
  if (!isRoot && cert.signatureAlgorithm !== undefined && WEAK_SIGNATURES.has(cert.signatureAlgorithm)) {
    weaknesses.push({ kind: 'signature', algorithm: cert.signatureAlgorithm });
  }
  return weaknesses;
}

/** How a certificate is placed in its chain, for messages: `leaf`, `intermediate 1`, `root`. */
export function chainRole(chain: readonly CertificateInfo[], index: number): string {
  if (index === 0) return 'leaf';
  const cert = chain[index];
  return cert?.selfSigned ? 'root' : `intermediate ${index}`;
}

/**
 * The issuer a chain names but neither contains nor can leave out, or undefined when the chain is
 * complete. Walks from the leaf through issuers found in the chain: it is complete when it reaches a
 * self-signed certificate, or an issuer that is a publicly trusted root (servers are expected to omit
 * those, RFC 8446 §4.4.2; clients have them). Anything else leaves clients without a path to a root.
 */
export function missingIssuer(chain: readonly CertificateInfo[]): string | undefined {
  let current = chain[0];
  const visited = new Set<CertificateInfo>();
  while (current && !current.selfSigned && !visited.has(current)) {
    visited.add(current);
    const { issuer } = current;
    const next = chain.find((cert) => cert !== current && cert.subject === issuer);
    if (!next) return isPubliclyTrustedRoot(issuer) ? undefined : issuer;
    current = next;
  }
  return undefined;
}

let publicRootSubjects: ReadonlySet<string> | undefined;

/** Whether a distinguished name is the subject of a root in Node's bundled (Mozilla) trust store. */
export function isPubliclyTrustedRoot(distinguishedName: string): boolean {
  publicRootSubjects ??= new Set(rootCertificates.map((pem) => new X509Certificate(pem).subject));
  return publicRootSubjects.has(distinguishedName);
}
