/**
 * Source-range lists as ingress controllers read them: comma-separated CIDRs or bare IP addresses
 * (ingress-nginx's `allowlist-source-range`, HAProxy's `allow-list`). Parsed with node:net so that what
 * counts as an address is Node's (and the controllers') idea, not a hand-written regex.
 */
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  /** The entry as written (trimmed). */
  readonly text: string;
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/**
 * One entry: `a.b.c.d/n`, `x::y/n`, or a bare address (a single host). Zone ids (`fe80::1%eth0`) and
 * prefixes out of range are rejected, as Go's net.ParseCIDR (which the controllers use) rejects them.
 */
export function parseCidr(entry: string): Cidr | undefined {
  const text = entry.trim();
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const version = address.includes('%') ? 0 : isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const maxPrefix = version === 4 ? 32 : 128;
  if (slash === -1) return { text, address, prefix: maxPrefix, family };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= maxPrefix ? { text, address, prefix, family } : undefined;
}

/** A comma-separated list; empty entries (a trailing comma) are skipped. */
export function parseCidrList(value: string): { readonly cidrs: Cidr[]; readonly invalid: string[] } {
  const cidrs: Cidr[] = [];
  const invalid: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const cidr = parseCidr(entry);
    if (cidr) cidrs.push(cidr);
    else invalid.push(entry);
  }
  return { cidrs, invalid };
}

/** `0.0.0.0/0`, `::/0` and any other `/0`: every address of the family. */
export function matchesEverything(cidr: Cidr): boolean {
  return cidr.prefix === 0;
}

/**
 * Ranges no Internet client comes from: RFC 1918, loopback, link-local, RFC 6598 shared address space
 * (carrier-grade NAT, also used inside clouds), IPv6 loopback, unique-local and link-local.
 */
export const PRIVATE_RANGES: readonly Omit<Cidr, 'text'>[] = [
  { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
  { address: '172.16.0.0', prefix: 12, family: 'ipv4' },
  { address: '192.168.0.0', prefix: 16, family: 'ipv4' },
  { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
  { address: '169.254.0.0', prefix: 16, family: 'ipv4' },
  { address: '100.64.0.0', prefix: 10, family: 'ipv4' },
  { address: '::1', prefix: 128, family: 'ipv6' },
  { address: 'fc00::', prefix: 7, family: 'ipv6' },
  { address: 'fe80::', prefix: 10, family: 'ipv6' },
];

const PRIVATE_BLOCKS = PRIVATE_RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.address, range.prefix, range.family);
  return { range, list };
});

/**
 * Whether every address of the CIDR is private. CIDRs nest or are disjoint, so it lies inside a block
 * exactly when one of its addresses does and its prefix is at least as long as the block's.
 */
export function isPrivateCidr(cidr: Cidr): boolean {
  // Same family only: an IPv4-mapped IPv6 prefix length does not compare with an IPv4 one.
  return PRIVATE_BLOCKS.some(
    ({ range, list }) =>
      range.family === cidr.family && cidr.prefix >= range.prefix && list.check(cidr.address, cidr.family),
  );
}
