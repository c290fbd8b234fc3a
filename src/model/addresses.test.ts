import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sensitiveAddressKind } from './addresses.ts';

describe('sensitiveAddressKind', () => {
  const cases: [string, ReturnType<typeof sensitiveAddressKind>][] = [
    ['localhost', 'loopback'],
    ['LocalHost.', 'loopback'],
    ['api.localhost', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['127.45.0.9', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['127.0.0.1.nip.io', 'loopback'],
    ['7f000001.nip.io', 'loopback'],
    ['anything.lvh.me', 'loopback'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['169.254.169.254', 'cloud-metadata'],
    ['169-254-169-254.sslip.io', 'cloud-metadata'],
    ['fd00:ec2::254', 'cloud-metadata'],
    ['metadata.google.internal', 'cloud-metadata'],
    ['api.example.com', undefined],
    ['10.0.0.1', undefined],
    ['10.0.0.1.nip.io', undefined],
    ['2001:db8::1', undefined],
    ['', undefined],
  ];
  for (const [host, expected] of cases) {
    it(`${JSON.stringify(host)} → ${String(expected)}`, () => {
      assert.equal(sensitiveAddressKind(host), expected);
    });
  }
});
