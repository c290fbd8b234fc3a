import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorizingBinding } from './authorization.ts';
import { parseTimeArgument } from './history.ts';
import { valueAt } from './history-report.ts';
import { findKind, parseTarget, targetKeys } from './target.ts';

describe('ledger targets', () => {
  it('NAMESPACE/NAME for namespaced kinds, NAME for cluster-scoped ones, every API group', () => {
    const web = parseTarget('shop/web');
    assert.equal(web.kind, 'Ingress');
    assert.deepEqual(
      targetKeys(web).map((k) => k.apiGroup),
      ['networking.k8s.io', 'extensions'],
    );
    assert.equal(parseTarget('nginx', 'IngressClass').namespace, null);
    assert.equal(parseTarget('shop/api', 'httproute').resource, 'httproutes');
    assert.equal(findKind('ing')?.kind, 'Ingress');
    assert.equal(findKind('Secrets')?.resource, 'secrets');
    assert.throws(() => parseTarget('web'), /NAMESPACE\/NAME/);
    assert.throws(() => parseTarget('a/b', 'ClusterRole'), /cluster-scoped/);
    assert.throws(() => parseTarget('shop/web', 'Pod'), /the ledger holds/);
  });
});

describe('time arguments', () => {
  const now = Date.parse('2026-05-25T12:00:00Z');
  it('RFC 3339 times, dates and durations before now, in the ledger form', () => {
    assert.equal(
      parseTimeArgument('--since', '2026-05-22T07:55:01+02:00', now),
      '2026-05-22T05:55:01.000000Z',
    );
    assert.equal(parseTimeArgument('--since', '2026-05-22', now), '2026-05-22T00:00:00.000000Z');
    assert.equal(parseTimeArgument('--since', '36h', now), '2026-05-24T00:00:00.000000Z');
    assert.equal(parseTimeArgument('--since', '1w', now), '2026-05-18T12:00:00.000000Z');
    assert.throws(() => parseTimeArgument('--since', 'last tuesday', now), /--since/);
  });
});

describe('valueAt', () => {
  it('follows field paths, annotation keys included', () => {
    const object = { metadata: { annotations: { 'a.io/x': 'v' } }, spec: { tls: [{ hosts: ['h'] }] } };
    assert.equal(valueAt(object, 'metadata.annotations["a.io/x"]'), 'v');
    assert.equal(valueAt(object, 'spec.tls[0].hosts[0]'), 'h');
    assert.equal(valueAt(object, 'spec.rules[0]'), null);
  });
});

describe('authorizingBinding', () => {
  it('reads the RBAC authorizer reason: RoleBindings are written name/namespace', () => {
    assert.deepEqual(
      authorizingBinding(
        'RBAC: allowed by RoleBinding "contractors/shop" of ClusterRole "edit" to Group "contractors"',
      ),
      {
        kind: 'RoleBinding',
        namespace: 'shop',
        name: 'contractors',
        roleKind: 'ClusterRole',
        roleName: 'edit',
        subject: { kind: 'Group', name: 'contractors' },
      },
    );
    assert.deepEqual(
      authorizingBinding(
        'RBAC: allowed by ClusterRoleBinding "argocd" of ClusterRole "argocd" to ServiceAccount "argocd-application-controller/argocd"',
      )?.subject,
      { kind: 'ServiceAccount', name: 'argocd-application-controller', namespace: 'argocd' },
    );
    assert.equal(authorizingBinding(''), undefined);
    assert.equal(authorizingBinding(null), undefined);
  });
});
