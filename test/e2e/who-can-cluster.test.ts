/**
 * `gatewatch who-can --cluster [--verify]` end to end: main(argv, io) → the real client-node adapter → a
 * loopback API server serving the example platform. The answer from the cluster equals the answer from
 * the files; --verify asks a SubjectAccessReview per subject; unreadable RBAC kinds make the answer partial.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, main } from '../../src/cli/main.ts';
import { asString, type JsonObject } from '../../src/model/resource.ts';
import type { WhoCanJson } from '../../src/rbac/who-can-report.ts';
import {
  GATEWAY_API_RESOURCES,
  STANDARD_RESOURCES,
  TRAEFIK_RESOURCES,
} from '../../src/sources/cluster/fake.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { manifestObjects, startFakeApiServer, type FakeApiServer } from '../helpers/fake-api-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-who-can-cluster-'));
const servers: FakeApiServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function serveExamples(
  options: {
    forbidden?: string[];
    authorize?: (attributes: JsonObject, user: string | undefined) => boolean;
  } = {},
): Promise<string> {
  const server = await startFakeApiServer({
    objects: manifestObjects([join(ROOT, 'examples')]),
    token: 'who-can-token',
    served: [...STANDARD_RESOURCES, ...GATEWAY_API_RESOURCES, ...TRAEFIK_RESOURCES],
    user: { username: 'system:serviceaccount:audit:viewer', groups: ['system:serviceaccounts'] },
    ...options,
  });
  servers.push(server);
  const file = join(dir, `kubeconfig-${String(servers.length)}.yaml`);
  writeFileSync(file, server.kubeconfig());
  return file;
}

async function run(args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(['who-can', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const subjects = (answer: WhoCanJson) => answer.subjects.map((s) => `${s.kind} ${s.name}`);

describe('gatewatch who-can --cluster', () => {
  it('answers from the live RBAC objects as from the files', async () => {
    const kubeconfig = await serveExamples();
    const live = await run([
      'create',
      'ingresses',
      '-n',
      'shop',
      '--cluster',
      '--kubeconfig',
      kubeconfig,
      '-o',
      'json',
    ]);
    assert.equal(live.code, EXIT.ok, live.err);
    const files = await run(['create', 'ingresses', '-n', 'shop', '-f', 'examples/', '-o', 'json']);
    const answer = JSON.parse(live.out) as WhoCanJson;
    assert.deepEqual(answer, JSON.parse(files.out));
    assert.deepEqual(subjects(answer), ['Group shop-developers', 'Group system:authenticated']);
  });

  it('--verify confirms each subject with a SubjectAccessReview, and a refusal makes the run partial', async () => {
    const reviewed: string[] = [];
    const kubeconfig = await serveExamples({
      authorize: (attributes, user) => {
        reviewed.push(
          `${user ?? '?'} ${asString(attributes.verb) ?? ''} ${asString(attributes.resource) ?? ''} ${asString(attributes.namespace) ?? ''}`,
        );
        return user !== 'gatewatch:verify:member-of:system:authenticated';
      },
    });
    const { code, out, err } = await run([
      'create',
      'ingresses',
      '-n',
      'shop',
      '--cluster',
      '--verify',
      '--kubeconfig',
      kubeconfig,
    ]);
    assert.equal(code, EXIT.partial, err);
    assert.match(out, /^KIND +NAME +NAMESPACE +VERIFIED +VIA$/m);
    assert.match(out, /^Group +shop-developers +yes +RoleBinding/m);
    assert.match(out, /^Group +system:authenticated +NO +ClusterRoleBinding/m);
    assert.deepEqual(reviewed.sort(), [
      'gatewatch:verify:member-of:shop-developers create ingresses shop',
      'gatewatch:verify:member-of:system:authenticated create ingresses shop',
    ]);
  });

  it('RBAC kinds the identity may not list make the answer partial, with the reason', async () => {
    const kubeconfig = await serveExamples({ forbidden: ['rolebindings'] });
    const { code, out, err } = await run([
      'create',
      'ingresses',
      '-n',
      'shop',
      '--cluster',
      '--kubeconfig',
      kubeconfig,
    ]);
    assert.equal(code, EXIT.partial);
    assert.match(err, /^gatewatch: warning: .*rolebindings is forbidden/m);
    assert.doesNotMatch(out, /shop-developers/);
  });

  it('--verify without --cluster, and files with --cluster, are usage errors', async () => {
    assert.equal((await run(['create', 'ingresses', '--verify', '-f', 'examples/'])).code, EXIT.usage);
    assert.equal((await run(['create', 'ingresses', '--cluster', 'examples/'])).code, EXIT.usage);
  });
});
