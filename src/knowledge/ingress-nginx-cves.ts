/**
 * Security advisories of the community ingress-nginx controller (kubernetes/ingress-nginx), with the
 * version ranges they affect and the releases that fix them, as published by the Kubernetes Security
 * Response Committee (issues in kubernetes/kubernetes labelled official-cve-feed, and in
 * kubernetes/ingress-nginx before 2024). Versions are written without the leading `v`.
 *
 * Ranges follow OSV: a version is affected when `introduced <= version < fixed` (no `introduced`
 * means "every earlier version").
 */

export type CveSeverity = 'Critical' | 'High' | 'Medium' | 'Low';

export interface AffectedRange {
  readonly introduced?: string;
  readonly fixed: string;
}

export interface IngressNginxCve {
  readonly id: string;
  readonly title: string;
  readonly severity: CveSeverity;
  /** CVSS 3.1 base score, when the advisory gives one. */
  readonly cvss?: number;
  readonly published: string;
  readonly affected: readonly AffectedRange[];
  /** The releases the advisory names as fixed (one per maintained branch). */
  readonly fixedIn: readonly string[];
  readonly advisory: string;
  /** What upgrading alone does not do, when the advisory says so. */
  readonly note?: string;
}

export const INGRESS_NGINX_CVES: readonly IngressNginxCve[] = [
  {
    id: 'CVE-2020-8553',
    title: 'auth-type basic annotation: another Ingress can replace the password file',
    severity: 'Medium',
    published: '2020-02-19',
    affected: [{ fixed: '0.28.0' }],
    fixedIn: ['0.28.0'],
    advisory: 'https://github.com/kubernetes/ingress-nginx/issues/5126',
  },
  {
    id: 'CVE-2021-25742',
    title: 'custom snippets allow retrieval of the controller service account token and all Secrets',
    severity: 'High',
    cvss: 7.6,
    published: '2021-10-21',
    affected: [{ fixed: '0.49.1' }, { introduced: '1.0.0', fixed: '1.0.1' }],
    fixedIn: ['0.49.1', '1.0.1'],
    advisory: 'https://github.com/kubernetes/ingress-nginx/issues/7837',
    note: 'fixed releases only allow mitigation: allow-snippet-annotations must also be "false"',
  },
  {
    id: 'CVE-2021-25745',
    title: 'Ingress path can point at the service account token file',
    severity: 'High',
    cvss: 7.6,
    published: '2022-04-22',
    affected: [{ fixed: '1.2.0' }],
    fixedIn: ['1.2.0'],
    advisory: 'https://github.com/kubernetes/ingress-nginx/issues/8502',
  },
  {
    id: 'CVE-2021-25746',
    title: 'directive injection via annotations',
    severity: 'High',
    cvss: 7.6,
    published: '2022-04-22',
    affected: [{ fixed: '1.2.0' }],
    fixedIn: ['1.2.0'],
    advisory: 'https://github.com/kubernetes/ingress-nginx/issues/8503',
  },
  {
    id: 'CVE-2021-25748',
    title: 'path sanitization bypassed with a newline character',
    severity: 'High',
    cvss: 7.6,
    published: '2022-06-10',
    affected: [{ fixed: '1.2.1' }],
    fixedIn: ['1.2.1'],
    advisory: 'https://github.com/kubernetes/ingress-nginx/issues/8686',
  },
  {
    id: 'CVE-2022-4886',
    title: 'path sanitization bypassed with directives',
    severity: 'High',
    cvss: 8.8,
    published: '2023-10-25',
    affected: [{ fixed: '1.8.0' }],
    fixedIn: ['1.8.0'],
    advisory: 'https://github.com/kubernetes/ingress-nginx/issues/10570',
  },
  {
    id: 'CVE-2023-5043',
    title: 'configuration-snippet annotation injection causes arbitrary command execution',
    severity: 'High',
    cvss: 7.6,
    published: '2023-10-25',
    affected: [{ fixed: '1.9.0' }],
    fixedIn: ['1.9.0'],
    advisory: 'https://github.com/kubernetes/ingress-nginx/issues/10571',
  },
  {
    id: 'CVE-2023-5044',
    title: 'code injection via the permanent-redirect annotation',
    severity: 'High',
    cvss: 7.6,
    published: '2023-10-25',
    affected: [{ fixed: '1.9.0' }],
    fixedIn: ['1.9.0'],
    advisory: 'https://github.com/kubernetes/ingress-nginx/issues/10572',
  },
  {
    id: 'CVE-2024-7646',
    title: 'annotation validation bypass',
    severity: 'High',
    cvss: 8.8,
    published: '2024-08-16',
    affected: [{ fixed: '1.11.2' }],
    fixedIn: ['1.11.2'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/126744',
  },
  {
    id: 'CVE-2025-1974',
    title: 'IngressNightmare: unauthenticated configuration injection through the admission controller',
    severity: 'Critical',
    cvss: 9.8,
    published: '2025-03-24',
    affected: [{ fixed: '1.11.5' }, { introduced: '1.12.0', fixed: '1.12.1' }],
    fixedIn: ['1.11.5', '1.12.1'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/131009',
  },
  {
    id: 'CVE-2025-24513',
    title: 'auth secret file path traversal',
    severity: 'Medium',
    cvss: 4.8,
    published: '2025-03-24',
    affected: [{ fixed: '1.11.5' }, { introduced: '1.12.0', fixed: '1.12.1' }],
    fixedIn: ['1.11.5', '1.12.1'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/131005',
  },
  {
    id: 'CVE-2025-24514',
    title: 'configuration injection via unsanitized auth-url annotation',
    severity: 'High',
    cvss: 8.8,
    published: '2025-03-24',
    affected: [{ fixed: '1.11.5' }, { introduced: '1.12.0', fixed: '1.12.1' }],
    fixedIn: ['1.11.5', '1.12.1'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/131006',
  },
  {
    id: 'CVE-2025-1097',
    title: 'configuration injection via unsanitized auth-tls-match-cn annotation',
    severity: 'High',
    cvss: 8.8,
    published: '2025-03-24',
    affected: [{ fixed: '1.11.5' }, { introduced: '1.12.0', fixed: '1.12.1' }],
    fixedIn: ['1.11.5', '1.12.1'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/131007',
  },
  {
    id: 'CVE-2025-1098',
    title: 'configuration injection via unsanitized mirror annotations',
    severity: 'High',
    cvss: 8.8,
    published: '2025-03-24',
    affected: [{ fixed: '1.11.5' }, { introduced: '1.12.0', fixed: '1.12.1' }],
    fixedIn: ['1.11.5', '1.12.1'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/131008',
  },
  {
    id: 'CVE-2025-15566',
    title: 'configuration injection via the auth-proxy-set-headers annotation',
    severity: 'High',
    cvss: 8.8,
    published: '2026-02-06',
    affected: [{ fixed: '1.12.5' }, { introduced: '1.13.0', fixed: '1.13.1' }],
    fixedIn: ['1.12.5', '1.13.1'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/136789',
  },
  {
    id: 'CVE-2026-1580',
    title: 'configuration injection via the auth-method annotation',
    severity: 'High',
    cvss: 8.8,
    published: '2026-02-02',
    affected: [{ fixed: '1.13.7' }, { introduced: '1.14.0', fixed: '1.14.3' }],
    fixedIn: ['1.13.7', '1.14.3'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/136677',
  },
  {
    id: 'CVE-2026-24512',
    title: 'configuration injection via rules.http.paths.path',
    severity: 'High',
    cvss: 8.8,
    published: '2026-02-02',
    affected: [{ fixed: '1.13.7' }, { introduced: '1.14.0', fixed: '1.14.3' }],
    fixedIn: ['1.13.7', '1.14.3'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/136678',
  },
  {
    id: 'CVE-2026-24513',
    title: 'auth-url protection bypass with a defective custom-errors backend',
    severity: 'Low',
    cvss: 3.1,
    published: '2026-02-02',
    affected: [{ fixed: '1.13.7' }, { introduced: '1.14.0', fixed: '1.14.3' }],
    fixedIn: ['1.13.7', '1.14.3'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/136679',
  },
  {
    id: 'CVE-2026-24514',
    title: 'admission controller denial of service through large requests',
    severity: 'Medium',
    cvss: 6.5,
    published: '2026-02-02',
    affected: [{ fixed: '1.13.7' }, { introduced: '1.14.0', fixed: '1.14.3' }],
    fixedIn: ['1.13.7', '1.14.3'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/136680',
  },
  {
    id: 'CVE-2026-3288',
    title: 'configuration injection via the rewrite-target annotation',
    severity: 'High',
    cvss: 8.8,
    published: '2026-03-09',
    affected: [{ fixed: '1.13.8' }, { introduced: '1.14.0', fixed: '1.14.4' }],
    fixedIn: ['1.13.8', '1.14.4', '1.15.0'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/137560',
  },
  {
    id: 'CVE-2026-4342',
    title: 'comment-based configuration injection through a combination of annotations',
    severity: 'High',
    cvss: 8.8,
    published: '2026-03-19',
    affected: [
      { fixed: '1.13.9' },
      { introduced: '1.14.0', fixed: '1.14.5' },
      { introduced: '1.15.0', fixed: '1.15.1' },
    ],
    fixedIn: ['1.13.9', '1.14.5', '1.15.1'],
    advisory: 'https://github.com/kubernetes/kubernetes/issues/137893',
  },
];

/**
 * The retirement: announced 2025-11-11, final releases (v1.13.9, v1.14.5, v1.15.1) shipped
 * 2026-03-19, repository archived read-only 2026-03-24. No release after it fixes anything — including
 * vulnerabilities in the bundled NGINX such as CVE-2026-42945 and CVE-2026-9256 (May 2026).
 */
export const INGRESS_NGINX_RETIREMENT = {
  announced: '2025-11-11',
  finalReleaseDate: '2026-03-19',
  archived: '2026-03-24',
  finalRelease: '1.15.1',
  announcement: 'https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/',
} as const;

const SEVERITY_ORDER: Readonly<Record<CveSeverity, number>> = { Critical: 0, High: 1, Medium: 2, Low: 3 };

/** Numeric comparison of `major.minor.patch` (a leading `v` and any pre-release suffix are ignored). */
export function compareVersions(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let i = 0; i < 3; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

function versionParts(version: string): number[] {
  const core = version.replace(/^v/, '').split(/[-+]/, 1)[0] ?? '';
  return core.split('.').map((part) => Number.parseInt(part, 10) || 0);
}

export function isAffected(cve: IngressNginxCve, version: string): boolean {
  return cve.affected.some(
    (range) =>
      (range.introduced === undefined || compareVersions(version, range.introduced) >= 0) &&
      compareVersions(version, range.fixed) < 0,
  );
}

/** The advisories affecting `version`, most severe first (then newest first). */
export function cvesAffecting(
  version: string,
  cves: readonly IngressNginxCve[] = INGRESS_NGINX_CVES,
): IngressNginxCve[] {
  return cves
    .filter((cve) => isAffected(cve, version))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.published.localeCompare(a.published),
    );
}

/**
 * The lowest release at or after `version` that no known advisory affects: the smallest upgrade that
 * clears every CVE. Candidates are the fixed releases the advisories name.
 */
export function smallestSafeUpgrade(
  version: string,
  cves: readonly IngressNginxCve[] = INGRESS_NGINX_CVES,
): string {
  const candidates = [...new Set(cves.flatMap((cve) => cve.fixedIn))]
    .filter((candidate) => compareVersions(candidate, version) >= 0)
    .sort(compareVersions);
  return (
    candidates.find((candidate) => cves.every((cve) => !isAffected(cve, candidate))) ??
    INGRESS_NGINX_RETIREMENT.finalRelease
  );
}
