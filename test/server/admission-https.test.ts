/**
 * The admission webhook over real HTTPS: AdmissionReviews for CREATE, UPDATE, DELETE and dryRun, the
 * verdicts compared with what `scan` finds about the same object over the same objects; malformed and
 * oversized bodies answered 400/413 with a Status, and the server still answering afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveConfig } from '../../src/engine/config.ts';
import { runRules } from '../../src/engine/run-rules.ts';
import { Model } from '../../src/model/model.ts';
import type { JsonObject } from '../../src/model/resource.ts';
import { RULES } from '../../src/rules/index.ts';
import { ADMISSION_BODY_LIMIT } from '../../src/server/app.ts';
import { snapshotOf, staticModelSource } from '../../src/server/cluster-model.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { resolveAccountability } from '../../src/ledger/detections/settings.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import type { Enforce } from '../../src/server/admission.ts';
import { GOOD_PAIRS, tlsSecretYaml } from '../helpers/certs.ts';
import { modelFromYaml } from '../helpers/load.ts';
import { send, servePki } from '../helpers/serve.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const config = resolveConfig(RULES, {}, {});

const CLUSTER = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
---
${tlsSecretYaml({ name: 'shop-tls', namespace: 'shop', ...GOOD_PAIRS.shopRsa })}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront
  namespace: shop
  creationTimestamp: "2026-01-01T00:00:00Z"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;

function ingress(name: string, spec: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'shop', creationTimestamp: '2026-05-01T00:00:00Z', ...extra },
    spec,
  };
}

const rule = (host: string, service: string, path = '/'): JsonObject => ({
  host,
  http: {
    paths: [{ path, pathType: 'Prefix', backend: { service: { name: service, port: { number: 80 } } } }],
  },
});

/** Claims the storefront's host and path (a conflict it loses), and names a Service that does not exist. */
const CONFLICTING = ingress('promo', {
  ingressClassName: 'nginx',
  tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
  rules: [rule('shop.example.com', 'web'), rule('promo.example.com', 'promo')],
});

/** The storefront as stored, with a server snippet added. */
const STOREFRONT_UPDATE = ingress(
  'storefront',
  {
    ingressClassName: 'nginx',
    tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    rules: [rule('shop.example.com', 'web')],
  },
  {
    creationTimestamp: '2026-01-01T00:00:00Z',
    annotations: { 'nginx.ingress.kubernetes.io/server-snippet': 'return 302 https://evil.example;' },
  },
);

let uid = 0;
function review(
  operation: 'CREATE' | 'UPDATE' | 'DELETE',
  object: JsonObject | null,
  extra: JsonObject = {},
  kind = { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
  resource = 'ingresses',
): JsonObject {
  uid++;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-4000-8000-${String(uid).padStart(12, '0')}`,
      kind,
      resource: { group: kind.group, version: kind.version, resource },
      requestKind: kind,
      requestResource: { group: kind.group, version: kind.version, resource },
      name: object ? (object.metadata as { name: string }).name : 'storefront',
      namespace: 'shop',
      operation,
      userInfo: { username: 'alice', groups: ['system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: null,
      ...extra,
    },
  };
}

interface ReviewAnswer {
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; message: string };
    warnings?: string[];
  };
}

const FINDING = /\[(error|warning|info)\] ([a-z0-9-]+) at (\S+): /g;

/** `severity rule-id path` of every finding the answer names, denying or warning. */
function findingsOf(answer: ReviewAnswer): string[] {
  const text = [answer.response.status?.message ?? '', ...(answer.response.warnings ?? [])].join('\n');
  return [...text.matchAll(FINDING)].map((m) => `${m[1] ?? ''} ${m[2] ?? ''} ${m[3] ?? ''}`).sort();
}

/** What scan reports about `object` over the cluster objects plus it (replacing its stored version). */
function scanFindings(object: JsonObject, withCluster: boolean): string[] {
  const yaml = JSON.stringify(object);
  const { model: clusterModel } = modelFromYaml(CLUSTER, 'cluster.yaml', { mode: 'cluster' });
  const { model: objectModel } = modelFromYaml(yaml, 'object.json', {
    mode: withCluster ? 'cluster' : 'files',
  });
  const subject = objectModel.resources[0];
  assert.ok(subject);
  const sameObject = (r: { kind: string; namespace: string; name: string }): boolean =>
    r.kind === subject.kind && r.namespace === subject.namespace && r.name === subject.name;
  const resources = withCluster
    ? [...clusterModel.resources.filter((r) => !sameObject(r)), subject]
    : [subject];
  const model = new Model(resources, { mode: withCluster ? 'cluster' : 'files' });
  const { findings } = runRules({ model, config, now: NOW });
  return findings
    .filter((f) => sameObject(f.object))
    .map((f) => `${f.severity} ${f.ruleId} ${f.path}`)
    .sort();
}

async function start(enforce: Enforce, withCluster: boolean): Promise<RunningServer> {
  const pki = servePki();
  const { model } = modelFromYaml(CLUSTER, 'cluster.yaml', { mode: 'cluster' });
  return startServer({
    host: '127.0.0.1',
    port: 0,
    tls: { certFile: pki.files.serverCert, keyFile: pki.files.serverKey },
    db: ':memory:',
    enforce,
    config,
    accountability: resolveAccountability(undefined),
    cluster: withCluster ? staticModelSource(snapshotOf(model, NOW)) : undefined,
    logger: silentLogger(),
    now: () => NOW,
  });
}

async function post(server: RunningServer, body: unknown): Promise<ReviewAnswer> {
  const answer = await send(`${server.url}/admission`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(answer.status, 200, answer.text);
  return answer.json<ReviewAnswer>();
}

describe('POST /admission over HTTPS', () => {
  let enforcing: RunningServer;
  let lenient: RunningServer;
  let strict: RunningServer;
  let alone: RunningServer;

  before(async () => {
    [enforcing, lenient, strict, alone] = await Promise.all([
      start('error', true),
      start('none', true),
      start('warning', true),
      start('error', false),
    ]);
  });

  after(async () => {
    await Promise.all([enforcing, lenient, strict, alone].map((server) => server.close()));
  });

  it('denies a CREATE with error findings, lists them, warns of the rest: the findings scan reports', async () => {
    const body = review('CREATE', CONFLICTING);
    const answer = await post(enforcing, body);
    assert.equal(answer.response.uid, (body.request as JsonObject).uid);
    assert.equal(answer.response.allowed, false);
    assert.equal(answer.response.status?.code, 403);
    const expected = scanFindings(CONFLICTING, true);
    assert.ok(
      expected.some((f) => f.startsWith('error ingress-host-path-conflict ')),
      expected.join('\n'),
    );
    assert.ok(
      expected.some((f) => f.startsWith('error ingress-backend-service-missing ')),
      expected.join('\n'),
    );
    assert.deepEqual(findingsOf(answer), expected);
    // Denying findings are in the message, the others only in the warnings.
    assert.match(JSON.stringify(answer.response.status), /ingress-host-path-conflict/);
    for (const warning of answer.response.warnings ?? []) assert.doesNotMatch(warning, /^\[error\]/);
  });

  it('with --enforce none allows and returns every finding as a warning', async () => {
    const answer = await post(lenient, review('CREATE', CONFLICTING));
    assert.equal(answer.response.allowed, true);
    assert.equal(answer.response.status, undefined);
    assert.deepEqual(findingsOf(answer), scanFindings(CONFLICTING, true));
  });

  it('with --enforce warning denies on warnings too', async () => {
    const harmless = ingress('docs', {
      ingressClassName: 'nginx',
      rules: [rule('docs.example.com', 'web')],
    });
    const expected = scanFindings(harmless, true);
    assert.ok(
      expected.some((f) => f.startsWith('warning ')),
      expected.join('\n'),
    );
    assert.ok(!expected.some((f) => f.startsWith('error ')), expected.join('\n'));
    assert.equal((await post(enforcing, review('CREATE', harmless))).response.allowed, true);
    const answer = await post(strict, review('CREATE', harmless));
    assert.equal(answer.response.allowed, false);
    assert.deepEqual(findingsOf(answer), expected);
  });

  it('reviews an UPDATE in place of the stored version', async () => {
    const answer = await post(
      enforcing,
      review('UPDATE', STOREFRONT_UPDATE, { oldObject: STOREFRONT_UPDATE }),
    );
    const expected = scanFindings(STOREFRONT_UPDATE, true);
    assert.ok(
      expected.some((f) => f.includes('nginx-snippet-annotation')),
      expected.join('\n'),
    );
    // The stored storefront does not conflict with its own new version.
    assert.ok(!expected.some((f) => f.includes('ingress-host-path-conflict')), expected.join('\n'));
    assert.deepEqual(findingsOf(answer), expected);
    assert.equal(answer.response.allowed, !expected.some((f) => f.startsWith('error ')));
  });

  it('allows a DELETE without review', async () => {
    const answer = await post(enforcing, review('DELETE', null, { oldObject: CONFLICTING, name: 'promo' }));
    assert.deepEqual(answer.response, { uid: answer.response.uid, allowed: true });
  });

  it('answers a dryRun request exactly as the real one', async () => {
    const real = await post(enforcing, review('CREATE', CONFLICTING));
    const dry = await post(enforcing, review('CREATE', CONFLICTING, { dryRun: true }));
    assert.deepEqual({ ...dry.response, uid: '' }, { ...real.response, uid: '' });
  });

  it('without --cluster reviews the object alone, like a scan of that one object', async () => {
    const answer = await post(alone, review('CREATE', CONFLICTING));
    const expected = scanFindings(CONFLICTING, false);
    assert.ok(!expected.some((f) => f.includes('ingress-backend-service-missing')));
    assert.ok(!expected.some((f) => f.includes('ingress-host-path-conflict')));
    assert.deepEqual(findingsOf(answer), expected);
  });

  it('takes a CREATE whose object has no namespace (it comes from the URL) or only a generateName', async () => {
    const object = ingress('ignored', { ingressClassName: 'nginx', rules: [rule('gen.example.com', 'web')] });
    const metadata = { generateName: 'gen-' };
    const answer = await post(enforcing, review('CREATE', { ...object, metadata }, { name: '' }));
    assert.equal(answer.response.allowed, true);
  });

  it('allows kinds it does not review', async () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'x', namespace: 'shop' },
      spec: {},
    };
    const answer = await post(
      enforcing,
      review('CREATE', service, {}, { group: '', version: 'v1', kind: 'Service' }, 'services'),
    );
    assert.deepEqual(answer.response, { uid: answer.response.uid, allowed: true });
  });

  it('answers malformed reviews with 400 and a Status, and keeps serving', async () => {
    const bodies: string[] = [
      'not json',
      '[]',
      '{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{}}',
      '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}',
      JSON.stringify({ ...review('CREATE', CONFLICTING), request: { uid: 'x' } }),
      JSON.stringify(review('CREATE', null)),
      JSON.stringify({
        ...review('UPDATE', null),
        request: { ...(review('UPDATE', null).request as JsonObject), object: 'a string' },
      }),
      '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"networking.k8s.io","version":"v1","kind":"Ingress"},"operation":"EXPLODE"}}',
    ];
    for (const body of bodies) {
      const answer = await send(`${enforcing.url}/admission`, { method: 'POST', body });
      assert.equal(answer.status, 400, body);
      const status = answer.json<{ kind: string; code: number; status: string }>();
      assert.equal(status.kind, 'Status');
      assert.equal(status.code, 400);
      assert.equal(status.status, 'Failure');
    }
    assert.equal((await post(enforcing, review('CREATE', CONFLICTING))).response.allowed, false);
  });

  it('refuses bodies over the limit with 413', async () => {
    const padding = 'x'.repeat(ADMISSION_BODY_LIMIT + 1024);
    const big = review('CREATE', ingress('big', { rules: [] }, { annotations: { pad: padding } }));
    const answer = await send(`${enforcing.url}/admission`, { method: 'POST', body: JSON.stringify(big) });
    assert.equal(answer.status, 413);
    assert.equal(answer.json<{ code: number }>().code, 413);
    assert.equal((await send(`${enforcing.url}/healthz`)).status, 200);
  });

  it('answers only HTTPS', async () => {
    await assert.rejects(send(enforcing.url.replace('https:', 'http:') + '/healthz', { timeoutMs: 2000 }));
  });
});
