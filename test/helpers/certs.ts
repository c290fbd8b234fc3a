/**
 * The test PKI (test/fixtures/certs/, made by generate.sh): read a PEM and build a kubernetes.io/tls
 * Secret from a certificate/key pair, for tests, examples and benchmarks that need real TLS material.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CERTS_DIR = join(import.meta.dirname, '..', 'fixtures', 'certs');

/** Good certificates of the test PKI, each with its key; all valid 2025-01-01 .. 2035-01-01. */
export const GOOD_PAIRS = {
  /** RSA 2048: shop.example.com, www.shop.example.com — leaf + intermediate + root. */
  shopRsa: { cert: 'shop-rsa.fullchain.crt', key: 'shop-rsa.key' },
  /** EC P-256: shop.example.com, *.shop.example.com — leaf + intermediate + root. */
  shopEc: { cert: 'shop-ec.fullchain.crt', key: 'shop-ec.key' },
} as const;

export function readPem(file: string): string {
  return readFileSync(join(CERTS_DIR, file), 'utf8');
}

export interface TlsSecretSpec {
  readonly name: string;
  readonly namespace?: string;
  /** A file in test/fixtures/certs/, e.g. `shop-rsa.fullchain.crt`; omit for a Secret without `tls.crt`. */
  readonly cert?: string;
  /** A file in test/fixtures/certs/, e.g. `shop-rsa.key`; omit for a Secret without `tls.key`. */
  readonly key?: string;
  readonly type?: string;
}

/** One YAML document (no `---`): a Secret with `tls.crt`/`tls.key` base64-encoded in `data`. */
export function tlsSecretYaml(spec: TlsSecretSpec): string {
  const lines = ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${spec.name}`];
  if (spec.namespace !== undefined) lines.push(`  namespace: ${spec.namespace}`);
  lines.push(`type: ${spec.type ?? 'kubernetes.io/tls'}`, 'data:');
  if (spec.cert !== undefined) lines.push(`  tls.crt: ${base64(readPem(spec.cert))}`);
  if (spec.key !== undefined) lines.push(`  tls.key: ${base64(readPem(spec.key))}`);
  if (spec.cert === undefined && spec.key === undefined) lines[lines.length - 1] = 'data: {}';
  return `${lines.join('\n')}\n`;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
