/**
 * `gatewatch who-can` end to end through main(argv, io): the bundled examples, text and JSON (validated
 * against schemas/who-can.v1.schema.json), resource spellings, names and usage errors.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { EXIT, main } from '../../src/cli/main.ts';
import type { WhoCanJson } from '../../src/rbac/who-can-report.ts';
import { fakeIo } from '../helpers/fake-io.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;

function validator() {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(
    JSON.parse(readFileSync(join(ROOT, 'schemas', 'who-can.v1.schema.json'), 'utf8')) as object,
  );
}

async function run(...argv: string[]) {
  const io = fakeIo({ cwd: ROOT, stdin: STDIN_RBAC });
  const code = await main(['who-can', ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

async function json(...argv: string[]): Promise<WhoCanJson> {
  const { code, out, err } = await run(...argv, '-o', 'json');
  assert.equal(code, EXIT.ok, err);
  const parsed = JSON.parse(out) as WhoCanJson;
  const validate = validator();
  assert.ok(validate(parsed), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  return parsed;
}

const subjects = (answer: WhoCanJson) =>
  answer.subjects.map((s) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`);

const STDIN_RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: route-editor }
rules:
  - { apiGroups: [gateway.networking.k8s.io], resources: [httproutes], verbs: [create, update] }
  - { apiGroups: [networking.k8s.io], resources: [ingresses], resourceNames: [web], verbs: [get, update] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: route-editors, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: route-editor }
subjects: [{ kind: ServiceAccount, name: deployer }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: missing-role, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: not-here }
subjects: [{ kind: User, name: bob }]
`;

describe('gatewatch who-can on examples/', () => {
  it('answers "create ingresses -n shop" with the team group, the over-broad grant and the superuser group', async () => {
    const { code, out, err } = await run('create', 'ingresses', '-n', 'shop', '-f', 'examples/');
    assert.equal(code, EXIT.ok, err);
    assert.match(out, /^Who can create ingresses\.networking\.k8s\.io in namespace "shop":/);
    assert.match(out, /^KIND +NAME +NAMESPACE +VIA$/m);
    assert.match(out, /^Group +system:masters +superuser group/m);
    assert.match(
      out,
      /^Group +shop-developers +RoleBinding shop\/shop-developers-ingress → Role shop\/ingress-editor$/m,
    );
    assert.match(
      out,
      /^Group +system:authenticated +ClusterRoleBinding ingress-self-service → ClusterRole ingress-self-service$/m,
    );
    assert.equal(err, '');
  });

  it('-o json validates against the schema and names binding, role and rule', async () => {
    const answer = await json('create', 'ingresses', '-n', 'shop', 'examples/');
    assert.deepEqual(subjects(answer), ['Group shop-developers', 'Group system:authenticated']);
    assert.deepEqual(answer.subjects[0]?.via[0], {
      binding: { kind: 'RoleBinding', namespace: 'shop', name: 'shop-developers-ingress' },
      subjectIndex: 0,
      role: { kind: 'Role', namespace: 'shop', name: 'ingress-editor', builtIn: false },
      rules: [{ kind: 'Role', namespace: 'shop', name: 'ingress-editor', index: 0 }],
    });
    assert.deepEqual(answer.request, {
      verb: 'create',
      resource: 'ingresses',
      subresource: null,
      apiGroup: 'networking.k8s.io',
      namespace: 'shop',
      name: null,
    });
    assert.deepEqual(answer.superuserGroups, ['system:masters']);
  });

  it('cluster-wide counts ClusterRoleBindings only, and says so', async () => {
    const answer = await json('create', 'ingresses', '-f', 'examples/');
    assert.deepEqual(subjects(answer), ['Group system:authenticated']);
    assert.match(answer.notes.join('\n'), /only ClusterRoleBindings count/);
  });

  it('ingresses/status: only the controller', async () => {
    const answer = await json('update', 'ingresses/status', '-n', 'shop', 'examples/');
    assert.deepEqual(subjects(answer), ['ServiceAccount ingress-nginx/ingress-nginx']);
  });

  it('secrets: the controller may list them everywhere', async () => {
    const answer = await json('list', 'secrets', '-n', 'shop', 'examples/');
    assert.deepEqual(subjects(answer), ['ServiceAccount ingress-nginx/ingress-nginx']);
  });

  it('ingressclasses are cluster-scoped: -n is ignored with a note', async () => {
    const answer = await json('create', 'ingressclasses', '-n', 'shop', 'examples/');
    assert.equal(answer.request.namespace, null);
    assert.deepEqual(subjects(answer), []);
    assert.match(answer.notes[0] ?? '', /cluster-scoped: -n shop was ignored/);
  });
});

describe('gatewatch who-can: spellings, names, unresolved roles', () => {
  it('RESOURCE.GROUP, a RoleBinding to a ClusterRole and a namespace-less ServiceAccount subject', async () => {
    const answer = await json('create', 'httproutes.gateway.networking.k8s.io', '-n', 'shop', '-');
    assert.deepEqual(subjects(answer), ['ServiceAccount shop/deployer']);
    assert.deepEqual(answer.unresolved, [
      {
        binding: { kind: 'RoleBinding', namespace: 'shop', name: 'missing-role' },
        roleRef: { kind: 'ClusterRole', name: 'not-here' },
      },
    ]);
    assert.deepEqual(
      subjects(await json('create', 'httproutes.gateway.networking.k8s.io', '-n', 'payments', '-')),
      [],
    );
  });

  it('--name matches resourceNames, except for create', async () => {
    assert.deepEqual(subjects(await json('update', 'ing', '-n', 'shop', '--name', 'web', '-')), [
      'ServiceAccount shop/deployer',
    ]);
    assert.deepEqual(subjects(await json('update', 'ing', '-n', 'shop', '--name', 'api', '-')), []);
    assert.deepEqual(subjects(await json('update', 'ing', '-n', 'shop', '-')), []);
    const create = await json('create', 'ingresses', '-n', 'shop', '--name', 'web', '-');
    assert.match(create.notes.join('\n'), /--name is ignored for create/);
  });

  it('text lists unresolved bindings', async () => {
    const { out } = await run('create', 'httproutes.gateway.networking.k8s.io', '-n', 'shop', '-');
    assert.match(
      out,
      /Bindings whose role is not in the input[^\n]*\n {2}RoleBinding shop\/missing-role → ClusterRole not-here/,
    );
  });

  it('usage errors exit 2', async () => {
    for (const argv of [
      ['create', 'widgets', '-f', 'examples/'],
      ['Create!', 'ingresses', '-f', 'examples/'],
      ['create', 'ingresses'],
      ['create', 'ingresses', '--kubeconfig', 'x'],
    ]) {
      const { code, err } = await run(...argv);
      assert.equal(code, EXIT.usage, argv.join(' '));
      assert.match(err, /^gatewatch: /);
    }
  });

  it('unreadable input exits 2', async () => {
    const { code, err } = await run('create', 'ingresses', 'no-such-dir/');
    assert.equal(code, EXIT.usage);
    assert.match(err, /nothing could be read/);
  });
});

describe('gatewatch scan examples/ and RBAC', () => {
  it('reports the over-broad ClusterRoleBinding, and nothing on the team and controller grants', async () => {
    const io = fakeIo({ cwd: ROOT });
    await main(['scan', 'examples/', '--now', '2026-06-01T00:00:00Z', '-o', 'json'], io);
    const report = JSON.parse(io.out()) as {
      findings: { ruleId: string; object: { name: string } }[];
      notChecked: { ruleId: string }[];
    };
    const rbac = report.findings.filter((f) => f.ruleId.startsWith('rbac-'));
    assert.deepEqual(
      rbac.map((f) => `${f.ruleId} ${f.object.name}`),
      ['rbac-ingress-write-broad ingress-self-service'],
    );
    assert.deepEqual(
      report.notChecked.filter((n) => n.ruleId.startsWith('rbac-')),
      [],
    );
  });
});
