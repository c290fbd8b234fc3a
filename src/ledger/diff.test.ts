import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffObjects, isEmptyDiff } from './diff.ts';

describe('diffObjects', () => {
  it('reports added, removed and changed leaves as field paths', () => {
    const diff = diffObjects(
      {
        metadata: { annotations: { a: '1', 'nginx.ingress.kubernetes.io/x': 'old' } },
        spec: { ingressClassName: 'nginx' },
      },
      {
        metadata: { annotations: { 'nginx.ingress.kubernetes.io/x': 'new', b: '2' } },
        spec: { ingressClassName: 'nginx' },
      },
    );
    assert.deepEqual(diff, {
      added: ['metadata.annotations.b'],
      removed: ['metadata.annotations.a'],
      changed: [{ path: 'metadata.annotations["nginx.ingress.kubernetes.io/x"]', old: 'old', new: 'new' }],
    });
  });

  it('pairs identical array elements wherever they moved: removing tls[0] is one removal', () => {
    const first = { hosts: ['a.example.com'], secretName: 'a-tls' };
    const second = { hosts: ['b.example.com'], secretName: 'b-tls' };
    assert.deepEqual(diffObjects({ spec: { tls: [first, second] } }, { spec: { tls: [second] } }), {
      added: [],
      removed: ['spec.tls[0]'],
      changed: [],
    });
  });

  it('compares changed elements in depth and lists primitive values as removed + added', () => {
    const diff = diffObjects(
      { spec: { tls: [{ hosts: ['a.example.com', 'b.example.com'], secretName: 's' }] } },
      { spec: { tls: [{ hosts: ['a.example.com'], secretName: 's2' }] } },
    );
    assert.deepEqual(diff, {
      added: [],
      removed: ['spec.tls[0].hosts[1]'],
      changed: [{ path: 'spec.tls[0].secretName', old: 's', new: 's2' }],
    });
    assert.deepEqual(diffObjects({ r: ['10.0.0.0/8'] }, { r: ['0.0.0.0/0'] }), {
      added: ['r[0]'],
      removed: ['r[0]'],
      changed: [],
    });
  });

  it('ignores fields that change on every write', () => {
    const diff = diffObjects(
      { metadata: { resourceVersion: '1', generation: 1, managedFields: [{ manager: 'a' }] } },
      { metadata: { resourceVersion: '2', generation: 2, managedFields: [{ manager: 'b' }] } },
    );
    assert.ok(isEmptyDiff(diff));
  });

  it('reports a type change as changed', () => {
    assert.deepEqual(diffObjects({ a: { b: 1 } }, { a: 'x' }).changed, [
      { path: 'a', old: { b: 1 }, new: 'x' },
    ]);
  });
});
