/**
 * Validation of Ingress host names as the Kubernetes API defines them: a lower-case RFC 1123 DNS
 * subdomain, optionally with `*` as the whole first label, and never an IP address.
 */

export type HostProblem = 'ipAddress' | 'wildcardPlacement' | 'upperCase' | 'notDnsName';

const MAX_NAME_LENGTH = 253;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
// Any hex form with at least two colons (optional brackets, embedded IPv4 tail) counts: the point is to
// say "this is an address", not to validate it. One colon is a host:port, which is no address.
const IPV6 = /^\[?[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*\]?$/;

export function isWildcardHost(host: string): boolean {
  return host.startsWith('*.');
}

export function isIpAddress(host: string): boolean {
  return IPV4.test(host) || IPV6.test(host);
}

/**
 * Every dot-separated label an RFC 1123 label (lower-case alphanumerics and `-`, alphanumeric at both
 * ends, at most 63 characters), as one expression: every host of every Ingress is checked, and
 * splitting each into labels allocated an array per host.
 */
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*$/;

function isDnsSubdomain(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return false;
  return DNS_SUBDOMAIN.test(name);
}

/** Why a host is not acceptable, or undefined when it is. */
export function hostProblem(host: string): HostProblem | undefined {
  if (isIpAddress(host)) return 'ipAddress';
  const wildcard = isWildcardHost(host);
  const name = wildcard ? host.slice(2) : host;
  if (name.includes('*') || host === '*') return 'wildcardPlacement';
  if (isDnsSubdomain(name)) return undefined;
  return isDnsSubdomain(name.toLowerCase()) ? 'upperCase' : 'notDnsName';
}
