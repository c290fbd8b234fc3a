/**
 * The live dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core,
 * launched as test/e2e/report-browser.test.ts does): `serve`'s app with the dashboard plugin, its
 * cluster model kept by a watch of the loopback API server (test/helpers/fake-api-server.ts).
 *
 * - it renders the report's views, the timeline and the alerts, and goes live over /events;
 * - a change pushed through the API server appears on the open page (timeline row, alert row);
 * - hostile names (test/fixtures/report/xss), in the page and arriving live, run no script and trip no
 *   CSP violation;
 * - without the token, a server that is not treated as loopback refuses the page and the event stream;
 *   `?token=` once sets the cookie and the page then works, live updates included. (Binding to a
 *   non-loopback address is not needed for that: the dashboard's `requireToken` option takes the same
 *   path a non-loopback server takes; the decision itself is unit-tested in dashboard-access.test.ts.)
 *
 * Without /usr/bin/chromium the suite is skipped on a developer machine and fails in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { resolveConfig } from '../../src/engine/config.ts';
import { RULES } from '../../src/rules/index.ts';
import { createApp, type ServerEvents } from '../../src/server/app.ts';
import { dashboardPlugin } from '../../src/server/dashboard.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { ServerMetrics } from '../../src/server/metrics.ts';
import { watchModelSource } from '../../src/server/watch-model-source.ts';
import { createKubernetesReader } from '../../src/sources/cluster/kubernetes-client.ts';
import { Watcher } from '../../src/watch/watcher.ts';
import { manifestObjects, startFakeApiServer, type FakeApiServer } from '../helpers/fake-api-server.ts';
import { ingress, service } from '../helpers/watch-objects.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN = 'dashboard-test-token-0123456789';
const skip = existsSync(CHROMIUM) ? false : process.env.CI ? false : `${CHROMIUM} is not installed`;

const COUNT_VIOLATIONS =
  "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));";

interface Dashboard {
  readonly url: string;
  readonly watcher: Watcher;
  close(): Promise<void>;
}

async function startDashboard(
  api: FakeApiServer,
  kubeconfig: string,
  requireToken: boolean,
): Promise<Dashboard> {
  const config = resolveConfig(RULES, {}, {});
  const watcher = new Watcher({ reader: createKubernetesReader({ env: {}, kubeconfig }), config });
  const cluster = watchModelSource(watcher, { minIntervalMs: 50 });
  await cluster.start();
  const events: ServerEvents = new EventEmitter();
  cluster.subscribe((snapshot) => events.emit('snapshot', snapshot));
  const app = createApp({
    context: {
      logger: silentLogger(),
      metrics: new ServerMetrics(),
      events,
      config,
      cluster,
      watch: watcher,
      ledger: undefined,
      loopback: true,
      dashboardToken: () => (requireToken ? TOKEN : undefined),
      now: Date.now,
    },
    enforce: 'none',
    readiness: () => ({ ready: true, reasons: [] }),
    plugins: [dashboardPlugin({ requireToken })],
  });
  const listener = getRequestListener(app.fetch);
  const server: Server = createServer((request, response) => {
    void listener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    watcher,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await cluster.close();
    },
  };
}

interface PageWatch {
  readonly console: string[];
  readonly dialogs: string[];
  readonly requests: string[];
}

async function open(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; watch: PageWatch; status: number }> {
  const page = await context.newPage();
  await page.addInitScript({ content: COUNT_VIOLATIONS });
  const watch: PageWatch = { console: [], dialogs: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.console.push(message.text());
  });
  page.on('pageerror', (error) => watch.console.push(`pageerror: ${error.message}`));
  page.on('request', (request) => watch.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, watch, status: response?.status() ?? 0 };
}

describe('dashboard in headless Chromium', { skip }, () => {
  let dir: string;
  let context: BrowserContext;
  let api: FakeApiServer;
  let kubeconfig: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-dashboard-'));
    api = await startFakeApiServer({
      objects: [...manifestObjects([join(ROOT, 'examples', 'shop')]), ingress('web', 'web'), service('web')],
    });
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, api.kubeconfig());
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
    await context.close();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders the views and shows a change pushed through the API server', async () => {
    const dashboard = await startDashboard(api, kubeconfig, false);
    try {
      const { page, watch, status } = await open(context, `${dashboard.url}/`);
      assert.equal(status, 200);
      for (const id of ['timeline', 'alerts', 'summary', 'routes', 'certificates', 'exposure', 'findings'])
        assert.ok(await page.locator(`#${id}`).isVisible(), `section #${id}`);
      await page.locator('#connection', { hasText: 'live' }).waitFor();
      assert.ok(
        (await page.locator('#findings tbody tr').count()) > 0,
        'findings of the examples are listed',
      );

      api.apply(ingress('added-live', 'no-such-service'));
      const row = page.locator('#timeline-rows tr[data-type="change"]', { hasText: 'added-live' });
      await row.first().waitFor({ timeout: 10_000 });
      assert.match((await row.first().textContent()) ?? '', /added/);
      const alert = page.locator('#alert-rows tr', { hasText: 'ingress-backend-service-missing' });
      await alert.first().waitFor({ timeout: 10_000 });
      assert.match((await alert.first().textContent()) ?? '', /new/);
      assert.ok(await page.locator('#stale').isVisible(), 'the page says its views are older than the feed');

      api.remove('networking.k8s.io/v1', 'Ingress', 'shop', 'added-live');
      await page.locator('#alert-rows tr', { hasText: 'resolved' }).first().waitFor({ timeout: 10_000 });
      assert.deepEqual(watch.console, []);
      assert.deepEqual(await page.evaluate('window.__violations'), []);
      assert.ok(
        watch.requests.every((url) => url.startsWith(dashboard.url)),
        'nothing but itself',
      );
      await page.close();
    } finally {
      await dashboard.close();
    }
  });

  it('runs no script from hostile names, on the page or arriving live', async () => {
    const hostile = manifestObjects([join(ROOT, 'test', 'fixtures', 'report', 'xss')]);
    const [namespace, ...rest] = hostile;
    assert.ok(namespace);
    api.apply(namespace);
    const dashboard = await startDashboard(api, kubeconfig, false);
    try {
      const { page, watch } = await open(context, `${dashboard.url}/`);
      await page.locator('#connection', { hasText: 'live' }).waitFor();
      // The rest arrive while the page is open: rendered by the client script.
      for (const object of rest) api.apply(object);
      await page
        .locator('#timeline-rows tr', { hasText: '</script><script>window.__pwned=2</script>' })
        .first()
        .waitFor({ timeout: 10_000 });
      await page.locator('#alert-rows tr').first().waitFor({ timeout: 10_000 });
      for (const row of await page.locator('#timeline-rows tr').all()) await row.hover();
      // And drawn by the server on a reload.
      await page.reload({ waitUntil: 'load' });
      await page.locator('#connection', { hasText: 'live' }).waitFor();
      for (const row of await page.locator('[data-row]').all()) await row.hover();
      assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined', 'a payload ran');
      assert.deepEqual(await page.evaluate('window.__violations'), [], 'no CSP violation');
      assert.deepEqual(watch.dialogs, []);
      assert.deepEqual(watch.console, []);
      assert.equal(await page.locator('img, svg, iframe, b').count(), 0);
      assert.equal(await page.locator('script').count(), 3, 'the data block and the two scripts');
      assert.ok(await page.getByText('</script><script>window.__pwned=2</script>').first().isVisible());
      await page.close();
    } finally {
      await dashboard.close();
      for (const object of rest) {
        const metadata = object.metadata as { namespace?: string; name: string };
        api.remove(
          object.apiVersion as string,
          object.kind as string,
          metadata.namespace ?? '',
          metadata.name,
        );
      }
    }
  });

  it('refuses the page and the stream without the token when not on loopback; ?token= once sets the cookie', async () => {
    const dashboard = await startDashboard(api, kubeconfig, true);
    try {
      const refused = await open(context, `${dashboard.url}/`);
      assert.equal(refused.status, 401);
      assert.equal(await refused.page.locator('#timeline').count(), 0);
      const stream = await fetch(`${dashboard.url}/events`);
      assert.equal(stream.status, 401);
      const wrong = await fetch(`${dashboard.url}/`, { headers: { authorization: 'Bearer not-the-token' } });
      assert.equal(wrong.status, 401);
      const bearer = await fetch(`${dashboard.url}/`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(bearer.status, 200);
      assert.match(bearer.headers.get('content-security-policy') ?? '', /connect-src 'self'/);
      await refused.page.close();

      const { page, status } = await open(context, `${dashboard.url}/?token=${TOKEN}`);
      assert.equal(status, 200);
      assert.equal(new URL(page.url()).search, '', 'the token left the address bar');
      await page.locator('#connection', { hasText: 'live' }).waitFor();
      api.apply(ingress('with-cookie', 'web'));
      await page
        .locator('#timeline-rows tr', { hasText: 'with-cookie' })
        .first()
        .waitFor({ timeout: 10_000 });
      const cookies = await context.cookies(dashboard.url);
      const cookie = cookies.find((c) => c.name === 'gatewatch_dashboard');
      assert.ok(cookie?.httpOnly && cookie.sameSite === 'Strict');
      assert.notEqual(cookie.value, TOKEN, 'the cookie holds a digest, not the token');
      await page.close();
      await context.clearCookies();
    } finally {
      await dashboard.close();
    }
  });
});
