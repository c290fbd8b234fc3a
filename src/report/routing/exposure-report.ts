/**
 * `gatewatch exposure`: per Service (and the workloads it selects), every external URL that reaches it
 * and the controls in front — the threat surface, Services reachable without TLS or without
 * authentication first (schemas/exposure.v1.schema.json), and its text form.
 */
import type { ServiceExposure } from '../../routing/index.ts';
import { escapeJsonInvisibles } from '../sanitize.ts';
import type { ProblemJson, SourceJson, ToolJson } from './routes-report.ts';
import { sourceJson } from './routes-report.ts';
import { painter, plural, qualified, renderLines, safe, type Cell, type Line } from './text.ts';

export interface ExposedUrlJson {
  readonly url: string;
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly via: 'route' | 'canary' | 'default-backend';
  readonly frontend: string;
  readonly controller: string;
  readonly port: number | string | null;
  readonly tls: boolean;
  readonly auth: boolean;
  readonly allowlist: readonly string[] | null;
  readonly rateLimit: boolean;
  readonly waf: boolean;
  readonly source: SourceJson;
}

export interface ServiceExposureJson {
  readonly service: { readonly namespace: string; readonly name: string; readonly exists: boolean | null };
  readonly workloads: readonly { readonly kind: string; readonly namespace: string; readonly name: string }[];
  readonly withoutTls: boolean;
  readonly withoutAuth: boolean;
  readonly urls: readonly ExposedUrlJson[];
}

export interface ExposureJson {
  readonly schemaVersion: 1;
  readonly tool: ToolJson;
  readonly services: readonly ServiceExposureJson[];
  readonly problems: readonly ProblemJson[];
  readonly summary: {
    readonly services: number;
    readonly urls: number;
    readonly withoutTls: number;
    readonly withoutAuth: number;
  };
}

export function exposureJson(
  exposures: readonly ServiceExposure[],
  tool: ToolJson,
  problems: readonly ProblemJson[],
): ExposureJson {
  const services = exposures.map((e): ServiceExposureJson => ({
    service: { namespace: e.service.namespace, name: e.service.name, exists: e.service.exists ?? null },
    workloads: e.workloads.map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name })),
    withoutTls: e.withoutTls,
    withoutAuth: e.withoutAuth,
    urls: e.urls.map((u) => ({
      url: u.url,
      host: u.host,
      path: u.path,
      pathType: u.pathType,
      via: u.via,
      frontend: u.frontend,
      controller: u.controller,
      port: u.port ?? null,
      tls: u.tls,
      auth: u.auth,
      allowlist: u.allowlist,
      rateLimit: u.rateLimit,
      waf: u.waf,
      source: sourceJson(u.source),
    })),
  }));
  return {
    schemaVersion: 1,
    tool,
    services,
    problems,
    summary: {
      services: services.length,
      urls: services.reduce((sum, s) => sum + s.urls.length, 0),
      withoutTls: services.filter((s) => s.withoutTls).length,
      withoutAuth: services.filter((s) => s.withoutAuth).length,
    },
  };
}

export function formatExposureJson(json: ExposureJson): string {
  return `${escapeJsonInvisibles(JSON.stringify(json, null, 2))}\n`;
}

export function formatExposureText(json: ExposureJson, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines: Line[] = [];
  for (const item of json.services) {
    const risks =
      item.withoutTls || item.withoutAuth
        ? `reachable without ${[item.withoutTls ? 'TLS' : '', item.withoutAuth ? 'authentication' : ''].filter(Boolean).join(' and without ')}`
        : '';
    const missing = item.service.exists === false ? paint('red', '  (Service not found)') : '';
    lines.push({
      heading:
        paint('bold', `Service ${qualified(item.service.namespace, item.service.name)}`) +
        missing +
        (risks ? `  ${paint(item.withoutTls ? 'red' : 'yellow', risks)}` : ''),
    });
    const workloads = item.workloads.map((w) => `${safe(w.kind)} ${qualified(w.namespace, w.name)}`);
    lines.push({
      heading: paint(
        'dim',
        `  pods of: ${workloads.length > 0 ? workloads.join(', ') : '(no workload in the input)'}`,
      ),
    });
    for (const url of item.urls) lines.push({ cells: urlCells(url) });
  }
  const out = renderLines(lines, paint);
  if (json.services.length === 0) out.push('No Service is reachable through the routes in the input.');
  out.push('');
  const { summary } = json;
  out.push(
    `${plural(summary.services, 'Service')} reachable from outside through ${plural(summary.urls, 'URL')}: ` +
      `${paint(summary.withoutTls > 0 ? 'red' : 'green', `${String(summary.withoutTls)} without TLS`)}, ` +
      paint(
        summary.withoutAuth > 0 ? 'yellow' : 'green',
        `${String(summary.withoutAuth)} without authentication`,
      ),
  );
  return `${out.join('\n')}\n`;
}

function urlCells(url: ExposedUrlJson): Cell[] {
  const extra = [
    url.allowlist !== null ? `allowlist ${url.allowlist.join(',')}` : '',
    url.rateLimit ? 'rate limit' : '',
    url.waf ? 'WAF' : '',
  ].filter(Boolean);
  return [
    { text: safe(url.url) },
    { text: url.tls ? 'TLS' : 'no TLS', style: url.tls ? 'green' : 'red' },
    { text: url.auth ? 'auth' : 'no auth', style: url.auth ? 'green' : 'yellow' },
    { text: safe(extra.join(' · ')) },
    { text: url.port === null ? '' : `port ${safe(String(url.port))}`, style: 'dim' },
    {
      text: `${url.via === 'default-backend' ? 'default backend of ' : url.via === 'canary' ? 'canary ' : ''}${safe(url.source.kind)} ${qualified(url.source.namespace, url.source.name)}`,
    },
    { text: safe(url.frontend), style: 'dim' },
  ];
}
