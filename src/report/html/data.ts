/**
 * What the HTML report shows, as plain JSON-serialisable data: the scan's findings joined with the
 * route table, the exposure view and the certificates served. Built once from a scan (or, later, from
 * the live model of `serve`); the section renderers take only this, so they never see a Model.
 */
import type { Finding, NotChecked } from '../../engine/finding.ts';
import { compareFindings, severityRank } from '../../engine/finding.ts';
import type { Severity } from '../../engine/rule.ts';
import { certificateCoversHost, type CertificateInfo } from '../../model/certificate.ts';
import { certificateLabel, certificateNames, oneLineName } from '../../model/certificate-checks.ts';
import { gateways } from '../../model/gateway-api.ts';
import { isoTime } from '../../model/ingress-tls.ts';
import { certificateRefAllowed, isSecretRef } from '../../model/gateway-tls.ts';
import type { Model } from '../../model/model.ts';
import type { ObjectRef } from '../../model/resource.ts';
import type { SecretResource } from '../../model/secret.ts';
import { exposure, routeTableOf, type RouteEntry, type ServiceExposure } from '../../routing/index.ts';
import { displayHostMatch } from '../../routing/primitives.ts';
import type { InputProblem } from '../../sources/problem.ts';
import { referenceUrl, ruleDocsUrl } from '../links.ts';
import { messageOf } from '../message.ts';
import { countBySeverity, type ScanReport } from '../scan-report.ts';
import type { TrafficResult } from '../../traffic/result.ts';

const DAY = 86_400_000;

/** The warning window of ingress-tls-cert-expiring when the config does not change it. */
export const DEFAULT_EXPIRING_DAYS = 21;

export interface ReportData {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: string; readonly version: string };
  /** The `--now` instant everything relative (days to expiry) is measured from, ISO-8601. */
  readonly now: string;
  /** What was reviewed, for the page header: `examples/`, `cluster (context prod)`. */
  readonly source: string;
  readonly summary: ReportSummary;
  /** Absent when the report was made from findings alone (`scan -o html`). */
  readonly routes?: readonly RouteRow[];
  readonly exposure?: readonly ExposureRow[];
  readonly certificates?: readonly CertificateRow[];
  readonly findings: readonly FindingRow[];
  /** `gatewatch report --access-log`: the traffic analysis of the logs, joined to the same route table. */
  readonly traffic?: TrafficResult;
}

export interface ReportSummary {
  readonly objects: number;
  readonly findings: Readonly<Record<Severity, number>>;
  readonly suppressed: number;
  readonly notChecked: readonly NotChecked[];
  readonly problems: readonly InputProblem[];
  readonly routes?: { readonly total: number; readonly hosts: number; readonly inactive: number };
  readonly exposure?: {
    readonly services: number;
    readonly withoutTls: number;
    readonly withoutAuth: number;
  };
  readonly certificates?: {
    readonly total: number;
    readonly expired: number;
    readonly expiring: number;
    readonly unusable: number;
  };
}

export interface SourceRow {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly file?: string;
  readonly line?: number;
}

export type RouteTlsState =
  'none' | 'ok' | 'default-certificate' | 'name-mismatch' | 'secret-missing' | 'unknown';

export interface RouteRow {
  /** What the host column shows: `shop.example.com`, `*.example.com`, `*` for any host. */
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  /** Further match conditions (method, headers, query), as `header x-canary=always`. */
  readonly conditions: readonly string[];
  readonly backends: readonly {
    readonly label: string;
    /** Percent of the requests, when split across backends. */
    readonly share?: number;
    readonly problem?: string;
  }[];
  readonly canary: string | undefined;
  readonly tls: { readonly state: RouteTlsState; readonly secret: string | undefined };
  readonly controls: {
    readonly auth: boolean;
    readonly allowlist: readonly string[] | null;
    readonly rateLimit: boolean;
    readonly waf: boolean;
  };
  /** `nginx`, `Gateway gateway-infra/public :443`. */
  readonly frontend: string;
  readonly source: SourceRow;
  /** Why the entry never serves a request as written, when it does not. */
  readonly inactive?: { readonly kind: 'dead' | 'shadowed'; readonly detail: string };
}

export interface ExposureRow {
  readonly service: {
    readonly namespace: string;
    readonly name: string;
    readonly exists: boolean | undefined;
  };
  readonly workloads: readonly string[];
  readonly withoutTls: boolean;
  readonly withoutAuth: boolean;
  readonly urls: readonly {
    readonly url: string;
    readonly via: 'route' | 'canary' | 'default-backend';
    readonly tls: boolean;
    readonly auth: boolean;
    readonly allowlist: readonly string[] | null;
    readonly rateLimit: boolean;
    readonly waf: boolean;
    readonly source: SourceRow;
  }[];
}

export type CertificateState = 'expired' | 'not-yet-valid' | 'expiring' | 'ok' | 'missing' | 'unusable';

export interface CertificateRow {
  readonly secret: { readonly namespace: string; readonly name: string };
  readonly state: CertificateState;
  /** Why the Secret gives no usable certificate (missing, unparsable). */
  readonly problem?: string;
  /** The Ingresses and Gateway listeners that serve it, with the hosts each serves with it. */
  readonly usedBy: readonly { readonly object: string; readonly hosts: readonly string[] }[];
  /** Hosts served with it that the certificate does not name. */
  readonly uncoveredHosts: readonly string[];
  readonly leaf?: {
    readonly subject: string;
    readonly issuer: string;
    readonly names: readonly string[];
    readonly notBefore: string;
    readonly notAfter: string;
    /** Whole days from --now to notAfter; negative once expired. */
    readonly daysLeft: number;
    readonly selfSigned: boolean;
    readonly key: string | undefined;
    readonly chainLength: number;
  };
  readonly keyMatches?: boolean;
}

export interface FindingRow {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly category: string;
  readonly message: string;
  readonly object: ObjectRef;
  readonly path: string;
  readonly location?: { readonly file: string; readonly line: number };
  readonly remediation: string | undefined;
  readonly docsUrl: string;
  readonly references: readonly string[];
  readonly related: readonly ObjectRef[];
}

export interface ReportInput {
  readonly report: ScanReport;
  /** The model the scan reviewed; without it only findings are shown. */
  readonly model?: Model;
  readonly now: number;
  readonly source: string;
  /** The warning window for certificates, in days (ingress-tls-cert-expiring's `days`). */
  readonly expiringDays?: number;
}

export function buildReportData(input: ReportInput): ReportData {
  const { report, model, now } = input;
  const findings = [...report.findings]
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareFindings(a, b))
    .map((finding) => findingRow(finding, report));
  const base = {
    schemaVersion: 1 as const,
    tool: report.tool,
    now: isoTime(now),
    source: input.source,
    findings,
  };
  const summary = {
    objects: report.objects,
    findings: countBySeverity(report.findings),
    suppressed: report.suppressed.length,
    notChecked: report.notChecked,
    problems: report.problems,
  };
  if (!model) return { ...base, summary };
  const table = routeTableOf(model);
  const routes = table.entries.map(routeRow).sort(compareRoutes);
  const exposed = exposure(table, model).map(exposureRow);
  const certificates = certificateRows(model, now, input.expiringDays ?? DEFAULT_EXPIRING_DAYS);
  return {
    ...base,
    summary: {
      ...summary,
      routes: {
        total: routes.length,
        hosts: new Set(routes.map((r) => r.host)).size,
        inactive: routes.filter((r) => r.inactive).length,
      },
      exposure: {
        services: exposed.length,
        withoutTls: exposed.filter((e) => e.withoutTls).length,
        withoutAuth: exposed.filter((e) => e.withoutAuth).length,
      },
      certificates: {
        total: certificates.length,
        expired: certificates.filter((c) => c.state === 'expired').length,
        expiring: certificates.filter((c) => c.state === 'expiring').length,
        unusable: certificates.filter((c) => ['missing', 'unusable', 'not-yet-valid'].includes(c.state))
          .length,
      },
    },
    routes,
    exposure: exposed,
    certificates,
  };
}

function findingRow(finding: Finding, report: ScanReport): FindingRow {
  const rule = report.lookup(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    category: finding.category,
    message: messageOf(finding, report.lookup),
    object: finding.object,
    path: finding.path,
    ...(finding.location ? { location: { file: finding.location.file, line: finding.location.line } } : {}),
    remediation: rule?.docs.remediation,
    docsUrl: ruleDocsUrl(finding.ruleId, rule?.docs),
    references: (rule?.docs.references ?? []).map(referenceUrl),
    related: finding.related,
  };
}

// ---------------------------------------------------------------------------------------------------
// Routes

function sourceRow(source: {
  kind: string;
  namespace: string;
  name: string;
  file?: string | undefined;
  line?: number | undefined;
}): SourceRow {
  return {
    kind: source.kind,
    namespace: source.namespace,
    name: source.name,
    ...(source.file !== undefined ? { file: source.file } : {}),
    ...(source.line !== undefined ? { line: source.line } : {}),
  };
}

function routeRow(entry: RouteEntry): RouteRow {
  const totalWeight = entry.backends.reduce((sum, b) => sum + b.weight, 0);
  const split = entry.backends.length > 1 && totalWeight > 0;
  const conditions = [
    ...(entry.method ? [`method ${entry.method}`] : []),
    ...entry.headers.map((h) => `header ${h.name}${h.type === 'Exact' ? '=' : '~'}${h.value}`),
    ...entry.queryParams.map((q) => `query ${q.name}${q.type === 'Exact' ? '=' : '~'}${q.value}`),
  ];
  return {
    host: displayHostMatch(entry.host),
    path: entry.path.value,
    pathType: entry.path.type,
    conditions,
    backends: entry.backends.map((backend) => ({
      label:
        backend.name === ''
          ? '(no backend)'
          : `${backend.kind === 'Service' ? '' : `${backend.kind} `}${backend.namespace}/${backend.name}${
              backend.port === undefined ? '' : `:${String(backend.port)}`
            }`,
      ...(split ? { share: Math.round((backend.weight / totalWeight) * 100) } : {}),
      ...(backend.problem ? { problem: backend.problem } : {}),
    })),
    canary: entry.canary ? canaryLabel(entry.canary) : undefined,
    tls: routeTls(entry),
    controls: {
      auth: entry.controls.auth,
      allowlist: entry.controls.allowlist,
      rateLimit: entry.controls.rateLimit,
      waf: entry.controls.waf,
    },
    frontend: frontendLabel(entry),
    source: sourceRow(entry.source),
    ...(entry.dead
      ? { inactive: { kind: 'dead' as const, detail: entry.dead.detail } }
      : entry.shadowed
        ? { inactive: { kind: 'shadowed' as const, detail: entry.shadowed.detail } }
        : {}),
  };
}

function canaryLabel(canary: NonNullable<RouteEntry['canary']>): string {
  const parts: string[] = [];
  if (canary.byHeader !== undefined)
    parts.push(
      `header ${canary.byHeader}${canary.headerValue !== undefined ? `=${canary.headerValue}` : ''}`,
    );
  if (canary.byCookie !== undefined) parts.push(`cookie ${canary.byCookie}`);
  if (canary.weight > 0) parts.push(`${String(Math.round((canary.weight / canary.weightTotal) * 100))}%`);
  return parts.length > 0 ? `canary: ${parts.join(', ')}` : 'canary';
}

function routeTls(entry: RouteEntry): RouteRow['tls'] {
  const tls = entry.tls;
  if (!tls?.terminated) return { state: 'none', secret: undefined };
  const secret = tls.secret ?? undefined;
  if (tls.secret === null) return { state: 'default-certificate', secret };
  if (tls.secretExists === false) return { state: 'secret-missing', secret };
  if (tls.coversHost === false) return { state: 'name-mismatch', secret };
  if (tls.coversHost === true) return { state: 'ok', secret };
  return { state: 'unknown', secret };
}

function frontendLabel(entry: RouteEntry): string {
  const frontend = entry.frontend;
  if (frontend.type === 'ingress') return frontend.className ?? `${frontend.controller} (no class)`;
  const port = frontend.port === undefined ? '' : ` :${String(frontend.port)}`;
  return `Gateway ${frontend.namespace}/${frontend.name}${port}`;
}

/** By host (exact hosts, then wildcards, then any host), then path, then source. */
function compareRoutes(a: RouteRow, b: RouteRow): number {
  return (
    hostOrder(a.host) - hostOrder(b.host) ||
    compare(a.host, b.host) ||
    compare(a.path, b.path) ||
    compare(a.source.namespace, b.source.namespace) ||
    compare(a.source.name, b.source.name)
  );
}

function hostOrder(host: string): number {
  return host === '*' ? 2 : host.startsWith('*.') ? 1 : 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------
// Exposure

function exposureRow(item: ServiceExposure): ExposureRow {
  return {
    service: item.service,
    workloads: item.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`),
    withoutTls: item.withoutTls,
    withoutAuth: item.withoutAuth,
    urls: item.urls.map((url) => ({
      url: url.url,
      via: url.via,
      tls: url.tls,
      auth: url.auth,
      allowlist: url.allowlist,
      rateLimit: url.rateLimit,
      waf: url.waf,
      source: sourceRow(url.source),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Certificates

interface SecretUse {
  readonly namespace: string;
  readonly name: string;
  readonly object: string;
  readonly hosts: readonly string[];
}

/** Every TLS Secret an Ingress or a Gateway listener names, one row per Secret, worst first. */
function certificateRows(model: Model, now: number, expiringDays: number): CertificateRow[] {
  const uses: SecretUse[] = [];
  for (const ingress of model.ingresses()) {
    const { namespace, name } = ingress.resource;
    for (const entry of ingress.tls) {
      if (entry.secretName === undefined) continue;
      uses.push({
        namespace,
        name: entry.secretName,
        object: `Ingress ${namespace}/${name}`,
        hosts: entry.hosts,
      });
    }
  }
  for (const gateway of gateways(model)) {
    const { namespace, name } = gateway.resource;
    for (const listener of gateway.listeners) {
      for (const ref of listener.tls?.certificateRefs ?? []) {
        if (!isSecretRef(ref) || !certificateRefAllowed(model, gateway, ref)) continue;
        uses.push({
          namespace: ref.namespace,
          name: ref.name,
          object: `Gateway ${namespace}/${name} listener ${listener.name}`,
          hosts: listener.hostname === undefined ? [] : [listener.hostname],
        });
      }
    }
  }
  const bySecret = new Map<string, SecretUse[]>();
  for (const use of uses) {
    const key = `${use.namespace}/${use.name}`;
    bySecret.set(key, [...(bySecret.get(key) ?? []), use]);
  }
  const secretsKnown = model.whyUnknown('Secret') === undefined;
  const rows: CertificateRow[] = [];
  for (const group of bySecret.values()) {
    const first = group[0];
    if (!first) continue;
    const secret = model.secret(first.namespace, first.name);
    // Secrets absent from an input that holds none say nothing: not a missing certificate.
    if (!secret && !secretsKnown) continue;
    rows.push(certificateRow(first.namespace, first.name, secret, group, now, expiringDays));
  }
  return rows.sort(compareCertificates);
}

function certificateRow(
  namespace: string,
  name: string,
  secret: SecretResource | undefined,
  uses: readonly SecretUse[],
  now: number,
  expiringDays: number,
): CertificateRow {
  const usedBy = mergeUses(uses);
  const base = { secret: { namespace, name }, usedBy };
  if (!secret) return { ...base, state: 'missing', problem: 'Secret not found', uncoveredHosts: [] };
  const tls = secret.tls;
  const leafCert = tls?.chain[0];
  if (!tls || tls.certificateError !== undefined || !leafCert)
    return {
      ...base,
      state: 'unusable',
      problem: tls?.certificateError ?? 'not a kubernetes.io/tls Secret',
      uncoveredHosts: [],
    };
  // The same judgement as ingress-tls-cert-host-mismatch, so the table and the findings agree.
  const uncoveredHosts = [
    ...new Set(uses.flatMap((use) => use.hosts.filter((host) => !certificateCoversHost(leafCert, host)))),
  ];
  const daysLeft = Math.floor((leafCert.notAfter - now) / DAY);
  return {
    ...base,
    state: certificateState(leafCert, now, expiringDays),
    uncoveredHosts,
    leaf: {
      subject: certificateLabel(leafCert),
      issuer: oneLineName(leafCert.issuer),
      names: certificateNames(leafCert),
      notBefore: isoTime(leafCert.notBefore),
      notAfter: isoTime(leafCert.notAfter),
      daysLeft,
      selfSigned: leafCert.selfSigned,
      key: keyLabel(leafCert),
      chainLength: tls.chain.length,
    },
    ...(tls.keyMatches !== undefined ? { keyMatches: tls.keyMatches } : {}),
  };
}

function mergeUses(uses: readonly SecretUse[]): CertificateRow['usedBy'] {
  const byObject = new Map<string, Set<string>>();
  for (const use of uses) {
    const hosts = byObject.get(use.object) ?? new Set<string>();
    for (const host of use.hosts) hosts.add(host);
    byObject.set(use.object, hosts);
  }
  return [...byObject].map(([object, hosts]) => ({ object, hosts: [...hosts] }));
}

function certificateState(leaf: CertificateInfo, now: number, expiringDays: number): CertificateState {
  if (leaf.notAfter <= now) return 'expired';
  if (leaf.notBefore > now) return 'not-yet-valid';
  if (leaf.notAfter - now <= expiringDays * DAY) return 'expiring';
  return 'ok';
}

function keyLabel(cert: CertificateInfo): string | undefined {
  if (cert.keyType === undefined) return undefined;
  const type = cert.keyType.toUpperCase();
  return cert.keyBits === undefined ? type : `${type} ${String(cert.keyBits)}`;
}

const STATE_ORDER: Readonly<Record<CertificateState, number>> = {
  expired: 0,
  missing: 1,
  unusable: 2,
  'not-yet-valid': 3,
  expiring: 4,
  ok: 5,
};

function compareCertificates(a: CertificateRow, b: CertificateRow): number {
  return (
    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
    (a.leaf?.daysLeft ?? 0) - (b.leaf?.daysLeft ?? 0) ||
    compare(a.secret.namespace, b.secret.namespace) ||
    compare(a.secret.name, b.secret.name)
  );
}
