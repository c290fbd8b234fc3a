import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPrivateCidr, matchesEverything, parseCidr, parseCidrList } from './cidr.ts';

describe('parseCidr', () => {
  it('reads CIDRs and bare addresses of both families', () => {
    assert.deepEqual(parseCidr(' 10.0.0.0/8 '), {
      text: '10.0.0.0/8',
      address: '10.0.0.0',
      prefix: 8,
      family: 'ipv4',
    });
    assert.deepEqual(parseCidr('203.0.113.7'), {
      text: '203.0.113.7',
      address: '203.0.113.7',
      prefix: 32,
      family: 'ipv4',
    });
    assert.equal(parseCidr('2001:db8::/32')?.family, 'ipv6');
    assert.equal(parseCidr('::1')?.prefix, 128);
  });
  it('rejects what Go net.ParseCIDR rejects', () => {
    for (const bad of [
      '10.0.0.0/33',
      '::/129',
      '10.0.0.0/',
      '10.0.0.0/+8',
      '300.1.1.1',
      'fe80::1%eth0',
      '10.0.0.1-10.0.0.9',
      'any',
      '010.0.0.1',
    ]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });
});

describe('parseCidrList', () => {
  it('splits on commas, skips empty entries and keeps invalid ones apart', () => {
    const { cidrs, invalid } = parseCidrList('10.0.0.0/8, ,192.168.1.1,nope,');
    assert.deepEqual(
      cidrs.map((c) => c.text),
      ['10.0.0.0/8', '192.168.1.1'],
    );
    assert.deepEqual(invalid, ['nope']);
  });
});

describe('matchesEverything / isPrivateCidr', () => {
  const cidr = (text: string) => {
    const parsed = parseCidr(text);
    assert.ok(parsed, text);
    return parsed;
  };
  it('treats any /0 as everything', () => {
    assert.ok(matchesEverything(cidr('0.0.0.0/0')));
    assert.ok(matchesEverything(cidr('::/0')));
    assert.ok(!matchesEverything(cidr('0.0.0.0/1')));
  });
  it('knows private ranges and ranges inside them', () => {
    for (const text of [
      '10.0.0.0/8',
      '10.1.2.0/24',
      '172.16.0.0/12',
      '172.31.255.255',
      '192.168.10.0/24',
      '127.0.0.1',
      '100.64.0.0/10',
      'fd00:1::/64',
      'fe80::/10',
      '::1',
    ]) {
      assert.ok(isPrivateCidr(cidr(text)), text);
    }
  });
  it('does not call a range private when it reaches past the private block', () => {
    for (const text of [
      '10.0.0.0/7',
      '172.16.0.0/11',
      '203.0.113.0/24',
      '8.8.8.8',
      '0.0.0.0/0',
      '2001:db8::/32',
      'fc00::/6',
      '::ffff:10.0.0.0/97',
    ]) {
      assert.ok(!isPrivateCidr(cidr(text)), text);
    }
  });
});
