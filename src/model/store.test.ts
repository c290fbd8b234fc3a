/**
 * The watch's store: each snapshot is the Model of the objects at that moment, whether built afresh or
 * derived from the previous snapshot; snapshots never change afterwards; relists become differences.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Model } from './model.ts';
import type { Resource } from './resource.ts';
import { ModelStore } from './store.ts';

function object(kind: string, namespace: string, name: string, version = '1'): Resource {
  return {
    apiVersion: 'v1',
    kind,
    namespace,
    name,
    body: { apiVersion: 'v1', kind, metadata: { name, namespace, resourceVersion: version } },
  };
}

function indexOf(model: Model): string[] {
  const out: string[] = [];
  for (const kind of ['Service', 'Ingress', 'ConfigMap', 'IngressClass']) {
    out.push(
      `${kind}: ${model
        .list(kind)
        .map(
          (r) =>
            `${r.namespace}/${r.name}@${(r.body.metadata as { resourceVersion: string }).resourceVersion}`,
        )
        .join(' ')}`,
    );
    for (const namespace of ['a', 'b', ''])
      for (const resource of model.list(kind, namespace))
        assert.equal(
          model.get(kind, namespace, resource.name),
          resource,
          `${kind} ${namespace}/${resource.name}`,
        );
  }
  out.push(`namespaces: ${model.namespaces().join(' ')}`);
  return out;
}

describe('model store', () => {
  it('derives each snapshot as a fresh Model of the same objects would be', () => {
    const store = new ModelStore({ mode: 'cluster' });
    for (const o of [
      object('Service', 'a', 's1'),
      object('Service', 'b', 's2'),
      object('Ingress', 'a', 'i1'),
    ])
      store.upsert(o);
    const first = store.snapshot();
    const firstIndex = indexOf(first);
    store.upsert(object('Service', 'a', 's1', '2'));
    store.upsert(object('Ingress', 'b', 'i2'));
    store.remove('Service', 'b', 's2');
    store.upsert(object('ConfigMap', 'c', 'cm'));
    store.remove('ConfigMap', 'c', 'cm');
    store.upsert(object('IngressClass', '', 'nginx'));
    const second = store.snapshot();
    assert.equal(store.snapshot(), second, 'the same instance until the next change');
    const fresh = new Model(second.resources, { mode: 'cluster' });
    assert.deepEqual(indexOf(second), indexOf(fresh));
    assert.deepEqual(indexOf(first), firstIndex, 'an older snapshot does not change');
    assert.equal(second.get('Service', 'b', 's2'), undefined);
    assert.equal(second.list('ConfigMap').length, 0);
  });

  it('turns a relist into the differences, and tells when the namespace set changed', () => {
    const store = new ModelStore({ mode: 'cluster' });
    store.upsert(object('Service', 'a', 's1'));
    store.upsert(object('Service', 'a', 's2'));
    assert.equal(store.takeNamespaceSetChanged(), true);
    assert.equal(store.takeNamespaceSetChanged(), false);
    const changes = store.replaceKind('Service', [
      object('Service', 'a', 's1'),
      object('Service', 'b', 's3'),
      object('Service', 'a', 's2', '9'),
    ]);
    assert.deepEqual(
      changes.map((c) => `${c.type} ${c.type === 'deleted' ? c.before.name : c.after.name}`).sort(),
      ['added s3', 'modified s2'],
    );
    assert.equal(store.takeNamespaceSetChanged(), true, 'namespace b appeared');
    const gone = store.replaceKind('Service', []);
    assert.equal(gone.filter((c) => c.type === 'deleted').length, 3);
    assert.equal(store.size, 0);
  });
});
