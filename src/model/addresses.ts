/**
 * Where a host name or address leads when a proxy connects to it: addresses that never leave the
 * node (loopback, link-local) or that answer with cloud credentials (instance metadata). An
 * ExternalName Service pointing there turns the ingress controller into a proxy to itself or to the
 * metadata service (SSRF). Pure: no DNS look-ups, only what the name itself says.
 */
import { BlockList, isIP } from 'node:net';

export type SensitiveAddressKind = 'loopback' | 'link-local' | 'cloud-metadata';

/** How messages name each kind ("a {{addressKind}} address"). */
export const ADDRESS_KIND_LABELS: Readonly<Record<SensitiveAddressKind, string>> = {
  loopback: 'loopback',
  'link-local': 'link-local',
  'cloud-metadata': 'cloud metadata',
};

/** Cloud instance metadata endpoints: AWS/Azure/GCP/OpenStack, AWS IPv6, Alibaba Cloud. */
const METADATA_ADDRESSES = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'];
const METADATA_NAMES = new Set(['metadata.google.internal']);

const metadata = new BlockList();
for (const address of METADATA_ADDRESSES) metadata.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
// 0.0.0.0/8 ("this network"): connecting to 0.0.0.0 reaches the local host on Linux.
loopback.addSubnet('0.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addAddress('::', 'ipv6');

const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');

/**
 * The sensitive kind of address `host` names, or undefined for an ordinary name or address.
 * Accepts a DNS name (a trailing dot is ignored), an IPv4 or IPv6 address, a bracketed IPv6 address,
 * and IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`).
 */
export function sensitiveAddressKind(host: string): SensitiveAddressKind | undefined {
  const normalized = normalizeHost(host);
  if (normalized === '') return undefined;
  const family = isIP(normalized);
  if (family === 0) return nameKind(normalized);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (metadata.check(normalized, type)) return 'cloud-metadata';
  if (loopback.check(normalized, type)) return 'loopback';
  if (linkLocal.check(normalized, type)) return 'link-local';
  return undefined;
}

function normalizeHost(host: string): string {
  let value = host.trim().toLowerCase();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  // An IPv6 zone (fe80::1%eth0) does not change where the address leads.
  const zone = value.indexOf('%');
  if (zone >= 0 && value.includes(':')) value = value.slice(0, zone);
  return value.endsWith('.') ? value.slice(0, -1) : value;
}

/** Public wildcard DNS zones that answer with the address written in the name (127.0.0.1.nip.io). */
const EMBEDDED_ADDRESS_NAME =
  /(?:^|[.-])(\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3}|[0-9a-f]{8})\.(?:nip\.io|sslip\.io|xip\.io)$/;
/** Public names that resolve to 127.0.0.1 themselves and under every subdomain. */
const LOOPBACK_ZONES = ['localhost', 'lvh.me', 'localtest.me'];

function nameKind(name: string): SensitiveAddressKind | undefined {
  if (METADATA_NAMES.has(name)) return 'cloud-metadata';
  // RFC 6761: `localhost` and every name under it resolve to loopback.
  if (
    name === 'localhost.localdomain' ||
    LOOPBACK_ZONES.some((zone) => name === zone || name.endsWith(`.${zone}`))
  )
    return 'loopback';
  const embedded = EMBEDDED_ADDRESS_NAME.exec(name)?.[1];
  if (embedded !== undefined) return sensitiveAddressKind(embeddedAddress(embedded));
  return undefined;
}

function embeddedAddress(text: string): string {
  if (/^[0-9a-f]{8}$/.test(text)) {
    return [0, 2, 4, 6].map((offset) => String(parseInt(text.slice(offset, offset + 2), 16))).join('.');
  }
  return text.replaceAll('-', '.');
}
