/**
 * `gatewatch rbac suggest` end to end through main(argv, io): from the audit log of
 * test/fixtures/audit/ingress-lifecycle.jsonl and from a ledger; every document checked against the
 * shape `kubectl apply` accepts; refused requests and the excess of current grants (examples/rbac/).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXIT, main } from '../../src/cli/main.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { assertApplyableRbac } from '../helpers/ledger-schemas.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LIFECYCLE = join(ROOT, 'test', 'fixtures', 'audit', 'ingress-lifecycle.jsonl');

interface RbacDocument {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Record<string, string[]>[];
  subjects?: Record<string, string>[];
}

function documents(yaml: string): RbacDocument[] {
  const docs = parseAllDocuments(yaml).map((doc) => {
    assert.deepEqual(doc.errors, []);
    return doc.toJS() as RbacDocument | null;
  });
  const objects = docs.filter((doc): doc is RbacDocument => doc !== null);
  for (const doc of objects) assertApplyableRbac(doc);
  return objects;
}

describe('gatewatch rbac suggest', () => {
  let dir = '';
  async function run(...argv: string[]) {
    const io = fakeIo({ cwd: dir, stdin: '' });
    const code = await main(['rbac', 'suggest', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-rbac-suggest-cli-'));
    const io = fakeIo({ cwd: dir });
    assert.equal(await main(['audit', LIFECYCLE, '--db', 'ledger.db', '--fail-on', 'none'], io), EXIT.ok);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('from the audit log: a Role in shop with what bob did, his refused requests as comments', async () => {
    const { code, out, err } = await run('--user', 'bob@example.com', '--from-audit', LIFECYCLE);
    assert.equal(code, EXIT.ok, err);
    const docs = documents(out);
    assert.deepEqual(
      docs.map((d) => `${d.kind} ${d.metadata.namespace ?? ''}/${d.metadata.name}`),
      [
        'Role shop/gatewatch-suggested-bob-example-com',
        'RoleBinding shop/gatewatch-suggested-bob-example-com',
      ],
    );
    assert.deepEqual(docs[0]?.rules, [
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses'],
        resourceNames: ['web'],
        verbs: ['update', 'patch'],
      },
    ]);
    assert.deepEqual(docs[1]?.subjects, [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob@example.com' },
    ]);
    assert.match(
      out,
      /^# Refused requests \(not granted\):\n# {3}.* delete ingresses\.networking\.k8s\.io shop\/web — 403 Forbidden by authorization \(1×\)$/m,
    );
    assert.match(
      out,
      /^# {3}.* create ingresses\.networking\.k8s\.io shop\/web-insecure — 422 Invalid by require-ingress-tls \(1×\)$/m,
    );
  });

  it('the impersonator needs impersonate on the user and the groups it asked for', async () => {
    const { code, out, err } = await run('--user', 'kubernetes-admin', '--db', 'ledger.db');
    assert.equal(code, EXIT.ok, err);
    const docs = documents(out);
    const clusterRole = docs.find((d) => d.kind === 'ClusterRole');
    assert.deepEqual(clusterRole?.rules, [
      { apiGroups: [''], resources: ['groups'], resourceNames: ['contractors'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['users'], resourceNames: ['bob@example.com'], verbs: ['impersonate'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'], verbs: ['create'] },
    ]);
    assert.deepEqual(
      docs.filter((d) => d.kind === 'Role').map((d) => d.metadata.namespace),
      ['ingress-nginx'],
    );
    assert.match(out, /^# {3}ledger: ledger\.db \(ingress-related kinds only\)$/m);
  });

  it('a ServiceAccount is bound as one; with RBAC objects, the excess of its current grants', async () => {
    const user = 'system:serviceaccount:ingress-nginx:ingress-nginx';
    const { code, out, err } = await run(
      '--user',
      user,
      '--from-audit',
      LIFECYCLE,
      '-f',
      join(ROOT, 'examples', 'rbac'),
    );
    assert.equal(code, EXIT.ok, err);
    const docs = documents(out);
    assert.deepEqual(docs[0]?.rules, [
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses/status'],
        resourceNames: ['web'],
        verbs: ['update'],
      },
    ]);
    assert.deepEqual(docs[1]?.subjects, [
      { kind: 'ServiceAccount', name: 'ingress-nginx', namespace: 'ingress-nginx' },
    ]);
    assert.match(out, /^# Current grants beyond what was seen \(from the RBAC objects given\):$/m);
    assert.match(
      out,
      /^# {3}ClusterRoleBinding ingress-nginx → ClusterRole ingress-nginx rules\[6\]: update on ingresses\/status \(networking\.k8s\.io\)\n# {7}granted in every namespace, used only in shop$/m,
    );
    assert.match(
      out,
      /^# {3}ClusterRoleBinding ingress-self-service → ClusterRole ingress-self-service rules\[0\]: .*\n# {7}never used$/m,
    );
  });

  it('a user never seen: no Role, a warning; usage errors', async () => {
    const { code, out, err } = await run('--user', 'nobody', '--from-audit', LIFECYCLE);
    assert.equal(code, EXIT.ok);
    assert.match(err, /no request by nobody/);
    assert.deepEqual(documents(out), []);
    assert.match(out, /^# No request to grant: no Role is needed\.$/m);
    assert.equal((await run('--from-audit', LIFECYCLE)).code, EXIT.usage);
    assert.equal((await run('--user', 'bob', '--from-audit', 'missing.log')).code, EXIT.usage);
    assert.equal(
      (await run('--user', 'bob', '--from-audit', LIFECYCLE, '--max-names', '0')).code,
      EXIT.usage,
    );
  });
});
