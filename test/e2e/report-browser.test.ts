/**
 * `gatewatch report -o html` in a real browser: Debian's Chromium, driven by playwright-core (no browser
 * download; CI installs the package). The example platform renders with no console errors and no
 * request beyond the file itself, its sections show, and the filters work; a fixture whose names,
 * hosts, annotations and paths are script-injection payloads runs none of them and trips no CSP report.
 *
 * Without /usr/bin/chromium the suite is skipped on a developer machine and fails in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { main } from '../../src/cli/main.ts';
import { resolveConfig } from '../../src/engine/config.ts';
import { loadModel } from '../../src/pipeline/load.ts';
import { scanLoaded } from '../../src/pipeline/scan.ts';
import { buildReportData, type ReportData } from '../../src/report/html/index.ts';
import { RULES } from '../../src/rules/index.ts';
import { fakeIo } from '../helpers/fake-io.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
/** Inside the example certificates' validity (2025-01-01 to 2036-01-01). */
const NOW = '2026-06-01T00:00:00Z';
const SCREENSHOT = '/tmp/report.png';

const skip = existsSync(CHROMIUM) ? false : process.env.CI ? false : `${CHROMIUM} is not installed`;

/** Records everything a page does that a self-contained, script-safe report must not. */
interface Watch {
  readonly console: string[];
  readonly requests: string[];
  readonly failed: string[];
  readonly dialogs: string[];
}

/** Counts CSP violations from before any page script runs (init scripts are exempt from the page's CSP). */
const COUNT_VIOLATIONS =
  "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));";

async function openReport(context: BrowserContext, file: string): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage();
  await page.addInitScript({ content: COUNT_VIOLATIONS });
  const watch: Watch = { console: [], requests: [], failed: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      watch.console.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.console.push(`pageerror: ${error.message}`));
  page.on('request', (request) => watch.requests.push(request.url()));
  page.on('requestfailed', (request) => watch.failed.push(request.url()));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, watch };
}

async function render(input: string, output: string): Promise<void> {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(
    ['report', input, '-o', 'html', '--now', NOW, '--fail-on', 'none', '--output-file', output],
    io,
  );
  assert.equal(code, 0, io.err());
}

async function reportData(input: string): Promise<ReportData> {
  const loaded = await loadModel({ type: 'files', paths: [join(ROOT, input)], read: { cwd: ROOT } });
  const now = Date.parse(NOW);
  const outcome = scanLoaded(loaded, { config: resolveConfig(RULES, {}, {}), now });
  return buildReportData({ report: outcome.report, model: loaded.model, now, source: input });
}

describe('gatewatch report -o html in headless Chromium', { skip }, () => {
  let dir = '';
  let context: BrowserContext | undefined;
  const browser = (): BrowserContext => {
    assert.ok(context, 'browser started');
    return context;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-report-'));
    // A fresh profile per run; nothing that phones home (updates, sync, QUIC probes).
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1000 },
    });
  });

  after(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders the example platform: no console errors, no requests, every section', async () => {
    const file = join(dir, 'examples.html');
    await render('examples/', file);
    const { page, watch } = await openReport(browser(), file);
    for (const title of ['Summary', 'Route map', 'TLS certificates', 'Threat surface', 'Findings'])
      assert.ok(await page.getByRole('heading', { level: 2, name: title }).isVisible(), title);
    assert.ok(await page.getByRole('search', { name: 'Filter the report' }).isVisible(), 'filters shown');
    assert.match((await page.locator('#filter-status').textContent()) ?? '', /^All \d+ rows shown$/);
    assert.ok(await page.getByText('grafana.internal.example.com').first().isVisible());
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(watch.console, []);
    assert.deepEqual(watch.requests, [pathToFileURL(file).href], 'no request but the page itself');
    assert.deepEqual(watch.failed, []);
    await page.close();
  });

  it('filters rows by severity, namespace and text, client-side', async () => {
    const file = join(dir, 'filters.html');
    await render('examples/', file);
    const data = await reportData('examples/');
    const { page, watch } = await openReport(browser(), file);
    const visible = (section: string) => page.locator(`#${section} [data-row]:visible`).count();
    const { error, warning, info } = data.summary.findings;
    assert.ok(error > 0 && warning > 0);
    assert.equal(await visible('findings'), error + warning + info);

    // Severity: errors off.
    await page.locator('label.chip', { hasText: 'error' }).click();
    assert.equal(await visible('findings'), warning + info);
    assert.equal(await page.locator('#findings-error').isVisible(), false, 'the empty group disappears');
    await page.locator('label.chip', { hasText: 'error' }).click();
    assert.equal(await visible('findings'), error + warning + info);

    // Namespace: only shop's rows, in every section.
    await page.selectOption('#filter-namespace', 'shop');
    const shopRoutes = (data.routes ?? []).filter((r) => r.source.namespace === 'shop').length;
    const shopFindings = data.findings.filter((f) => f.object.namespace === 'shop').length;
    assert.ok(shopRoutes > 0 && shopFindings > 0);
    assert.equal(await visible('routes'), shopRoutes);
    assert.equal(await visible('findings'), shopFindings);
    assert.equal(
      await page.locator('#routes [data-shown]').textContent(),
      `${String(shopRoutes)} of ${String(data.routes?.length)}`,
    );

    // Text search within the namespace, then alone.
    await page.selectOption('#filter-namespace', '*');
    await page.fill('#filter-text', 'GRAFANA');
    const rows = await page.locator('[data-row]:visible').allTextContents();
    assert.ok(rows.length > 0);
    for (const text of rows) assert.match(text, /grafana/i);

    // Nothing matches: each section says so.
    await page.fill('#filter-text', 'no-such-thing-anywhere');
    assert.equal(await page.locator('[data-row]:visible').count(), 0);
    assert.equal(await page.locator('[data-no-match]:visible').count(), 4);
    assert.match((await page.locator('#filter-status').textContent()) ?? '', /^0 of \d+ rows match$/);

    await page.getByRole('button', { name: 'Clear' }).click();
    assert.equal(await page.locator('[data-no-match]:visible').count(), 0);
    assert.match((await page.locator('#filter-status').textContent()) ?? '', /^All \d+ rows shown$/);
    assert.deepEqual(watch.console, []);
    await page.close();
  });

  it('runs no script from hostile names, hosts, annotations and paths', async () => {
    const file = join(dir, 'xss.html');
    await render('test/fixtures/report/xss', file);
    const { page: report, watch } = await openReport(browser(), file);
    // Touch everything the payloads could hook: hover, focus, filter, pick the hostile namespace.
    for (const row of await report.locator('[data-row]').all()) await row.hover();
    await report.fill('#filter-text', '<img');
    await report.selectOption('#filter-namespace', { label: '<img src=x onerror=window.__pwned=1>' });
    await report.fill('#filter-text', '');
    assert.equal(await report.evaluate('typeof window.__pwned'), 'undefined', 'a payload ran');
    assert.equal(await report.evaluate('typeof parent.__pwned'), 'undefined');
    assert.deepEqual(await report.evaluate('window.__violations'), [], 'no CSP violation');
    assert.deepEqual(watch.dialogs, []);
    assert.deepEqual(watch.console, []);
    assert.deepEqual(watch.requests, [pathToFileURL(file).href], 'no payload fetched anything');
    // The payloads are there, as text.
    assert.equal(await report.locator('img, svg, iframe, b').count(), 0);
    assert.equal(await report.locator('script').count(), 2);
    assert.ok(await report.getByText('</script><script>window.__pwned=2</script>').first().isVisible());
    assert.ok(await report.getByText('javascript:window.__pwned=11').first().isVisible());
    assert.equal(
      await report.locator('#filter-namespace option', { hasText: 'onerror=window.__pwned=1' }).count(),
      1,
    );
    await report.close();
  });

  it('would block and report an injected handler (the CSP and the violation watch work)', async () => {
    const file = join(dir, 'csp.html');
    await render('examples/', file);
    const { page, watch } = await openReport(browser(), file);
    assert.deepEqual(await page.evaluate('window.__violations'), []);
    // What an escaping bug would let through: an inline event handler in the page's markup.
    await page.evaluate(
      'document.body.insertAdjacentHTML(\'beforeend\', \'<img src="data:,x" onerror="window.__pwned=99">\')',
    );
    await page.waitForFunction('window.__violations.length > 0');
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined', 'CSP blocked the handler');
    assert.ok(watch.console.some((line) => line.includes('Content Security Policy')));
    await page.close();
  });
});
