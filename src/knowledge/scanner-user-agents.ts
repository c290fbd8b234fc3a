/**
 * User agents that vulnerability scanners and mass-scanning tools send by default. A request with one
 * of them is a scan, whatever its status: the tools identify themselves unless their operator changes
 * the header, so a match is strong evidence and a miss proves nothing (traffic-scanner also counts
 * 404s per IP for scanners in disguise).
 *
 * Each entry is a lower-case substring of the User-Agent header, with where the default comes from.
 * The OWASP Core Rule Set keeps a list of the same kind (rules/scanners-user-agents.data), which is the
 * general reference for this list.
 */
export interface ScannerUserAgent {
  /** Lower-case substring matched against the lower-cased User-Agent. */
  readonly token: string;
  readonly tool: string;
  readonly reference: string;
}

export const CRS_SCANNER_LIST =
  'https://github.com/coreruleset/coreruleset/blob/main/rules/scanners-user-agents.data';

export const SCANNER_USER_AGENTS: readonly ScannerUserAgent[] = [
  { token: 'sqlmap', tool: 'sqlmap', reference: 'https://github.com/sqlmapproject/sqlmap/wiki/Usage' },
  { token: 'nikto', tool: 'Nikto', reference: 'https://github.com/sullo/nikto' },
  { token: 'nmap scripting engine', tool: 'Nmap NSE', reference: 'https://nmap.org/book/nse-usage.html' },
  { token: 'masscan', tool: 'masscan', reference: 'https://github.com/robertdavidgraham/masscan' },
  { token: 'zgrab', tool: 'ZGrab', reference: 'https://github.com/zmap/zgrab2' },
  { token: 'nuclei', tool: 'Nuclei', reference: 'https://github.com/projectdiscovery/nuclei' },
  { token: 'wpscan', tool: 'WPScan', reference: 'https://github.com/wpscanteam/wpscan' },
  { token: 'dirbuster', tool: 'DirBuster', reference: 'https://owasp.org/www-project-dirbuster/' },
  { token: 'gobuster', tool: 'gobuster', reference: 'https://github.com/OJ/gobuster' },
  { token: 'fuzz faster u fool', tool: 'ffuf', reference: 'https://github.com/ffuf/ffuf' },
  { token: 'feroxbuster', tool: 'feroxbuster', reference: 'https://github.com/epi052/feroxbuster' },
  { token: 'acunetix', tool: 'Acunetix', reference: CRS_SCANNER_LIST },
  { token: 'netsparker', tool: 'Netsparker / Invicti', reference: CRS_SCANNER_LIST },
  { token: 'w3af', tool: 'w3af', reference: 'https://github.com/andresriancho/w3af' },
  { token: 'whatweb', tool: 'WhatWeb', reference: 'https://github.com/urbanadventurer/WhatWeb' },
  { token: 'openvas', tool: 'OpenVAS', reference: CRS_SCANNER_LIST },
  { token: 'nessus', tool: 'Nessus', reference: CRS_SCANNER_LIST },
  { token: 'arachni', tool: 'Arachni', reference: CRS_SCANNER_LIST },
  { token: 'jaeles', tool: 'Jaeles', reference: 'https://github.com/jaeles-project/jaeles' },
  { token: 'zmeu', tool: 'ZmEu', reference: CRS_SCANNER_LIST },
  {
    token: 'censysinspect',
    tool: 'Censys',
    reference: 'https://support.censys.io/hc/en-us/articles/360043177092',
  },
  { token: 'morfeus fucking scanner', tool: 'Morfeus', reference: CRS_SCANNER_LIST },
];

/** One pass over the header for every token (an alternation of literals: linear, no backtracking). */
const SCANNER_PATTERN = new RegExp(
  SCANNER_USER_AGENTS.map((entry) => entry.token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
);

/** The scanner a User-Agent names, or undefined. */
export function scannerOf(userAgent: string | undefined): ScannerUserAgent | undefined {
  if (userAgent === undefined || userAgent === '' || userAgent === '-') return undefined;
  const lower = userAgent.length > 512 ? userAgent.slice(0, 512).toLowerCase() : userAgent.toLowerCase();
  const match = SCANNER_PATTERN.exec(lower);
  if (!match) return undefined;
  return SCANNER_USER_AGENTS.find((entry) => entry.token === match[0]);
}

/** Extra tokens from the config (`traffic.scanner.userAgents`), matched the same way. */
export function customScannerMatcher(
  tokens: readonly string[],
): (userAgent: string | undefined) => string | undefined {
  const lowered = tokens.map((token) => token.toLowerCase()).filter((token) => token !== '');
  return (userAgent) => {
    if (userAgent === undefined || lowered.length === 0) return undefined;
    const lower = userAgent.toLowerCase();
    return lowered.find((token) => lower.includes(token));
  };
}
