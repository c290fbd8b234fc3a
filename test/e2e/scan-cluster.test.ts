/**
 * `gatewatch scan --cluster` end to end: main(argv, io) → the real client-node adapter → a loopback API
 * server (HTTPS, bearer token) serving the example platform (examples/). The live review must find what
 * the review of the same manifests from files finds; a read-only identity without Secret access gets
 * the TLS checks listed as not checked, with the server's reason, and exit code 3.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, main } from '../../src/cli/main.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { describeErrors, sarifValidator, scanResultValidator } from '../helpers/schemas.ts';
import {
  GATEWAY_API_RESOURCES,
  STANDARD_RESOURCES,
  TRAEFIK_RESOURCES,
} from '../../src/sources/cluster/fake.ts';
import { manifestObjects, startFakeApiServer, type FakeApiServer } from '../helpers/fake-api-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The example certificates are valid 2025-01-01 to 2036-01-01; pin the clock inside that window. */
const NOW = '2026-06-01T00:00:00Z';
const TOKEN = 'e2e-token';
const TLS_RULES = [
  'ingress-tls-cert-expired',
  'ingress-tls-cert-host-mismatch',
  'ingress-tls-key-mismatch',
  'ingress-tls-secret-missing',
];

interface JsonFinding {
  ruleId: string;
  object: { kind: string; namespace: string; name: string };
  path: string;
  location?: unknown;
}
interface JsonReport {
  findings: JsonFinding[];
  notChecked: { ruleId: string; reason: string }[];
}

const dir = mkdtempSync(join(tmpdir(), 'gatewatch-e2e-cluster-'));
const servers: FakeApiServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function serveExamples(forbidden: string[] = []): Promise<string> {
  const server = await startFakeApiServer({
    objects: manifestObjects([join(ROOT, 'examples')]),
    token: TOKEN,
    forbidden,
    served: [...STANDARD_RESOURCES, ...GATEWAY_API_RESOURCES, ...TRAEFIK_RESOURCES],
    user: { username: 'system:serviceaccount:audit:viewer', groups: ['system:serviceaccounts'] },
    maxPageSize: 4,
  });
  servers.push(server);
  const file = join(dir, `kubeconfig-${String(servers.length)}.yaml`);
  writeFileSync(file, server.kubeconfig());
  return file;
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = fakeIo({ cwd: ROOT, env });
  const code = await main(['scan', '--now', NOW, ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const key = (f: JsonFinding): string =>
  `${f.ruleId} ${f.object.kind} ${f.object.namespace}/${f.object.name} ${f.path}`;

describe('gatewatch scan --cluster', () => {
  let kubeconfig: string;
  let readOnly: string;
  before(async () => {
    kubeconfig = await serveExamples();
    readOnly = await serveExamples(['secrets']);
  });

  it('finds on the live cluster what it finds in the same manifests on disk, without file locations', async () => {
    const files = await run(['examples/', '-o', 'json']);
    const live = await run(['--cluster', '-A', '--kubeconfig', kubeconfig, '-o', 'json']);
    assert.equal(live.code, files.code, live.err);
    assert.equal(live.err, '');
    const fromFiles = JSON.parse(files.out) as JsonReport;
    const fromCluster = JSON.parse(live.out) as JsonReport;
    // On files, a rule whose kind is absent is "not checked"; on a cluster absence is a fact.
    const uncheckedOnFiles = new Set(fromFiles.notChecked.map((n) => n.ruleId));
    assert.ok(fromFiles.findings.length > 10);
    assert.deepEqual(
      fromCluster.findings
        .filter((f) => !uncheckedOnFiles.has(f.ruleId))
        .map(key)
        .sort(),
      fromFiles.findings.map(key).sort(),
    );
    assert.ok(fromCluster.findings.every((f) => f.location === undefined));
    assert.deepEqual(fromCluster.notChecked, []);
    const validate = scanResultValidator();
    assert.ok(validate(fromCluster), describeErrors(validate));
  });

  it('without Secret access: TLS checks not checked with the server reason, a warning, and exit 3', async () => {
    const { code, out, err } = await run([
      '--cluster',
      '--kubeconfig',
      readOnly,
      '-o',
      'json',
      '--fail-on',
      'none',
    ]);
    assert.equal(code, EXIT.partial, err);
    assert.match(
      err,
      /^gatewatch: warning: Secret could not be read from the cluster \(forbidden\): secrets is forbidden: User "system:serviceaccount:audit:viewer" cannot list resource "secrets"/m,
    );
    const report = JSON.parse(out) as JsonReport;
    for (const ruleId of TLS_RULES) {
      const entry = report.notChecked.find((n) => n.ruleId === ruleId);
      assert.ok(entry, `${ruleId} is not checked`);
      assert.match(entry.reason, /forbidden/);
    }
    assert.equal(
      report.findings.some((f) => TLS_RULES.includes(f.ruleId)),
      false,
    );
  });

  it('still fails with 1 when findings reach --fail-on, partial or not', async () => {
    const { code } = await run(['--cluster', '--kubeconfig', readOnly]);
    assert.equal(code, EXIT.findings);
  });

  it('writes SARIF whose results point at the object (fallback location), valid against the schema', async () => {
    const { out } = await run(['--cluster', '--kubeconfig', readOnly, '-o', 'sarif']);
    const sarif = JSON.parse(out) as {
      runs: { results: { locations: { properties?: { fallback?: string } }[] }[] }[];
    };
    const validate = sarifValidator();
    assert.ok(validate(sarif), describeErrors(validate));
    const results = sarif.runs[0]?.results ?? [];
    assert.ok(results.length > 0);
    assert.ok(results.every((r) => r.locations[0]?.properties?.fallback === 'object'));
  });

  it('shows the field path where a file would show file:line (text, markdown, junit)', async () => {
    const text = await run(['--cluster', '--kubeconfig', kubeconfig, '--no-color']);
    assert.match(
      text.out,
      /^ {2}metadata\.annotations\["nginx\.ingress\.kubernetes\.io\/whitelist-source-range"\] {2}error /m,
    );
    assert.doesNotMatch(text.out, /undefined/);
    const markdown = await run(['--cluster', '--kubeconfig', kubeconfig, '-o', 'markdown']);
    assert.doesNotMatch(markdown.out, /undefined/);
    const junit = await run(['--cluster', '--kubeconfig', kubeconfig, '-o', 'junit']);
    assert.doesNotMatch(junit.out, /undefined|file=""/);
  });

  it('with -n, reads one namespace', async () => {
    const { out } = await run([
      '--cluster',
      '-n',
      'internal-tools',
      '--kubeconfig',
      kubeconfig,
      '-o',
      'json',
    ]);
    const namespaces = new Set((JSON.parse(out) as JsonReport).findings.map((f) => f.object.namespace));
    // Cluster-scoped kinds (namespace '') are read whole whatever -n says.
    assert.deepEqual(
      [...namespaces].filter((ns) => ns !== ''),
      ['internal-tools'],
    );
  });

  it('takes the kubeconfig from KUBECONFIG', async () => {
    const { code, err } = await run(['--cluster', '-o', 'json'], { KUBECONFIG: kubeconfig });
    assert.equal(code, EXIT.findings, err);
  });

  it('exits 2 with the reason when the cluster cannot be read or the flags do not fit', async () => {
    const gone = await startFakeApiServer();
    const unreachable = join(dir, 'unreachable.yaml');
    writeFileSync(unreachable, gone.kubeconfig({ context: 'x' }));
    await gone.close();
    const cases: [string[], RegExp][] = [
      [
        ['--cluster', '--kubeconfig', unreachable],
        /cannot read the cluster: context "x" \(https:\/\/127\.0\.0\.1:\d+\): ECONNREFUSED/,
      ],
      [['--cluster'], /no kubeconfig found/],
      [
        ['--cluster', '--kubeconfig', kubeconfig, '--context', 'elsewhere'],
        /context "elsewhere" is not in the kubeconfig/,
      ],
      [['--cluster', '-A', '-n', 'shop', '--kubeconfig', kubeconfig], /-n and -A exclude each other/],
      [['--cluster', 'examples/', '--kubeconfig', kubeconfig], /name no files with it/],
      [['examples/', '--kubeconfig', kubeconfig], /--kubeconfig goes with --cluster/],
      [['--cluster', '--kubeconfig', kubeconfig, '--request-timeout', 'soon'], /not a duration/],
    ];
    for (const [args, message] of cases) {
      const { code, out, err } = await run(args);
      assert.equal(code, EXIT.usage, `${args.join(' ')}: ${err}`);
      assert.match(err, message);
      assert.equal(out, '');
    }
  });
});
