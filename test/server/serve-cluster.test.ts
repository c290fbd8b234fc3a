/**
 * `gatewatch serve --cluster`, as a process, against the loopback API server
 * (test/helpers/fake-api-server.ts) through the real @kubernetes/client-node adapter: the cluster model
 * is listed once and then kept by watches — an Ingress created after start-up is in the model the next
 * admission is reviewed against, with no relist (the resync period is an hour) — and the watch's
 * changes show in /metrics.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../../src/model/resource.ts';
import { startFakeApiServer, type FakeApiServer } from '../helpers/fake-api-server.ts';
import { freePort, send, spawnServe, stopGently, type ServeProcess } from '../helpers/serve.ts';
import { ingress, service } from '../helpers/watch-objects.ts';

const TOKEN = 'serve-cluster-test-token';

const NGINX_CLASS: JsonObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx' },
  spec: { controller: 'k8s.io/ingress-nginx' },
};

let uid = 0;
function createReview(object: JsonObject): string {
  uid++;
  const kind = { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' };
  const resource = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-4000-8000-${String(uid).padStart(12, '0')}`,
      kind,
      resource,
      requestKind: kind,
      requestResource: resource,
      name: (object.metadata as { name: string }).name,
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'alice', groups: ['system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
    },
  });
}

interface ReviewAnswer {
  readonly response: { readonly allowed: boolean; readonly status?: { readonly message: string } };
}

async function admit(serve: ServeProcess, object: JsonObject): Promise<ReviewAnswer> {
  const answer = await send(`${serve.url}/admission`, { method: 'POST', body: createReview(object) });
  assert.equal(answer.status, 200, answer.text);
  return answer.json<ReviewAnswer>();
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('serve --cluster keeps its model by watch', () => {
  let api: FakeApiServer;
  let serve: ServeProcess | undefined;

  before(async () => {
    api = await startFakeApiServer({
      token: TOKEN,
      objects: [NGINX_CLASS, service('web'), ingress('storefront', 'web', 'shop.example.com')],
    });
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'gatewatch-serve-cluster-')), 'kubeconfig');
    writeFileSync(kubeconfig, api.kubeconfig());
    const port = await freePort();
    serve = await spawnServe([
      '--insecure-http',
      '--listen',
      `127.0.0.1:${String(port)}`,
      '--cluster',
      '--kubeconfig',
      kubeconfig,
    ]);
    const started = serve;
    await until(async () => (await send(`${started.url}/readyz`)).status === 200, 'readiness');
  });

  after(async () => {
    // A server that never started must not keep the API server (and the test process) alive.
    if (serve) await stopGently(serve);
    await api.close();
  });

  /** The server the suite started (before() failed when there is none). */
  const running = (): ServeProcess => {
    assert.ok(serve, 'serve did not start');
    return serve;
  };

  it('reviews an admission against the listed objects (a cross-object conflict)', async () => {
    const answer = await admit(running(), ingress('promo', 'web', 'shop.example.com'));
    assert.equal(answer.response.allowed, false);
    assert.match(answer.response.status?.message ?? '', /ingress-host-path-conflict/);
  });

  it('sees an Ingress created after start-up through the watch, without listing again', async () => {
    const fresh = ingress('late', 'web', 'late.example.com');
    const clashing = ingress('late-copy', 'web', 'late.example.com');
    assert.equal((await admit(running(), clashing)).response.allowed, true, 'no conflict before it exists');

    api.apply(fresh);
    await until(
      async () =>
        /^gatewatch_cluster_changes_total\{[^}]*kind="Ingress"[^}]*verb="added"[^}]*\} 1$/m.test(
          (await send(`${running().url}/metrics`)).text,
        ),
      'the change in /metrics',
    );
    // The model a review takes is rebuilt at most once a second after a change.
    await until(async () => !(await admit(running(), clashing)).response.allowed, 'the conflict with it');

    const ingressReads = api.requests.filter(
      (request) => request.method === 'GET' && request.path === '/apis/networking.k8s.io/v1/ingresses',
    );
    const lists = ingressReads.filter((request) => request.query.get('watch') === null);
    assert.equal(lists.length, 1, 'Ingresses are listed once, then watched');
    assert.ok(ingressReads.some((request) => request.query.get('watch') === '1'));
  });

  it('counts the open findings of its incremental reviews in /metrics', async () => {
    // The gauges follow the model at most once a second after a change.
    let metrics = '';
    await until(async () => {
      metrics = (await send(`${running().url}/metrics`)).text;
      return /^gatewatch_model_objects 4$/m.test(metrics);
    }, 'the gauges after the change');
    // storefront and late, both without TLS: the watch reviewed the new Ingress, not only the old ones.
    assert.match(metrics, /^gatewatch_findings\{rule="ingress-tls-missing",severity="warning"\} 2$/m);
    assert.match(metrics, /^gatewatch_alerts_total\{detection="finding-new",severity="warning"\} 1$/m);
  });

  it('stops cleanly on SIGTERM', async () => {
    assert.equal(await stopGently(running()), 0);
  });
});
