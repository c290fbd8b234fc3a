import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { Model } from '../model/model.ts';
import type { Resource } from '../model/resource.ts';
import { assertApplyableRbac } from '../../test/helpers/ledger-schemas.ts';
import { suggestedName, suggestRoles, type ObservedRequest } from './suggest.ts';
import { suggestionYaml } from './suggest-report.ts';

let counter = 0;
const OK = { code: 200, denied: false, reason: null, message: null, deniedBy: null };

function request(spec: Partial<ObservedRequest>): ObservedRequest {
  counter++;
  return {
    time: `2026-05-20T10:00:${String(counter % 60).padStart(2, '0')}.000000Z`,
    id: `id-${String(counter)}`,
    verb: 'get',
    apiGroup: 'networking.k8s.io',
    resource: 'ingresses',
    subresource: null,
    namespace: 'shop',
    name: 'web',
    path: null,
    outcome: OK,
    groups: ['dev-team', 'system:authenticated'],
    ...spec,
  };
}

function documents(yaml: string): unknown[] {
  return parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as unknown)
    .filter((doc) => doc !== null);
}

function resource(kind: string, namespace: string, name: string, body: Record<string, unknown>): Resource {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    namespace,
    name,
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { name, namespace },
      ...body,
    },
  };
}

describe('rbac suggest', () => {
  it('one Role per namespace: names kept, dropped on create, verbs on the same names merged', () => {
    const suggestion = suggestRoles('alice@example.com', [
      request({ verb: 'create', name: 'web' }),
      request({ verb: 'get' }),
      request({ verb: 'patch' }),
      request({ verb: 'list', name: '' }),
      request({ verb: 'get', apiGroup: '', resource: 'services', name: 'web' }),
      request({ verb: 'get', namespace: 'blog', name: 'blog' }),
    ]);
    assert.deepEqual(
      suggestion.roles.map((r) => `${r.kind} ${r.namespace ?? ''}`),
      ['Role blog', 'Role shop'],
    );
    const shop = suggestion.roles.find((r) => r.namespace === 'shop');
    assert.deepEqual(shop?.rules, [
      { apiGroups: [''], resources: ['services'], resourceNames: ['web'], verbs: ['get'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['list', 'create'] },
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses'],
        resourceNames: ['web'],
        verbs: ['get', 'patch'],
      },
    ]);
  });

  it('a ClusterRole only for requests without namespace and non-resource URLs; discovery left out', () => {
    const suggestion = suggestRoles('ci', [
      request({ verb: 'list', namespace: null, name: '' }),
      request({
        verb: 'get',
        apiGroup: 'networking.k8s.io',
        resource: 'ingressclasses',
        namespace: null,
        name: 'nginx',
      }),
      request({
        verb: 'get',
        apiGroup: '',
        resource: '',
        namespace: null,
        name: '',
        path: '/logs/kube-apiserver.log',
      }),
      request({
        verb: 'get',
        apiGroup: '',
        resource: '',
        namespace: null,
        name: '',
        path: '/apis/networking.k8s.io/v1',
      }),
    ]);
    assert.deepEqual(
      suggestion.roles.map((r) => r.kind),
      ['ClusterRole'],
    );
    assert.deepEqual(suggestion.roles[0]?.rules, [
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingressclasses'],
        resourceNames: ['nginx'],
        verbs: ['get'],
      },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['list'] },
      { nonResourceURLs: ['/logs/kube-apiserver.log'], verbs: ['get'] },
    ]);
    assert.equal(suggestion.discovery, 1);
  });

  it('refused requests are listed, not granted; other failures were authorized and count', () => {
    const suggestion = suggestRoles('bob', [
      request({
        verb: 'delete',
        outcome: { ...OK, code: 403, denied: true, reason: 'Forbidden', deniedBy: 'authorization' },
      }),
      request({
        verb: 'update',
        outcome: {
          ...OK,
          code: 400,
          denied: true,
          reason: 'BadRequest',
          deniedBy: 'validate.nginx.ingress.kubernetes.io',
        },
      }),
      request({ verb: 'get', name: 'missing', outcome: { ...OK, code: 404, reason: 'NotFound' } }),
    ]);
    assert.deepEqual(
      suggestion.denied.map((d) => `${d.verb} ${String(d.code)} ${d.deniedBy ?? ''}`),
      ['delete 403 authorization', 'update 400 validate.nginx.ingress.kubernetes.io'],
    );
    assert.deepEqual(suggestion.roles[0]?.rules, [
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses'],
        resourceNames: ['missing'],
        verbs: ['get'],
      },
    ]);
  });

  it('past --max-names names, the verb is granted without resourceNames and said so', () => {
    const suggestion = suggestRoles(
      'reader',
      ['a', 'b', 'c'].map((name) => request({ apiGroup: '', resource: 'pods', name })),
      { maxNames: 2 },
    );
    assert.deepEqual(suggestion.roles[0]?.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    assert.deepEqual(suggestion.namesDropped, ['get pods']);
  });

  it('keeps subresources apart and binds a ServiceAccount user as a ServiceAccount', () => {
    const user = 'system:serviceaccount:ci:deployer';
    const suggestion = suggestRoles(user, [request({ verb: 'update', subresource: 'status' })]);
    assert.deepEqual(suggestion.subject, { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' });
    assert.deepEqual(suggestion.roles[0]?.rules[0]?.resources, ['ingresses/status']);
    for (const doc of documents(suggestionYaml(suggestion, ['test']))) assertApplyableRbac(doc);
  });

  it('prints YAML kubectl apply accepts: each Role with its binding, hostile names quoted', () => {
    const user = 'eve\u001b[2J@example.com';
    const suggestion = suggestRoles(user, [
      request({ verb: 'patch', name: 'we\u202eb' }),
      request({ verb: 'list', namespace: null, name: '' }),
    ]);
    const yaml = suggestionYaml(suggestion, ['audit: test']);
    // eslint-disable-next-line no-control-regex -- the point is that none is left
    assert.doesNotMatch(yaml, /[\u001b\u202e]/, 'no raw control or bidi characters');
    const docs = documents(yaml);
    assert.equal(docs.length, 4);
    for (const doc of docs) assertApplyableRbac(doc);
    const binding = docs[1] as { subjects: { name: string }[] };
    assert.equal(binding.subjects[0]?.name, user, 'the parsed value is the exact user name');
    assert.equal(suggestedName(user), 'gatewatch-suggested-eve-2j-example-com');
  });

  it('with RBAC objects: what the current grants allow beyond what was seen', () => {
    const model = new Model([
      resource('ClusterRole', '', 'ingress-all', {
        rules: [
          {
            apiGroups: ['networking.k8s.io'],
            resources: ['ingresses'],
            verbs: ['get', 'list', 'patch', 'delete'],
          },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        ],
      }),
      resource('ClusterRoleBinding', '', 'dev-ingress', {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ingress-all' },
        subjects: [{ kind: 'Group', name: 'dev-team', apiGroup: 'rbac.authorization.k8s.io' }],
      }),
    ]);
    const suggestion = suggestRoles('alice', [request({ verb: 'get' }), request({ verb: 'patch' })], {
      model,
    });
    assert.deepEqual(
      suggestion.excess?.map((e) => ({
        index: e.index,
        unused: e.unused,
        verbs: e.unusedVerbs,
        only: e.usedOnlyIn,
      })),
      [
        { index: 0, unused: false, verbs: ['list', 'delete'], only: ['shop'] },
        { index: 1, unused: true, verbs: ['get'], only: [] },
      ],
    );
    const yaml = suggestionYaml(suggestion, ['test']);
    assert.match(yaml, /^# Current grants beyond what was seen/m);
    assert.match(
      yaml,
      /^# {3}ClusterRoleBinding dev-ingress → ClusterRole ingress-all rules\[1\]: get on secrets \(core\)$/m,
    );
  });
});
