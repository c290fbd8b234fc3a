/**
 * deploy/: what a cluster needs to run `gatewatch serve` passes gatewatch's own review (nothing above
 * info), its identity can write nothing (`who-can` for every write verb), the Deployment is hardened,
 * the webhook configuration is what the API server needs, and the audit files are the ones `gatewatch
 * audit policy` prints.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { parseListen } from '../../src/cli/serve-command.ts';
import { fakeIo } from '../helpers/fake-io.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const IDENTITY = { kind: 'ServiceAccount', name: 'gatewatch', namespace: 'gatewatch' };

type Json = Record<string, unknown>;

function documents(file: string): Json[] {
  return parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8')).map((doc) => doc.toJS() as Json);
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

interface WhoCan {
  subjects: { kind: string; name: string; namespace?: string }[];
}

async function whoCan(verb: string, resource: string, namespace?: string): Promise<WhoCan> {
  const result = await run([
    'who-can',
    verb,
    resource,
    'deploy/',
    '-o',
    'json',
    ...(namespace ? ['-n', namespace] : []),
  ]);
  assert.equal(result.code, 0, result.err);
  return JSON.parse(result.out) as WhoCan;
}

const isIdentity = (subject: WhoCan['subjects'][number]): boolean =>
  subject.kind === IDENTITY.kind &&
  subject.name === IDENTITY.name &&
  subject.namespace === IDENTITY.namespace;

describe('deploy/', () => {
  it('passes gatewatch scan with nothing above info', async () => {
    const result = await run(['scan', 'deploy/', '-o', 'json']);
    assert.equal(result.code, 0, result.out);
    const report = JSON.parse(result.out) as { findings: { severity: string; ruleId: string }[] };
    const aboveInfo = report.findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(aboveInfo, []);
  });

  it("gives the server's identity reads, and no write of any kind", async () => {
    // Positive control: the identity is found where it has rights.
    assert.ok((await whoCan('list', 'secrets')).subjects.some(isIdentity));
    assert.ok((await whoCan('watch', 'ingresses')).subjects.some(isIdentity));
    const resources = [
      'ingresses',
      'ingresses/status',
      'ingressclasses',
      'services',
      'secrets',
      'configmaps',
      'pods',
      'pods/exec',
      'namespaces',
      'serviceaccounts',
      'serviceaccounts/token',
      'deployments.apps',
      'networkpolicies',
      'roles.rbac.authorization.k8s.io',
      'clusterroles.rbac.authorization.k8s.io',
      'rolebindings.rbac.authorization.k8s.io',
      'clusterrolebindings.rbac.authorization.k8s.io',
      'gateways.gateway.networking.k8s.io',
      'httproutes.gateway.networking.k8s.io',
      'validatingwebhookconfigurations.admissionregistration.k8s.io',
      'leases.coordination.k8s.io',
    ];
    for (const verb of [
      'create',
      'update',
      'patch',
      'delete',
      'deletecollection',
      'escalate',
      'bind',
      'impersonate',
    ])
      for (const resource of resources)
        for (const namespace of [undefined, 'gatewatch']) {
          const answer = await whoCan(verb, resource, namespace);
          assert.ok(!answer.subjects.some(isIdentity), `${verb} ${resource} ${namespace ?? 'cluster-wide'}`);
        }
  });

  it('runs the server hardened: non-root, read-only root filesystem, no capabilities, limits, probes', () => {
    const deployment = documents('deployment.yaml').find((d) => d.kind === 'Deployment') as Json;
    const pod = (deployment.spec as Json).template as Json;
    const podSpec = pod.spec as Json;
    const podSecurity = podSpec.securityContext as Json;
    assert.equal(podSecurity.runAsNonRoot, true);
    assert.deepEqual(podSecurity.seccompProfile, { type: 'RuntimeDefault' });
    const [container] = podSpec.containers as Json[];
    assert.ok(container);
    const security = container.securityContext as Json;
    assert.equal(security.readOnlyRootFilesystem, true);
    assert.equal(security.allowPrivilegeEscalation, false);
    assert.deepEqual((security.capabilities as Json).drop, ['ALL']);
    const resources = container.resources as Json;
    assert.ok(
      (resources.requests as Json).memory &&
        (resources.limits as Json).memory &&
        (resources.limits as Json).cpu,
    );
    assert.equal(((container.livenessProbe as Json).httpGet as Json).path, '/healthz');
    assert.equal(((container.readinessProbe as Json).httpGet as Json).path, '/readyz');
    const args = container.args as string[];
    assert.equal(args[0], 'serve');
    const listen = args.find((arg) => arg.startsWith('--listen='))?.slice('--listen='.length) ?? '';
    assert.deepEqual(parseListen(listen), { host: '0.0.0.0', port: 8443 });
    for (const flag of ['--tls-cert-file=', '--tls-private-key-file=', '--audit-token-file=', '--cluster'])
      assert.ok(
        args.some((arg) => arg.startsWith(flag)),
        flag,
      );
  });

  it('registers the admission webhook as the API server needs it', () => {
    const [config] = documents('validatingwebhookconfiguration.yaml');
    assert.equal(config?.kind, 'ValidatingWebhookConfiguration');
    const [webhook] = (config.webhooks ?? []) as Json[];
    assert.ok(webhook);
    assert.deepEqual(webhook.admissionReviewVersions, ['v1']);
    assert.equal(webhook.sideEffects, 'None');
    assert.equal(webhook.failurePolicy, 'Ignore');
    assert.ok(Number(webhook.timeoutSeconds) <= 10);
    assert.equal(((webhook.clientConfig as Json).service as Json).path, '/admission');
    const resources = (webhook.rules as Json[]).flatMap((rule) => rule.resources as string[]);
    for (const resource of ['ingresses', 'ingressclasses', 'gateways', 'httproutes'])
      assert.ok(resources.includes(resource), resource);
  });

  it('ships the audit Policy and webhook kubeconfig `gatewatch audit policy` prints', async () => {
    for (const [only, file] of [
      ['policy', 'audit/policy.yaml'],
      ['kubeconfig', 'audit/webhook-kubeconfig.yaml'],
    ] as const) {
      const result = await run(['audit', 'policy', '--only', only]);
      assert.equal(result.code, 0, result.err);
      assert.equal(readFileSync(join(DEPLOY, file), 'utf8'), result.out, `${file} is stale: regenerate it`);
    }
  });
});
