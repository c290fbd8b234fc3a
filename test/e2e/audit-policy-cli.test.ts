/**
 * `gatewatch audit policy` end to end: the Policy and the webhook kubeconfig parse as YAML with the
 * shapes the API server reads; flags change the URL, token file, CA and ConfigMap names.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { EXIT, main } from '../../src/cli/main.ts';
import { levelFor, type AuditPolicy } from '../../src/ledger/audit-policy.ts';
import { TRACKED_RESOURCES } from '../../src/ledger/tracked.ts';
import { fakeIo } from '../helpers/fake-io.ts';

const ROOT = join(import.meta.dirname, '..', '..');

async function run(...argv: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(['audit', 'policy', ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

describe('gatewatch audit policy', () => {
  it('prints the Policy and the webhook kubeconfig as two YAML documents', async () => {
    const { code, out, err } = await run();
    assert.equal(code, EXIT.ok, err);
    const docs = parseAllDocuments(out, { version: '1.1' });
    assert.equal(docs.length, 2);
    for (const doc of docs) assert.deepEqual(doc.errors, []);
    const policy = docs[0]?.toJS() as AuditPolicy;
    assert.equal(policy.kind, 'Policy');
    assert.equal(policy.apiVersion, 'audit.k8s.io/v1');
    for (const [resource, info] of Object.entries(TRACKED_RESOURCES))
      for (const group of info.groups)
        assert.equal(
          levelFor(policy, { user: 'u', verb: 'patch', group, resource }),
          'RequestResponse',
          resource,
        );
    assert.equal(levelFor(policy, { user: 'u', verb: 'get', group: '', resource: 'secrets' }), 'Metadata');
    const kubeconfig = docs[1]?.toJS() as { kind: string; clusters: { cluster: { server: string } }[] };
    assert.equal(kubeconfig.kind, 'Config');
    assert.equal(kubeconfig.clusters[0]?.cluster.server, 'https://gatewatch.gatewatch.svc:8443/audit');
    assert.match(out, /^# {3}--audit-policy-file=\/etc\/kubernetes\/audit\/policy\.yaml$/m);
  });

  it('--webhook-url, --token-file, --system-roots, --configmap, --only', async () => {
    {
      const { code, out } = await run(
        '--only',
        'kubeconfig',
        '--webhook-url',
        'https://audit.example.net:9443',
        '--token-file',
        '/var/run/gw/token',
        '--system-roots',
      );
      assert.equal(code, EXIT.ok);
      const config = parse(out) as {
        clusters: { cluster: Record<string, string> }[];
        users: { user: Record<string, string> }[];
      };
      assert.deepEqual(config.clusters[0]?.cluster, { server: 'https://audit.example.net:9443/audit' });
      assert.deepEqual(config.users[0]?.user, { tokenFile: '/var/run/gw/token' });
      const policyOnly = await run('--only', 'policy', '--configmap', 'edge-ingress-nginx-controller');
      const policy = parse(policyOnly.out) as AuditPolicy;
      assert.equal(
        levelFor(policy, {
          user: 'u',
          verb: 'update',
          group: '',
          resource: 'configmaps',
          name: 'edge-ingress-nginx-controller',
        }),
        'RequestResponse',
      );
    }
  });

  it('refuses a URL that is not http(s) or that carries credentials', async () => {
    assert.equal((await run('--webhook-url', 'ftp://x/audit')).code, EXIT.usage);
    const { code, err } = await run('--webhook-url', 'https://u:p@x/audit');
    assert.equal(code, EXIT.usage);
    assert.match(err, /no credentials/);
  });
});
