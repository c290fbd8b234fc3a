import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import { toKubeYaml } from '../report/kube-yaml.ts';
import {
  CONTROLLER_CONFIGMAPS,
  levelFor,
  recommendedPolicy,
  webhookKubeconfig,
  webhookUrl,
  WRITE_VERBS,
  type AuditPolicy,
} from './audit-policy.ts';
import { TRACKED_RESOURCES, TrackPolicy } from './tracked.ts';

const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** The policy as the API server would read it: printed, then parsed back. */
function printedPolicy(configMaps: string[] = []): AuditPolicy {
  const parsed = parse(toKubeYaml(recommendedPolicy({ configMaps })), { version: '1.1' }) as AuditPolicy;
  return parsed;
}

describe('recommended audit policy', () => {
  const policy = printedPolicy();

  it('parses as an audit.k8s.io/v1 Policy with known levels and fields only', () => {
    assert.equal(policy.apiVersion, 'audit.k8s.io/v1');
    assert.equal(policy.kind, 'Policy');
    assert.deepEqual(policy.omitStages, ['RequestReceived']);
    const fields = new Set([
      'level',
      'users',
      'userGroups',
      'verbs',
      'resources',
      'namespaces',
      'nonResourceURLs',
      'omitStages',
    ]);
    for (const rule of policy.rules) {
      assert.ok(LEVELS.includes(rule.level), rule.level);
      for (const key of Object.keys(rule)) assert.ok(fields.has(key), `unknown rule field ${key}`);
      for (const entry of rule.resources ?? []) {
        assert.equal(typeof entry.group, 'string');
        for (const key of Object.keys(entry))
          assert.ok(['group', 'resources', 'resourceNames'].includes(key), key);
      }
    }
    assert.deepEqual(policy.rules.at(-1), { level: 'Metadata' }, 'catch-all Metadata, last');
  });

  it('records every write of every tracked kind at RequestResponse, under each of its groups', () => {
    for (const [resource, info] of Object.entries(TRACKED_RESOURCES))
      for (const group of info.groups)
        for (const verb of WRITE_VERBS)
          assert.equal(
            levelFor(policy, { user: 'alice', verb, group, resource, namespace: 'shop', name: 'web' }),
            'RequestResponse',
            `${verb} ${resource}.${group}`,
          );
  });

  it('records status writes of ingresses and Gateway API objects at RequestResponse', () => {
    for (const [resource, group] of [
      ['ingresses', 'networking.k8s.io'],
      ['httproutes', 'gateway.networking.k8s.io'],
      ['gateways', 'gateway.networking.k8s.io'],
    ] as const)
      assert.equal(
        levelFor(policy, { user: 'controller', verb: 'update', group, resource, subresource: 'status' }),
        'RequestResponse',
      );
  });

  it('records Secrets at Metadata whatever the verb: who read a TLS Secret, never its values', () => {
    for (const verb of ['get', 'list', 'watch', ...WRITE_VERBS])
      assert.equal(
        levelFor(policy, {
          user: 'alice',
          verb,
          group: '',
          resource: 'secrets',
          namespace: 'shop',
          name: 'tls',
        }),
        'Metadata',
      );
  });

  it('records the controller ConfigMaps the ledger tracks in full, other ConfigMaps at Metadata', () => {
    const tracker = new TrackPolicy();
    for (const name of CONTROLLER_CONFIGMAPS) {
      const question = {
        verb: 'update',
        resource: 'configmaps',
        apiGroup: '',
        namespace: 'ingress-nginx',
        name,
      };
      assert.ok(tracker.tracks(question, { typeIsTls: false }), `${name} is tracked`);
      assert.equal(
        levelFor(policy, { user: 'admin', verb: 'update', group: '', resource: 'configmaps', name }),
        'RequestResponse',
      );
    }
    assert.equal(
      levelFor(policy, {
        user: 'admin',
        verb: 'update',
        group: '',
        resource: 'configmaps',
        name: 'app-config',
      }),
      'Metadata',
    );
    const extra = printedPolicy(['shop-ingress-nginx-controller']);
    assert.equal(
      levelFor(extra, {
        user: 'admin',
        verb: 'patch',
        group: '',
        resource: 'configmaps',
        name: 'shop-ingress-nginx-controller',
      }),
      'RequestResponse',
    );
  });

  it('keeps reads and everything else at Metadata; drops probes and Lease heartbeats', () => {
    assert.equal(levelFor(policy, { user: 'alice', verb: 'get', group: '', resource: 'pods' }), 'Metadata');
    assert.equal(
      levelFor(policy, { user: 'alice', verb: 'list', group: 'networking.k8s.io', resource: 'ingresses' }),
      'Metadata',
    );
    assert.equal(levelFor(policy, { user: 'system:anonymous', verb: 'get', path: '/healthz' }), 'None');
    assert.equal(levelFor(policy, { user: 'system:anonymous', verb: 'get', path: '/readyz/etcd' }), 'None');
    assert.equal(levelFor(policy, { user: 'alice', verb: 'get', path: '/apis' }), 'Metadata');
    assert.equal(
      levelFor(policy, {
        user: 'system:node:w1',
        verb: 'update',
        group: 'coordination.k8s.io',
        resource: 'leases',
      }),
      'None',
    );
  });
});

describe('levelFor', () => {
  const policy: AuditPolicy = {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: [],
    rules: [
      { level: 'None', users: ['system:kube-proxy'] },
      { level: 'Request', userGroups: ['system:nodes'], verbs: ['get'] },
      { level: 'RequestResponse', resources: [{ group: '', resources: ['pods'] }] },
      { level: 'Metadata', resources: [{ group: '', resources: ['*/log'] }], namespaces: ['shop'] },
    ],
  };

  it('takes the first rule that matches; a bare resource does not match its subresources', () => {
    assert.equal(
      levelFor(policy, { user: 'system:kube-proxy', verb: 'get', group: '', resource: 'pods' }),
      'None',
    );
    assert.equal(
      levelFor(policy, { user: 'w', groups: ['system:nodes'], verb: 'get', group: '', resource: 'pods' }),
      'Request',
    );
    assert.equal(
      levelFor(policy, { user: 'a', verb: 'get', group: '', resource: 'pods' }),
      'RequestResponse',
    );
    assert.equal(
      levelFor(policy, {
        user: 'a',
        verb: 'get',
        group: '',
        resource: 'pods',
        subresource: 'log',
        namespace: 'shop',
      }),
      'Metadata',
    );
    assert.equal(
      levelFor(policy, {
        user: 'a',
        verb: 'get',
        group: '',
        resource: 'pods',
        subresource: 'log',
        namespace: 'x',
      }),
      'None',
    );
    assert.equal(levelFor(policy, { user: 'a', verb: 'get', path: '/healthz' }), 'None');
  });
});

describe('webhook kubeconfig', () => {
  it('points at /audit of the URL with a token file and the CA', () => {
    const text = toKubeYaml(
      webhookKubeconfig({ url: 'https://gw.example.net:8443', tokenFile: '/etc/t', caFile: '/etc/ca.crt' }),
    );
    const [doc] = parseAllDocuments(text);
    const config = doc?.toJS() as {
      kind: string;
      clusters: { cluster: { server: string; 'certificate-authority': string } }[];
      users: { user: { tokenFile: string } }[];
      'current-context': string;
    };
    assert.equal(config.kind, 'Config');
    assert.deepEqual(config.clusters[0]?.cluster, {
      server: 'https://gw.example.net:8443/audit',
      'certificate-authority': '/etc/ca.crt',
    });
    assert.equal(config.users[0]?.user.tokenFile, '/etc/t');
    assert.equal(config['current-context'], 'gatewatch');
  });

  it('keeps an explicit path; refuses other schemes and credentials in the URL', () => {
    assert.equal(webhookUrl('https://gw:9443/hooks/audit'), 'https://gw:9443/hooks/audit');
    assert.throws(() => webhookUrl('ftp://gw/audit'), /not http/);
    assert.throws(() => webhookUrl('https://user:pw@gw/audit'), /no credentials/);
    assert.throws(() => webhookUrl('not a url'), /not a URL/);
  });
});

describe('TrackPolicy line filter', () => {
  it('skips by verb only lines tracks() would never track, whatever the rest of the objectRef', () => {
    const tracker = new TrackPolicy({ controllerConfigMaps: ['ingress-nginx/custom'] });
    tracker.addTlsSecret('shop', 'shop-tls');
    const resources = [...Object.keys(TRACKED_RESOURCES), 'configmaps', 'secrets', 'pods'];
    const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
    const groups = ['', 'networking.k8s.io', 'gateway.networking.k8s.io', 'rbac.authorization.k8s.io'];
    const objects = [
      ['shop', 'shop-tls'],
      ['shop', ''],
      ['', ''],
      ['ingress-nginx', 'custom'],
      ['ingress-nginx', 'ingress-nginx-controller'],
      ['web', 'app'],
    ];
    let skipped = 0;
    for (const resource of resources)
      for (const verb of verbs) {
        if (tracker.byVerb(resource, verb) === 'inspect') continue;
        skipped++;
        for (const apiGroup of groups)
          for (const [namespace = '', name = ''] of objects)
            for (const typeIsTls of [true, false])
              assert.equal(
                tracker.tracks({ verb, resource, apiGroup, namespace, name }, { typeIsTls }),
                false,
                `${verb} ${resource} ${apiGroup} ${namespace}/${name} is skipped but tracked`,
              );
      }
    assert.ok(skipped > 0);
  });
});
