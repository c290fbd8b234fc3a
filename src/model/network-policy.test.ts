import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { ingressPoliciesFor, ingressRestrictionFor } from './network-policy.ts';

function policy(name: string, spec: string): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: shop }
spec: ${spec}
`;
}

function restrictingNames(yaml: string, labels: Record<string, string> = { app: 'web' }): string[] {
  const { model } = modelFromYaml(yaml);
  return ingressRestrictionFor(model, 'shop', labels).map((p) => p.name);
}

describe('ingressRestrictionFor', () => {
  it('an empty podSelector with no rules denies all ingress to every pod of the namespace', () => {
    assert.deepEqual(
      restrictingNames(policy('default-deny', '{ podSelector: {}, policyTypes: [Ingress] }')),
      ['default-deny'],
    );
  });

  it('absent policyTypes means Ingress', () => {
    assert.deepEqual(restrictingNames(policy('deny', '{ podSelector: {} }')), ['deny']);
  });

  it('an Egress-only policy does not restrict ingress', () => {
    assert.deepEqual(restrictingNames(policy('egress', '{ podSelector: {}, policyTypes: [Egress] }')), []);
  });

  it('a policy selecting other pods does not count', () => {
    assert.deepEqual(
      restrictingNames(policy('db', '{ podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }')),
      [],
    );
  });

  it('policies of another namespace do not count', () => {
    const yaml = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: other }
spec: { podSelector: {}, policyTypes: [Ingress] }
`;
    assert.deepEqual(restrictingNames(yaml), []);
  });

  it('a rule limited to the ingress controller namespace restricts', () => {
    const spec =
      '{ podSelector: { matchLabels: { app: web } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } } }] }] }';
    assert.deepEqual(restrictingNames(policy('from-controller', spec)), ['from-controller']);
  });

  it('a rule without from, an empty rule, an all-namespaces peer or 0.0.0.0/0 admits everything', () => {
    for (const ingress of [
      '[{}]',
      '[{ ports: [{ port: 8080 }] }]',
      '[{ from: [{ namespaceSelector: {} }] }]',
      '[{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]',
    ]) {
      assert.deepEqual(
        restrictingNames(policy('open', `{ podSelector: {}, ingress: ${ingress} }`)),
        [],
        ingress,
      );
    }
  });

  it('one policy admitting everything opens the pod whatever the others say (policies add up)', () => {
    const yaml =
      policy('default-deny', '{ podSelector: {}, policyTypes: [Ingress] }') +
      policy('open-web', '{ podSelector: { matchLabels: { app: web } }, ingress: [{}] }');
    assert.deepEqual(restrictingNames(yaml), []);
    const { model } = modelFromYaml(yaml);
    assert.deepEqual(
      ingressPoliciesFor(model, 'shop', { app: 'web' }).map((e) => [e.policy.name, e.allowsAll]),
      [
        ['default-deny', false],
        ['open-web', true],
      ],
    );
  });

  it('an ipBlock /0 with exceptions restricts', () => {
    const spec =
      '{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0, except: [10.0.0.0/8] } }] }] }';
    assert.deepEqual(restrictingNames(policy('no-pods', spec)), ['no-pods']);
  });
});
