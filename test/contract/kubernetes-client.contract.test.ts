/**
 * Contract of the real @kubernetes/client-node adapter (src/sources/cluster/kubernetes-client.ts) against
 * a loopback API server (test/helpers/fake-api-server.ts) answering with the JSON a real one sends:
 * kubeconfig resolution, TLS with the kubeconfig's CA, bearer tokens, discovery, pagination, 403/404/410.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  createKubernetesReader,
  KubeconfigError,
  loadKubeConfig,
} from '../../src/sources/cluster/kubernetes-client.ts';
import { GATEWAY_API_RESOURCES, STANDARD_RESOURCES } from '../../src/sources/cluster/fake.ts';
import { WANTED_KINDS } from '../../src/sources/cluster/kinds.ts';
import type { ClusterReader, ServedKind } from '../../src/sources/cluster/port.ts';
import type { JsonObject } from '../../src/model/resource.ts';
import { startFakeApiServer, type FakeApiServer } from '../helpers/fake-api-server.ts';

const TOKEN = 'contract-test-token';
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-contract-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ingress = (namespace: string, name: string): JsonObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace },
  spec: { rules: [{ host: `${name}.example.com` }] },
});

const secret = (name: string, type: string): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'shop' },
  type,
  data: { 'tls.crt': 'Y2VydA==' },
});

function writeKubeconfig(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function served(kind: string): ServedKind {
  const found = [...STANDARD_RESOURCES, ...GATEWAY_API_RESOURCES].find((s) => s.kind === kind);
  assert.ok(found);
  return found;
}

async function withReader<T>(
  server: FakeApiServer,
  work: (reader: ClusterReader) => Promise<T>,
  options: { timeoutMs?: number; pageSize?: number; token?: string } = {},
): Promise<T> {
  const kubeconfig = writeKubeconfig(
    `kc-${String(Math.random()).slice(2)}.yaml`,
    server.kubeconfig(options.token === undefined ? {} : { token: options.token }),
  );
  const reader = createKubernetesReader({ kubeconfig, env: {}, ...options });
  try {
    return await work(reader);
  } finally {
    await reader.close();
  }
}

describe('kubernetes-client adapter against a loopback API server', () => {
  let server: FakeApiServer;
  const objects = [
    ...Array.from({ length: 7 }, (_, i) => ingress(i % 2 === 0 ? 'shop' : 'payments', `web-${String(i)}`)),
    secret('web-tls', 'kubernetes.io/tls'),
    secret('db-password', 'Opaque'),
  ];

  before(async () => {
    server = await startFakeApiServer({ objects, token: TOKEN, forbidden: ['configmaps'], maxPageSize: 3 });
  });
  after(async () => {
    await server.close();
  });

  it('discovers served kinds with their plural and scope, ignoring subresources; absent CRDs are not served', async () => {
    const discovery = await withReader(server, (reader) => reader.discover(WANTED_KINDS));
    assert.equal(discovery.status, 'ok');
    const kinds = discovery.kinds;
    assert.deepEqual(kinds.get('Ingress'), { status: 'served', served: served('Ingress') });
    assert.deepEqual(kinds.get('IngressClass'), { status: 'served', served: served('IngressClass') });
    assert.deepEqual(kinds.get('Secret'), { status: 'served', served: served('Secret') });
    assert.deepEqual(kinds.get('HTTPRoute'), { status: 'notServed' });
    assert.deepEqual(kinds.get('Middleware'), { status: 'notServed' });
  });

  it('reads every page of a list through continue tokens, giving items their apiVersion and kind', async () => {
    const before = server.requests.length;
    const progress: number[] = [];
    const outcome = await withReader(
      server,
      (reader) => reader.list({ served: served('Ingress'), onProgress: (n) => progress.push(n) }),
      { pageSize: 500 },
    );
    assert.equal(outcome.status, 'ok');
    const items = outcome.items;
    assert.equal(items.length, 7);
    assert.ok(items.every((i) => i.apiVersion === 'networking.k8s.io/v1' && i.kind === 'Ingress'));
    const pages = server.requests
      .slice(before)
      .filter((r) => r.path === '/apis/networking.k8s.io/v1/ingresses');
    // The server caps pages at 3: 3 + 3 + 1, each page after the first asking with the token it was given.
    assert.equal(pages.length, 3);
    assert.deepEqual(
      pages.map((p) => p.query.get('limit')),
      ['500', '500', '500'],
    );
    assert.equal(pages[0]?.query.get('continue'), null);
    assert.ok(pages[1]?.query.get('continue'));
    assert.deepEqual(progress, [3, 6, 7]);
  });

  it('lists one namespace under /namespaces/<ns>/', async () => {
    const outcome = await withReader(server, (reader) =>
      reader.list({ served: served('Ingress'), namespace: 'payments' }),
    );
    assert.equal(outcome.status === 'ok' ? outcome.items.length : -1, 3);
    assert.equal(server.requests.at(-1)?.path, '/apis/networking.k8s.io/v1/namespaces/payments/ingresses');
  });

  it('passes the field selector to the server (TLS Secrets only)', async () => {
    const outcome = await withReader(server, (reader) =>
      reader.list({ served: served('Secret'), fieldSelector: 'type=kubernetes.io/tls' }),
    );
    assert.deepEqual(
      outcome.status === 'ok' ? outcome.items.map((i) => (i.metadata as JsonObject).name) : [],
      ['web-tls'],
    );
    assert.equal(server.requests.at(-1)?.query.get('fieldSelector'), 'type=kubernetes.io/tls');
  });

  it('turns a 403 Status into "forbidden" with the server message', async () => {
    const outcome = await withReader(server, (reader) => reader.list({ served: served('ConfigMap') }));
    assert.equal(outcome.status, 'forbidden');
    assert.match(
      outcome.message,
      /^configmaps is forbidden: User "test-user" cannot list resource "configmaps" in API group "" at the cluster scope$/,
    );
  });

  it('treats a 404 on a list (a CRD removed after discovery) as not served', async () => {
    const outcome = await withReader(server, (reader) => reader.list({ served: served('HTTPRoute') }));
    assert.deepEqual(outcome, { status: 'notServed' });
  });

  it('sends the bearer token of the kubeconfig; a wrong one is refused (401), and discovery fails', async () => {
    assert.ok(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
    const discovery = await withReader(server, (reader) => reader.discover(WANTED_KINDS), { token: 'wrong' });
    assert.equal(discovery.status, 'error');
    assert.match(discovery.message, /did not accept the credentials \(401/);
  });

  it('asks who it is (SelfSubjectReview) and what a subject may do (SubjectAccessReview)', async () => {
    await withReader(server, async (reader) => {
      assert.deepEqual(await reader.whoAmI(), {
        status: 'ok',
        username: 'test-user',
        groups: ['system:authenticated'],
      });
      const allowed = await reader.review({
        user: 'jane',
        verb: 'create',
        group: 'networking.k8s.io',
        resource: 'ingresses',
        namespace: 'shop',
      });
      assert.equal(allowed.status === 'ok' && allowed.allowed, true);
      const denied = await reader.review({ verb: 'list', group: '', resource: 'configmaps' });
      assert.equal(denied.status === 'ok' && denied.allowed, false);
    });
    const posts = server.requests.filter((r) => r.method === 'POST').map((r) => r.path);
    assert.deepEqual(posts, [
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    ]);
  });
});

describe('kubernetes-client adapter: TLS, timeouts, expired continue tokens, CRDs', () => {
  it('verifies the server against the kubeconfig CA, and refuses a server it cannot verify', async () => {
    const server = await startFakeApiServer({ objects: [ingress('shop', 'web')] });
    try {
      const ok = await withReader(server, (reader) => reader.list({ served: served('Ingress') }));
      assert.equal(ok.status, 'ok');
      const noCa = writeKubeconfig(
        'no-ca.yaml',
        server.kubeconfig().replace(/certificate-authority-data: .*/, 'certificate-authority-data: ""'),
      );
      const reader = createKubernetesReader({ kubeconfig: noCa, env: {} });
      const refused = await reader.discover(WANTED_KINDS);
      assert.equal(refused.status, 'error');
      assert.match(refused.message, /certificate/i);
    } finally {
      await server.close();
    }
  });

  it('talks plain HTTP only when the kubeconfig says insecure-skip-tls-verify', async () => {
    const server = await startFakeApiServer({ objects: [ingress('shop', 'web')], tls: false });
    try {
      const outcome = await withReader(server, (reader) => reader.list({ served: served('Ingress') }));
      assert.equal(outcome.status, 'ok');
    } finally {
      await server.close();
    }
  });

  it('gives up on a request after the timeout', async () => {
    const server = await startFakeApiServer({ delayMs: 300 });
    try {
      const outcome = await withReader(server, (reader) => reader.list({ served: served('Ingress') }), {
        timeoutMs: 50,
      });
      assert.equal(outcome.status, 'error');
      assert.match(outcome.message, /no answer within 0.05 s/);
    } finally {
      await server.close();
    }
  });

  it('keeps a watch open past the request timeout, which bounds only waiting for the answer', async () => {
    const server = await startFakeApiServer({ objects: [ingress('shop', 'web')] });
    try {
      const events = await withReader(
        server,
        async (reader) => {
          const controller = new AbortController();
          const seen: string[] = [];
          const stream = reader.watch({
            served: served('Ingress'),
            resourceVersion: '0',
            signal: controller.signal,
          });
          for await (const event of stream) {
            seen.push(event.type === 'ERROR' ? `ERROR ${event.status.message}` : event.type);
            if (seen.length === 1)
              // Three request timeouts later, a change still arrives on the same stream.
              setTimeout(() => {
                server.apply(ingress('shop', 'later'));
              }, 300);
            if (seen.length === 2) controller.abort();
          }
          return seen;
        },
        { timeoutMs: 100 },
      );
      assert.deepEqual(events, ['ADDED', 'ADDED']);
    } finally {
      await server.close();
    }
  });

  it('gives up opening a watch after the request timeout', async () => {
    const server = await startFakeApiServer({ delayMs: 300 });
    try {
      const events = await withReader(
        server,
        async (reader) => {
          const seen: string[] = [];
          for await (const event of reader.watch({ served: served('Ingress'), resourceVersion: '0' }))
            seen.push(event.type === 'ERROR' ? `ERROR ${event.status.message}` : event.type);
          return seen;
        },
        { timeoutMs: 50 },
      );
      assert.deepEqual(events, ['ERROR no answer within 0.05 s (--request-timeout)']);
    } finally {
      await server.close();
    }
  });

  it('starts a list over when its continue token expired (410 Gone), once', async () => {
    const server = await startFakeApiServer({
      objects: Array.from({ length: 5 }, (_, i) => ingress('shop', `web-${String(i)}`)),
      maxPageSize: 2,
    });
    try {
      const outcome = await withReader(server, (reader) =>
        reader.list({
          served: served('Ingress'),
          onProgress: (n) => {
            if (n === 2 && server.requests.filter((r) => r.query.has('continue')).length === 0)
              server.expireContinueTokens();
          },
        }),
      );
      assert.equal(outcome.status === 'ok' ? outcome.items.length : -1, 5);
      const lists = server.requests.filter((r) => r.path.endsWith('/ingresses'));
      // page 1, page 2 → 410, then from the start: 3 pages.
      assert.equal(lists.length, 5);
    } finally {
      await server.close();
    }
  });

  it('finds Gateway API kinds in the version that serves them (preferred first)', async () => {
    const server = await startFakeApiServer({ served: [...STANDARD_RESOURCES, ...GATEWAY_API_RESOURCES] });
    try {
      const discovery = await withReader(server, (reader) => reader.discover(WANTED_KINDS));
      const kinds = discovery.status === 'ok' ? discovery.kinds : new Map();
      assert.deepEqual(kinds.get('HTTPRoute'), { status: 'served', served: served('HTTPRoute') });
      assert.deepEqual(kinds.get('ReferenceGrant'), { status: 'served', served: served('ReferenceGrant') });
      assert.deepEqual(kinds.get('TLSRoute'), { status: 'served', served: served('TLSRoute') });
      assert.ok(server.requests.some((r) => r.path === '/apis/gateway.networking.k8s.io/v1alpha2'));
    } finally {
      await server.close();
    }
  });

  it('reports an unreachable server as a discovery error', async () => {
    const server = await startFakeApiServer();
    const kubeconfig = writeKubeconfig('gone.yaml', server.kubeconfig());
    await server.close();
    const discovery = await createKubernetesReader({ kubeconfig, env: {} }).discover(WANTED_KINDS);
    assert.equal(discovery.status, 'error');
    assert.match(discovery.message, /ECONNREFUSED/);
  });
});

describe('kubeconfig resolution', () => {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({ token: TOKEN });
  });
  after(async () => {
    await server.close();
  });

  it('merges KUBECONFIG files as kubectl does: first current-context and first definition of a name win', () => {
    const first = writeKubeconfig('first.yaml', server.kubeconfig({ context: 'alpha' }));
    const second = writeKubeconfig(
      'second.yaml',
      server
        .kubeconfig({ context: 'alpha' })
        .replace(/server: .*/, 'server: https://192.0.2.1:6443')
        .replace('current-context: alpha', 'current-context: beta')
        .concat('  - name: beta\n    context:\n      cluster: alpha-cluster\n      user: alpha-user\n'),
    );
    const missing = join(dir, 'does-not-exist.yaml');
    const config = loadKubeConfig({ env: { KUBECONFIG: [missing, first, second].join(delimiter) } });
    assert.equal(config.getCurrentContext(), 'alpha');
    assert.equal(config.getCurrentCluster()?.server, server.url);
    assert.deepEqual(
      config.getContexts().map((c) => c.name),
      ['alpha', 'beta'],
    );
  });

  it('--kubeconfig wins over KUBECONFIG, and --context picks another context', async () => {
    const file = writeKubeconfig(
      'two-contexts.yaml',
      server
        .kubeconfig({ context: 'good' })
        .replace('current-context: good', 'current-context: dead')
        .concat('  - name: dead\n    context:\n      cluster: dead-cluster\n      user: good-user\n', '')
        .replace(
          'clusters:\n',
          'clusters:\n  - name: dead-cluster\n    cluster:\n      server: https://127.0.0.1:1\n',
        ),
    );
    const reader = createKubernetesReader({
      kubeconfig: file,
      context: 'good',
      env: { KUBECONFIG: join(dir, 'nope.yaml') },
    });
    assert.equal(reader.target, `context "good" (${server.url})`);
    assert.equal((await reader.discover(WANTED_KINDS)).status, 'ok');
    assert.throws(
      () => loadKubeConfig({ kubeconfig: file, context: 'nowhere', env: {} }),
      (error: unknown) =>
        error instanceof KubeconfigError && /context "nowhere" is not in the kubeconfig/.test(error.message),
    );
  });

  it('uses ~/.kube/config when nothing else is given, and says so when there is none', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(join(home, '.kube', 'config'), server.kubeconfig({ context: 'home' }));
    assert.equal(loadKubeConfig({ env: { HOME: home } }).getCurrentContext(), 'home');
    assert.throws(() => loadKubeConfig({ env: { HOME: join(dir, 'nobody') } }), /no kubeconfig found/);
  });

  it('runs in a pod with the service account token and CA', async () => {
    const account = join(dir, 'serviceaccount');
    mkdirSync(account, { recursive: true });
    writeFileSync(join(account, 'token'), TOKEN);
    writeFileSync(join(account, 'ca.crt'), server.ca ?? '');
    writeFileSync(join(account, 'namespace'), 'gatewatch\n');
    const port = new URL(server.url).port;
    const reader = createKubernetesReader({
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port },
      serviceAccountDir: account,
    });
    assert.equal(reader.target, `context "in-cluster" (https://127.0.0.1:${port})`);
    const identity = await reader.whoAmI();
    assert.equal(identity.status, 'ok');
    assert.equal(server.requests.at(-1)?.authorization, `Bearer ${TOKEN}`);
  });
});
