import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { CertificateInfo } from './certificate.ts';
import {
  certificateNames,
  certificateWeaknesses,
  chainRole,
  isPubliclyTrustedRoot,
  missingIssuer,
  oneLineName,
} from './certificate-checks.ts';
import { readTlsMaterial } from './certificate.ts';
import { readPem } from '../../test/helpers/certs.ts';

function cert(overrides: Partial<CertificateInfo>): CertificateInfo {
  return {
    subject: 'CN=leaf',
    issuer: 'CN=issuer',
    commonName: 'leaf',
    dnsNames: [],
    ipAddresses: [],
    notBefore: 0,
    notAfter: 0,
    keyType: 'rsa',
    keyBits: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    selfSigned: false,
    fingerprint256: '',
    ...overrides,
  };
}

const chainOf = (file: string) => readTlsMaterial(readPem(file), undefined).chain;

describe('certificateNames', () => {
  it('prefers SANs and falls back to the CN only without any SAN', () => {
    assert.deepEqual(certificateNames(cert({ dnsNames: ['a.example.com'], ipAddresses: ['10.0.0.1'] })), [
      'a.example.com',
      '10.0.0.1',
    ]);
    assert.deepEqual(certificateNames(cert({ commonName: 'legacy.example.com' })), ['legacy.example.com']);
    assert.deepEqual(certificateNames(cert({ commonName: undefined })), []);
  });
});

describe('certificateWeaknesses', () => {
  it('flags RSA under 2048 and EC under 256 bits', () => {
    assert.deepEqual(certificateWeaknesses(cert({ keyBits: 1024 }), false), [
      { kind: 'key', keyType: 'rsa', bits: 1024, minimum: 2048 },
    ]);
    assert.deepEqual(
      certificateWeaknesses(
        cert({ keyType: 'ec', keyBits: 224, signatureAlgorithm: 'ecdsa-with-SHA256' }),
        false,
      ),
      [{ kind: 'key', keyType: 'ec', bits: 224, minimum: 256 }],
    );
    assert.deepEqual(certificateWeaknesses(cert({ keyType: 'ec', keyBits: 256 }), false), []);
  });
  it('flags MD5 and SHA-1 signatures except on a root', () => {
    assert.deepEqual(certificateWeaknesses(cert({ signatureAlgorithm: 'md5WithRSAEncryption' }), false), [
      { kind: 'signature', algorithm: 'md5WithRSAEncryption' },
    ]);
    assert.deepEqual(certificateWeaknesses(cert({ signatureAlgorithm: 'ecdsa-with-SHA1' }), false), [
      { kind: 'signature', algorithm: 'ecdsa-with-SHA1' },
    ]);
    assert.deepEqual(
      certificateWeaknesses(cert({ signatureAlgorithm: 'sha1WithRSAEncryption', selfSigned: true }), true),
      [],
    );
  });
  it('reads the real test PKI', () => {
    const [leaf] = chainOf('weak-rsa1024.crt');
    assert.ok(leaf);
    assert.deepEqual(certificateWeaknesses(leaf, false), [
      { kind: 'key', keyType: 'rsa', bits: 1024, minimum: 2048 },
    ]);
    const ec = chainOf('shop-ec.fullchain.crt');
    assert.deepEqual(
      ec.map((c, i) => certificateWeaknesses(c, chainRole(ec, i) === 'root')),
      [[], [], []],
    );
  });
});

describe('chainRole', () => {
  it('names leaf, intermediates and the root', () => {
    assert.deepEqual(
      chainOf('shop-rsa.fullchain.crt').map((_, i, chain) => chainRole(chain, i)),
      ['leaf', 'intermediate 1', 'root'],
    );
  });
});

describe('missingIssuer', () => {
  it('is undefined for a full chain and a self-signed leaf', () => {
    assert.equal(missingIssuer(chainOf('shop-rsa.fullchain.crt')), undefined);
    assert.equal(missingIssuer(chainOf('self-signed.crt')), undefined);
  });
  it('names the first issuer the chain lacks', () => {
    assert.equal(
      oneLineName(missingIssuer(chainOf('shop-ec.crt')) ?? ''),
      'O=Gatewatch Test, CN=Gatewatch Test Intermediate CA',
    );
    assert.equal(
      oneLineName(missingIssuer(chainOf('shop-ec.chain.crt')) ?? ''),
      'O=Gatewatch Test, CN=Gatewatch Test Root CA',
    );
  });
  it('accepts a chain whose last issuer is a publicly trusted root, which servers leave out', () => {
    const publicRoot = new X509Certificate(rootCertificates[0] ?? '').subject;
    assert.ok(isPubliclyTrustedRoot(publicRoot));
    const intermediate = cert({ subject: 'CN=Public Intermediate', issuer: publicRoot });
    assert.equal(missingIssuer([cert({ issuer: 'CN=Public Intermediate' }), intermediate]), undefined);
    assert.equal(missingIssuer([cert({ issuer: 'CN=Public Intermediate' })]), 'CN=Public Intermediate');
  });
  it('stops on issuer loops', () => {
    const a = cert({ subject: 'CN=a', issuer: 'CN=b' });
    const b = cert({ subject: 'CN=b', issuer: 'CN=a' });
    assert.equal(missingIssuer([a, b]), undefined);
  });
});
