/**
 * The cluster source over the in-memory ClusterReader: what comes in, how it is cleaned at the door,
 * and how unreadable and absent kinds are told apart. The real adapter has its own contract test
 * (test/contract/kubernetes-client.contract.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readCluster } from './read.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { FakeClusterReader, GATEWAY_API_RESOURCES, STANDARD_RESOURCES, TRAEFIK_RESOURCES } from './fake.ts';
import { CLUSTER_GROUPS, SECRET_FIELD_SELECTOR } from './kinds.ts';
import { KNOWN_KINDS } from '../../model/kinds.ts';
import { isSecretResource } from '../../model/secret.ts';
import { isObject, type JsonObject, type Resource } from '../../model/resource.ts';
import { readPem } from '../../../test/helpers/certs.ts';

const base64 = (text: string): string => Buffer.from(text).toString('base64');

const ingress: JsonObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name: 'web',
    namespace: 'shop',
    resourceVersion: '42',
    managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
  },
  spec: { rules: [{ host: 'shop.example.com' }] },
  status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } },
};

const tlsSecret: JsonObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/tls',
  metadata: {
    name: 'web-tls',
    namespace: 'shop',
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"tls.key":"c2VjcmV0"}}',
      team: 'shop',
    },
  },
  data: { 'tls.crt': base64(readPem('shop-rsa.fullchain.crt')), 'tls.key': base64(readPem('shop-rsa.key')) },
};

const opaqueSecret: JsonObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: { name: 'db-password', namespace: 'shop' },
  data: { password: base64('hunter2') },
};

const ingressClass: JsonObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx' },
  spec: { controller: 'k8s.io/ingress-nginx' },
};

const pod = (name: string, owned: boolean): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'shop',
    ...(owned
      ? {
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', controller: true },
          ],
        }
      : {}),
  },
  spec: { containers: [{ name: 'app', image: 'shop/web:1.0' }] },
});

async function read(reader: FakeClusterReader, namespace?: string) {
  const input = await readCluster(reader, namespace === undefined ? {} : { namespace });
  assert.equal(input.status, 'ok');
  return input;
}

function find(resources: readonly Resource[], kind: string, name: string): Resource {
  const found = resources.find((r) => r.kind === kind && r.name === name);
  assert.ok(found, `${kind} ${name} read`);
  return found;
}

describe('readCluster', () => {
  it('knows where every reviewed kind is served', () => {
    assert.deepEqual(Object.keys(CLUSTER_GROUPS).sort(), Object.keys(KNOWN_KINDS).sort());
  });

  it('gives list items their apiVersion and kind and drops managedFields, keeping status', async () => {
    const { resources } = await read(new FakeClusterReader({ objects: [ingress] }));
    const web = find(resources, 'Ingress', 'web');
    assert.equal(web.apiVersion, 'networking.k8s.io/v1');
    assert.equal(web.namespace, 'shop');
    assert.equal(web.origin, undefined);
    assert.equal(web.body.kind, 'Ingress');
    assert.equal(web.body.apiVersion, 'networking.k8s.io/v1');
    assert.deepEqual(Object.keys(web.body.metadata as object).sort(), [
      'name',
      'namespace',
      'resourceVersion',
    ]);
    assert.deepEqual(web.body.status, ingress.status);
  });

  it('lists Secrets of type kubernetes.io/tls only and reduces them to certificate facts', async () => {
    const reader = new FakeClusterReader({ objects: [tlsSecret, opaqueSecret] });
    const { resources } = await read(reader);
    assert.equal(reader.lists.find((l) => l.served.kind === 'Secret')?.fieldSelector, SECRET_FIELD_SELECTOR);
    const secrets = resources.filter((r) => r.kind === 'Secret');
    assert.deepEqual(
      secrets.map((s) => s.name),
      ['web-tls'],
    );
    const secret = secrets[0];
    assert.ok(secret && isSecretResource(secret));
    assert.equal(secret.tls?.keyMatches, true);
    assert.deepEqual(secret.dataKeys, ['tls.crt', 'tls.key']);
    assert.equal(secret.body.data, undefined);
    // The last-applied annotation repeats the Secret's values: it goes too; other annotations stay.
    assert.deepEqual((secret.body.metadata as JsonObject).annotations, { team: 'shop' });
    assert.doesNotMatch(JSON.stringify(resources), /c2VjcmV0|hunter2|PRIVATE KEY/);
  });

  it('keeps bare Pods and leaves out the replicas of a controller (their template is read)', async () => {
    const { resources } = await read(
      new FakeClusterReader({ objects: [pod('debug', false), pod('web-5d8f-abcde', true)] }),
    );
    assert.deepEqual(
      resources.filter((r) => r.kind === 'Pod').map((r) => r.name),
      ['debug'],
    );
  });

  it('with a namespace, scopes namespaced kinds to it and still reads cluster-scoped kinds', async () => {
    const other = { ...ingress, metadata: { name: 'api', namespace: 'payments' } };
    const reader = new FakeClusterReader({ objects: [ingress, other, ingressClass] });
    const { resources } = await read(reader, 'shop');
    assert.deepEqual(resources.map((r) => `${r.kind}/${r.namespace}/${r.name}`).sort(), [
      'Ingress/shop/web',
      'IngressClass//nginx',
    ]);
    assert.equal(reader.lists.find((l) => l.served.kind === 'IngressClass')?.namespace, undefined);
    assert.equal(reader.lists.find((l) => l.served.kind === 'Ingress')?.namespace, 'shop');
  });

  it('tells a forbidden kind (unreadable, with the server message) from an absent CRD (not served)', async () => {
    const message = 'secrets is forbidden: User "viewer" cannot list resource "secrets"';
    const input = await read(
      new FakeClusterReader({
        objects: [ingress, tlsSecret],
        forbidden: { Secret: message },
        failing: { ConfigMap: 'no answer within 30 s' },
      }),
    );
    assert.deepEqual([...input.unreadableKinds.keys()].sort(), ['ConfigMap', 'Secret']);
    assert.match(
      input.unreadableKinds.get('Secret') ?? '',
      /^Secret could not be read from the cluster \(forbidden\): /,
    );
    assert.match(input.unreadableKinds.get('Secret') ?? '', /cannot list resource "secrets"/);
    assert.deepEqual(input.notServed, [
      'GRPCRoute',
      'Gateway',
      'GatewayClass',
      'HTTPRoute',
      'Middleware',
      'ReferenceGrant',
      'TLSRoute',
    ]);
    assert.equal(
      input.resources.some((r) => r.kind === 'Secret'),
      false,
    );
  });

  it('reads CRD kinds where they are served', async () => {
    const route: JsonObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {},
    };
    const input = await read(
      new FakeClusterReader({ objects: [route], served: [...STANDARD_RESOURCES, ...GATEWAY_API_RESOURCES] }),
    );
    assert.equal(find(input.resources, 'HTTPRoute', 'web').apiVersion, 'gateway.networking.k8s.io/v1');
    assert.deepEqual(input.notServed, ['Middleware']);
  });

  it('reports progress as objects arrive and kinds finish', async () => {
    const seen: { kindsDone: number; objects: number }[] = [];
    await readCluster(new FakeClusterReader({ objects: [ingress, ingressClass] }), {
      onProgress: (p) => seen.push(p),
    });
    const last = seen.at(-1);
    assert.ok(last);
    assert.equal(last.objects, 2);
    assert.equal(last.kindsDone, STANDARD_RESOURCES.length);
  });

  it('says when the server cannot be asked at all', async () => {
    const input = await readCluster(new FakeClusterReader({ objects: [], unreachable: 'ECONNREFUSED' }));
    assert.equal(input.status, 'unreachable');
    assert.match(input.message, /ECONNREFUSED/);
  });
});

describe('docs/cluster.md', () => {
  it('its ClusterRole grants list on exactly the resources the cluster source reads', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'cluster.md'), 'utf8');
    const role = loadAll(/```yaml\n([\s\S]*?)```/.exec(text)?.[1] ?? '').find(
      (doc) => isObject(doc) && doc.kind === 'ClusterRole',
    ) as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] } | undefined;
    assert.ok(role);
    const granted = role.rules.flatMap((rule) => {
      assert.deepEqual(rule.verbs, ['list']);
      return rule.apiGroups.flatMap((group) => rule.resources.map((resource) => `${group}/${resource}`));
    });
    const catalogue = [...STANDARD_RESOURCES, ...GATEWAY_API_RESOURCES, ...TRAEFIK_RESOURCES];
    const read = Object.entries(CLUSTER_GROUPS).flatMap(([kind, groups]) => {
      const plural = catalogue.find((s) => s.kind === kind)?.resource;
      assert.ok(plural, kind);
      return groups.map((group) => `${group}/${plural}`);
    });
    assert.deepEqual([...new Set(granted)].sort(), [...new Set(read)].sort());
  });
});
