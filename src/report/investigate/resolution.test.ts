import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { toKubeYaml } from '../kube-yaml.ts';
import { manifestOf, removeBindingResolution, restoreResolution, shellQuote } from './resolution.ts';

describe('resolution commands', () => {
  it('quotes for a POSIX shell', () => {
    assert.equal(shellQuote('web'), 'web');
    assert.equal(shellQuote('bob@example.com'), 'bob@example.com');
    assert.equal(shellQuote("it's; rm -rf /"), `'it'\\''s; rm -rf /'`);
    assert.equal(shellQuote('$(id)'), `'$(id)'`);
  });

  it('a manifest without status and server fields, kept annotations only', () => {
    const manifest = manifestOf({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'web',
        uid: 'u',
        resourceVersion: '1',
        managedFields: [],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      spec: {},
      status: { loadBalancer: {} },
    });
    assert.deepEqual(manifest, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {},
    });
  });

  it('restore: the manifest in a quoted here-document', () => {
    const r = restoreResolution(
      {
        kind: 'Ingress',
        resource: 'ingresses',
        apiGroup: 'networking.k8s.io',
        namespace: 'shop',
        name: 'web',
      },
      { apiVersion: 'v1', kind: 'Ingress', metadata: { name: 'web', annotations: { x: '$(id) yes' } } },
      'ref',
      't',
    );
    assert.equal(r.command, `kubectl create -f - <<'GATEWATCH_EOF'\n${r.manifest ?? ''}GATEWATCH_EOF`);
    assert.deepEqual(parse(r.manifest ?? ''), {
      apiVersion: 'v1',
      kind: 'Ingress',
      metadata: { name: 'web', annotations: { x: '$(id) yes' } },
    });
  });

  it('removing a subject: delete, a tested JSON patch, or a jq filter on the live object', () => {
    const base = { kind: 'RoleBinding' as const, namespace: 'shop', name: 'editors' };
    assert.equal(
      removeBindingResolution({
        ...base,
        subject: { kind: 'User', name: 'bob' },
        subjectIndex: 0,
        subjects: 1,
      }).command,
      'kubectl delete rolebinding editors -n shop',
    );
    assert.equal(
      removeBindingResolution({
        ...base,
        subject: { kind: 'User', name: "o'brien" },
        subjectIndex: 2,
        subjects: 3,
      }).command,
      `kubectl patch rolebinding editors -n shop --type=json -p '[{"op":"test","path":"/subjects/2/name","value":"o'\\''brien"},{"op":"remove","path":"/subjects/2"}]'`,
    );
    assert.equal(
      removeBindingResolution({
        ...base,
        kind: 'ClusterRoleBinding',
        namespace: '',
        subject: { kind: 'Group', name: 'devs' },
      }).command,
      `kubectl get clusterrolebinding editors -o json | jq 'del(.subjects[] | select(.kind == "Group" and .name == "devs"))' | kubectl replace -f -`,
    );
  });
});

describe('toKubeYaml', () => {
  it('quotes YAML 1.1 booleans and escapes invisible characters; the parsed value is unchanged', () => {
    const value = { a: 'yes', b: 'on', c: 'x\u001b[2Jy', d: '\u202eevil', e: 'plain' };
    const text = toKubeYaml(value);
    assert.match(text, /^a: "yes"$/m);
    assert.match(text, /^b: "on"$/m);
    // eslint-disable-next-line no-control-regex -- the point is that none is left
    assert.doesNotMatch(text, /[\u001b\u202e]/);
    assert.deepEqual(parse(text), value);
  });
});
