/**
 * Paths that probes ask for (traffic-sensitive-file-probe, traffic-slow-probe): files that leak source
 * or credentials and admin/diagnostic endpoints of well-known software. Built on the sensitive endpoints
 * of sensitive-paths.ts (the ones no ordinary page links to; generic names such as `/admin` or
 * `/metrics`, which many applications route on purpose, are left to the configuration review) plus the
 * files and endpoints that internet-wide scans request.
 *
 * Matched per path segment, case-insensitively: `/.git/config`, `/app/.env.production` and
 * `/wordpress/wp-admin/install.php` are probes; `/environment` is not.
 */
import { SENSITIVE_PATHS } from './sensitive-paths.ts';

export interface ProbeTarget {
  /** The segment as users write it (`.git`, `wp-login.php`), or a suffix such as `*.sql`. */
  readonly name: string;
  readonly why: string;
  readonly reference: string;
}

const OWASP_BACKUP_FILES =
  'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information';
const OWASP_METAFILES =
  'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/03-Review_Webserver_Metafiles_for_Information_Leakage';
const WORDPRESS_HARDENING = 'https://developer.wordpress.org/advanced-administration/security/hardening/';

/** From sensitive-paths.ts: the endpoints only a probe asks for. */
const FROM_SENSITIVE_PATHS = new Set([
  '/.git',
  '/.env',
  '/actuator',
  '/server-status',
  '/server-info',
  '/phpmyadmin',
  '/wp-admin',
  '/jolokia',
  '/h2-console',
  '/_profiler',
]);

export const PROBE_TARGETS: readonly ProbeTarget[] = [
  ...SENSITIVE_PATHS.filter((entry) => FROM_SENSITIVE_PATHS.has(entry.path)).map((entry) => ({
    name: entry.path.slice(1),
    why: entry.why,
    reference: entry.reference,
  })),
  { name: '.svn', why: 'Subversion metadata exposes source code', reference: OWASP_BACKUP_FILES },
  { name: '.hg', why: 'Mercurial metadata exposes source code', reference: OWASP_BACKUP_FILES },
  { name: '.bzr', why: 'Bazaar metadata exposes source code', reference: OWASP_BACKUP_FILES },
  { name: '.ds_store', why: 'macOS folder metadata lists file names', reference: OWASP_METAFILES },
  { name: '.htaccess', why: 'Apache per-directory configuration', reference: OWASP_METAFILES },
  { name: '.htpasswd', why: 'Apache password file', reference: OWASP_BACKUP_FILES },
  { name: '.aws', why: 'AWS credentials', reference: OWASP_BACKUP_FILES },
  { name: '.ssh', why: 'SSH keys', reference: OWASP_BACKUP_FILES },
  { name: '.docker', why: 'Docker registry credentials', reference: OWASP_BACKUP_FILES },
  { name: '.kube', why: 'kubeconfig with cluster credentials', reference: OWASP_BACKUP_FILES },
  { name: '.npmrc', why: 'npm registry tokens', reference: OWASP_BACKUP_FILES },
  { name: '.vscode', why: 'editor settings, sometimes with secrets', reference: OWASP_BACKUP_FILES },
  { name: '.bash_history', why: 'shell history', reference: OWASP_BACKUP_FILES },
  { name: 'id_rsa', why: 'SSH private key', reference: OWASP_BACKUP_FILES },
  { name: 'wp-login.php', why: 'WordPress login (credential stuffing)', reference: WORDPRESS_HARDENING },
  { name: 'xmlrpc.php', why: 'WordPress XML-RPC (amplified brute force)', reference: WORDPRESS_HARDENING },
  {
    name: 'wp-config.php',
    why: 'WordPress configuration with database credentials',
    reference: WORDPRESS_HARDENING,
  },
  { name: 'phpinfo.php', why: 'PHP configuration and environment', reference: OWASP_METAFILES },
  { name: 'web.config', why: 'IIS/ASP.NET configuration', reference: OWASP_BACKUP_FILES },
  {
    name: 'eval-stdin.php',
    why: 'PHPUnit remote code execution (CVE-2017-9841)',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2017-9841',
  },
  {
    name: '_ignition',
    why: 'Laravel Ignition remote code execution (CVE-2021-3129)',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2021-3129',
  },
  { name: 'cgi-bin', why: 'CGI scripts (Shellshock and older exploits)', reference: OWASP_METAFILES },
  { name: '*.sql', why: 'database dump', reference: OWASP_BACKUP_FILES },
  { name: '*.sql.gz', why: 'database dump', reference: OWASP_BACKUP_FILES },
  { name: '*.bak', why: 'backup file', reference: OWASP_BACKUP_FILES },
  { name: '*.swp', why: 'editor swap file with source code', reference: OWASP_BACKUP_FILES },
];

interface Index {
  readonly segments: ReadonlyMap<string, ProbeTarget>;
  readonly suffixes: readonly { readonly suffix: string; readonly target: ProbeTarget }[];
  /**
   * Whether a path can hold a target at all: one case-insensitive pass with no allocation, so the
   * segment-by-segment lookup runs only for the few paths that may match.
   */
  readonly candidate: RegExp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function indexOf(targets: readonly ProbeTarget[]): Index {
  const segments = new Map<string, ProbeTarget>();
  const suffixes: { suffix: string; target: ProbeTarget }[] = [];
  for (const target of targets) {
    const name = target.name.toLowerCase();
    if (name.startsWith('*')) suffixes.push({ suffix: name.slice(1), target });
    else segments.set(name, target);
  }
  const names = [...segments.keys(), '.env.'].map(escapeRegExp).join('|');
  const ends = suffixes.map(({ suffix }) => escapeRegExp(suffix)).join('|');
  const candidate = new RegExp(`(?:^|/)(?:${names})|${ends === '' ? '(?!)' : `(?:${ends})(?:/|$)`}`, 'i');
  return { segments, suffixes, candidate };
}

const DEFAULT_INDEX = indexOf(PROBE_TARGETS);
const DOTENV = PROBE_TARGETS.find((target) => target.name === '.env');

/** A matcher over the default targets plus extra ones (config `traffic.sensitiveFiles.paths`). */
export function probeMatcher(
  extra: readonly string[] = [],
): (decodedPath: string) => ProbeTarget | undefined {
  const index =
    extra.length === 0
      ? DEFAULT_INDEX
      : indexOf([
          ...PROBE_TARGETS,
          ...extra.map((name) => ({
            name: name.replace(/^\/+/, ''),
            why: 'configured in traffic.sensitiveFiles.paths',
            reference: OWASP_BACKUP_FILES,
          })),
        ]);
  return (decodedPath) => findProbeTarget(index, decodedPath);
}

function findProbeTarget(index: Index, decodedPath: string): ProbeTarget | undefined {
  const path = decodedPath.length > 2048 ? decodedPath.slice(0, 2048) : decodedPath;
  if (!index.candidate.test(path)) return undefined;
  let start = 0;
  while (start <= path.length) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    if (end > start) {
      const segment = path.slice(start, end).toLowerCase();
      const found = index.segments.get(segment);
      if (found) return found;
      // `.env.local`, `.env.production`: dotenv variants.
      if (DOTENV && segment.startsWith('.env.')) return DOTENV;
      for (const { suffix, target } of index.suffixes) if (segment.endsWith(suffix)) return target;
    }
    start = end + 1;
  }
  return undefined;
}
