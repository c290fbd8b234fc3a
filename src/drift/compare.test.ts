/** Objects missing, unmanaged and changed; the unmanaged scope; ignore rules; what cannot be compared. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objects } from '../../test/helpers/drift.ts';
import { compareObjects, type DriftComparison } from './compare.ts';
import type { DriftIgnoreRule } from '../engine/config.ts';

const BASELINE = objects(`
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data: { mode: strict, team: storefront }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: retired, namespace: shop }
data: { a: b }
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
stringData: { password: hunter2 }
`);

const LIVE = objects(`
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop, uid: u1, annotations: { owner: team-a } }
data: { mode: relaxed, team: storefront }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: hotfix, namespace: shop }
data: { a: b }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: kube-root-ca.crt, namespace: shop }
data: { ca.crt: x }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: elsewhere, namespace: payments }
data: { a: b }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: generated
  namespace: shop
  ownerReferences: [{ apiVersion: v1, kind: Pod, name: p, uid: u, controller: true }]
data: { a: b }
---
apiVersion: v1
kind: Service
metadata: { name: other-kind, namespace: shop }
spec: { ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
data: { password: ${Buffer.from('hunter2').toString('base64')} }
`);

function statuses(result: DriftComparison): string[] {
  return result.objects.map((o) => `${o.status} ${o.object.kind} ${o.object.namespace}/${o.object.name}`);
}

describe('compareObjects', () => {
  it('finds changed, missing and unmanaged objects within the baseline kinds and namespaces', () => {
    const result = compareObjects({ baseline: BASELINE, live: LIVE });
    assert.deepEqual(statuses(result), [
      'unmanaged ConfigMap shop/hotfix',
      'missing ConfigMap shop/retired',
      'changed ConfigMap shop/settings',
    ]);
    const settings = result.objects.find((o) => o.object.name === 'settings');
    assert.ok(settings);
    assert.deepEqual(
      settings.fields.map((f) => [f.path, f.pointer, f.change, f.approved, f.live]),
      [
        ['data.mode', '/data/mode', 'changed', 'strict', 'relaxed'],
        ['metadata.annotations.owner', '/metadata/annotations/owner', 'added', null, 'team-a'],
      ],
    );
    assert.deepEqual(settings.location, { file: 'test.yaml', line: 2 });
    assert.equal(result.compared, 2);
  });

  it('reports every kind and namespace with the "all" scope, still leaving out what the system makes', () => {
    const result = compareObjects({ baseline: BASELINE, live: LIVE, unmanagedScope: 'all' });
    const unmanaged = result.objects.filter((o) => o.status === 'unmanaged').map((o) => o.object.name);
    assert.deepEqual(unmanaged.sort(), ['elsewhere', 'hotfix', 'other-kind']);
  });

  it('ignores fields by JSON pointer (with * segments) and whole objects, scoped by kind, namespace and name', () => {
    const ignore: DriftIgnoreRule[] = [
      { kinds: ['ConfigMap'], paths: ['/metadata/annotations/owner'], reason: 'owner is set by the portal' },
      { names: ['sett*'], paths: ['/data/*'], reason: 'settings are tuned live' },
      { kinds: ['ConfigMap'], names: ['hotfix'], reason: 'the on-call hotfix, tracked in INC-42' },
      { namespaces: ['payments'], paths: ['/spec'], reason: 'matches nothing here' },
    ];
    const result = compareObjects({ baseline: BASELINE, live: LIVE, ignore });
    assert.deepEqual(statuses(result), ['missing ConfigMap shop/retired']);
    assert.deepEqual(result.ignored, { objects: 1, fields: 2 });
    assert.deepEqual(result.unusedIgnoreRules, [{ index: 3, reason: 'matches nothing here' }]);
  });

  it('an ignore rule for another kind or name does not apply', () => {
    const ignore: DriftIgnoreRule[] = [
      { kinds: ['Secret'], paths: ['/data'], reason: 'other kind' },
      { names: ['other'], paths: ['/data/mode'], reason: 'other name' },
    ];
    const result = compareObjects({ baseline: BASELINE, live: LIVE, ignore });
    assert.equal(result.objects.find((o) => o.object.name === 'settings')?.fields.length, 2);
  });

  it('does not compare Secrets the cluster source does not read, nor kinds it could not read', () => {
    const live = LIVE.filter((r) => r.kind !== 'Secret' && r.kind !== 'ConfigMap');
    const result = compareObjects({
      baseline: BASELINE,
      live,
      liveIsCluster: true,
      unreadableKinds: new Map([
        ['ConfigMap', 'ConfigMap could not be read from the cluster (forbidden): no'],
      ]),
    });
    assert.deepEqual(statuses(result), []);
    assert.deepEqual(
      result.notCompared.map((n) => `${n.object.name}: ${n.reason.slice(0, 40)}`),
      [
        'retired: ConfigMap could not be read from the clu',
        'settings: ConfigMap could not be read from the clu',
        'db: the cluster is read for Secrets of type ',
      ],
    );
  });
});
