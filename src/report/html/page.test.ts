import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { resolveConfig } from '../../engine/config.ts';
import { loadModel } from '../../pipeline/load.ts';
import { scanLoaded } from '../../pipeline/scan.ts';
import { RULES } from '../../rules/index.ts';
import { buildReportData, type ReportData } from './data.ts';
import { contentSecurityPolicy, cspHash, renderHtmlReport } from './page.ts';
import { REPORT_SCRIPT } from './client.ts';
import { REPORT_CSS } from './styles.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const NOW = Date.parse('2026-06-01T00:00:00Z');

async function reportOf(path: string): Promise<{ data: ReportData; page: string }> {
  const loaded = await loadModel({ type: 'files', paths: [join(ROOT, path)], read: { cwd: ROOT } });
  const config = resolveConfig(RULES, {}, {});
  const outcome = scanLoaded(loaded, { config, now: NOW });
  const data = buildReportData({ report: outcome.report, model: loaded.model, now: NOW, source: path });
  return { data, page: renderHtmlReport(data) };
}

function elementTexts(page: string, tag: 'style' | 'script'): string[] {
  return [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

function cspOf(page: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page);
  assert.ok(match?.[1], 'CSP meta element');
  return match[1].replaceAll('&#39;', "'");
}

describe('cspHash', () => {
  it("is the base64 SHA-256 of the exact text, as 'sha256-…'", () => {
    assert.equal(cspHash('alert(1)'), `'sha256-${createHash('sha256').update('alert(1)').digest('base64')}'`);
    // The known value for "alert(1)" (as browsers report it in CSP errors).
    assert.equal(cspHash('alert(1)'), "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
  });

  it('builds a policy that allows nothing but the given inline texts', () => {
    assert.equal(
      contentSecurityPolicy(['a{}'], ['x()']),
      `default-src 'none'; style-src ${cspHash('a{}')}; script-src ${cspHash('x()')}; base-uri 'none'; form-action 'none'`,
    );
  });
});

describe('renderHtmlReport', () => {
  it('allows exactly its own inline style and script by hash, and nothing unsafe', async () => {
    const { page } = await reportOf('examples');
    const csp = cspOf(page);
    const styles = elementTexts(page, 'style');
    const scripts = elementTexts(page, 'script');
    assert.deepEqual(styles, [REPORT_CSS]);
    assert.deepEqual(scripts, [REPORT_SCRIPT]);
    assert.match(csp, /^default-src 'none'; /);
    assert.ok(csp.includes(`style-src ${cspHash(REPORT_CSS)};`));
    assert.ok(csp.includes(`script-src ${cspHash(REPORT_SCRIPT)};`));
    assert.doesNotMatch(csp, /unsafe|\*|https?:|data:/);
  });

  it('loads nothing: no src, no stylesheet links, no url() or @import, links only to https docs', async () => {
    const { page } = await reportOf('examples');
    assert.doesNotMatch(page, /\ssrc=|<link|<img|<iframe|<object|<embed|@import|url\(/i);
    assert.doesNotMatch(page, /\sstyle=|\son[a-z]+=/i, 'no inline style or event handler attributes');
    for (const [, href] of page.matchAll(/href="([^"]*)"/g))
      assert.ok(href?.startsWith('#') || href?.startsWith('https://'), `link ${String(href)}`);
  });

  it('shows the example platform: sections, routes, certificates, exposure, findings', async () => {
    const { data, page } = await reportOf('examples');
    const headings = [...page.matchAll(/<h2[^>]*>\s*([^<]*?)\s*</g)].map((m) => m[1]);
    assert.deepEqual(headings, ['Summary', 'Route map', 'TLS certificates', 'Threat surface', 'Findings']);
    assert.ok((data.routes?.length ?? 0) > 5);
    assert.ok(data.exposure?.some((e) => e.withoutTls && e.service.name === 'backoffice'));
    const tools = data.certificates?.find((c) => c.secret.name === 'tools-tls');
    assert.deepEqual(tools?.uncoveredHosts, ['grafana.internal.example.com']);
    assert.equal(tools.leaf?.daysLeft, 3501);
    assert.equal(
      data.findings.length,
      data.summary.findings.error + data.summary.findings.warning + data.summary.findings.info,
    );
    // Errors first.
    assert.equal(data.findings[0]?.severity, 'error');
    assert.ok(data.findings.every((f) => f.remediation));
  });

  it('is deterministic', async () => {
    assert.equal((await reportOf('examples')).page, (await reportOf('examples')).page);
  });

  it('escapes every hostile string: no markup, script or attribute from the manifests', async () => {
    const { page } = await reportOf('test/fixtures/report/xss');
    assert.equal(page.match(/<script/g)?.length, 2, 'only the JSON block and the page script');
    assert.doesNotMatch(page, /<img|<svg|<iframe|<b\s/i);
    assert.doesNotMatch(page, /<[a-z][^>]*\son[a-z]+=/i, 'an event handler attribute in a tag');
    assert.doesNotMatch(page, /href="javascript/i);
    // The payloads are on the page, as text.
    assert.ok(page.includes('&lt;img src=x onerror=window.__pwned=1&gt;'));
    assert.ok(page.includes('&lt;/script&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;'));
    // The JSON block parses back to the namespaces as written.
    const json = /<script type="application\/json" id="gatewatch-data">([^<]*)<\/script>/.exec(page)?.[1];
    assert.doesNotMatch(json ?? '', /[\u2028\u2029]/, 'line separators as \\u escapes in the JSON block');
    const index = JSON.parse(json ?? '') as { namespaces: string[]; rows: { text: string }[] };
    assert.ok(
      index.rows.some((row) => row.text.includes('\u2028')),
      'the parsed text keeps them',
    );
    assert.ok(index.namespaces.includes('<img src=x onerror=window.__pwned=1>'));
  });
});
