/**
 * `scanCluster` over the in-memory ClusterReader: the same engine as files, with cluster semantics —
 * absence is a fact, an unreadable kind makes the rules needing it "not checked" and the run partial.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scanCluster } from './scan.ts';
import { RULES } from '../rules/index.ts';
import { resolveConfig } from '../engine/config.ts';
import { FakeClusterReader } from '../sources/cluster/fake.ts';
import type { JsonObject } from '../model/resource.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const config = resolveConfig(RULES, {}, {});

const ingress: JsonObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    ingressClassName: 'nginx',
    tls: [{ hosts: ['shop.example.com'], secretName: 'web-tls' }],
    rules: [{ host: 'shop.example.com' }],
  },
};

describe('scanCluster', () => {
  it('judges absence as a fact: a TLS Secret missing from the cluster is a finding, without a file', async () => {
    const { report, partial, nothingRead } = await scanCluster(
      new FakeClusterReader({ objects: [ingress] }),
      {
        config,
        now: NOW,
      },
    );
    const missing = report.findings.find((f) => f.ruleId === 'ingress-tls-secret-missing');
    assert.ok(missing);
    assert.equal(missing.path, 'spec.tls[0].secretName');
    assert.equal(missing.location, undefined);
    assert.deepEqual(missing.object, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      namespace: 'shop',
      name: 'web',
    });
    assert.equal(partial, false);
    assert.equal(nothingRead, false);
    assert.equal(report.objects, 1);
  });

  it('turns the rules needing a forbidden kind into "not checked" with the reason, and is partial', async () => {
    const outcome = await scanCluster(
      new FakeClusterReader({ objects: [ingress], forbidden: { Secret: 'secrets is forbidden' } }),
      { config, now: NOW },
    );
    assert.equal(outcome.partial, true);
    assert.equal(
      outcome.report.findings.some((f) => f.ruleId === 'ingress-tls-secret-missing'),
      false,
    );
    const entry = outcome.report.notChecked.find((n) => n.ruleId === 'ingress-tls-secret-missing');
    assert.match(
      entry?.reason ?? '',
      /Secret could not be read from the cluster \(forbidden\): secrets is forbidden/,
    );
    assert.deepEqual([...outcome.unreadableKinds.keys()], ['Secret']);
  });

  it('reads only the namespace asked for', async () => {
    const other = { ...ingress, metadata: { name: 'web', namespace: 'payments' } };
    const { report } = await scanCluster(new FakeClusterReader({ objects: [ingress, other] }), {
      config,
      now: NOW,
      namespace: 'payments',
    });
    assert.deepEqual([...new Set(report.findings.map((f) => f.object.namespace))], ['payments']);
  });

  it('reads nothing and says why when the server cannot be reached', async () => {
    const outcome = await scanCluster(
      new FakeClusterReader({ objects: [], unreachable: 'connect ECONNREFUSED' }),
      {
        config,
        now: NOW,
      },
    );
    assert.equal(outcome.nothingRead, true);
    assert.match(outcome.failure ?? '', /ECONNREFUSED/);
  });
});
