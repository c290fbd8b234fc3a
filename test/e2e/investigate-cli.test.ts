/**
 * `gatewatch investigate` end to end through main(argv, io): the ledger of
 * test/fixtures/audit/ingress-lifecycle.jsonl, alone (the ledger's last state) and with the live
 * manifests of test/fixtures/audit/investigate/; JSON validated against
 * schemas/investigate.v1.schema.json; text, Markdown and HTML; hostile strings.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EXIT, main } from '../../src/cli/main.ts';
import type { InvestigationJson } from '../../src/pipeline/investigate.ts';
import { investigationCsp } from '../../src/report/investigate/html.ts';
import { auditEvent, ingressObject } from '../helpers/audit-events.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { assertValid, investigateValidator } from '../helpers/ledger-schemas.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LIFECYCLE = join(ROOT, 'test', 'fixtures', 'audit', 'ingress-lifecycle.jsonl');
const LIVE = join(ROOT, 'test', 'fixtures', 'audit', 'investigate');
const NOW = '2026-06-01T00:00:00Z';

describe('gatewatch investigate', () => {
  let dir = '';
  const validate = investigateValidator();

  async function run(...argv: string[]) {
    const io = fakeIo({ cwd: dir });
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err() };
  }

  async function json(...argv: string[]): Promise<InvestigationJson> {
    const { code, out, err } = await run(
      'investigate',
      ...argv,
      '--db',
      'ledger.db',
      '--now',
      NOW,
      '-o',
      'json',
    );
    assert.equal(code, EXIT.ok, err);
    const parsed = JSON.parse(out) as InvestigationJson;
    assertValid(validate, parsed);
    return parsed;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-investigate-cli-'));
    const { code, err } = await run('audit', LIFECYCLE, '--db', 'ledger.db', '--fail-on', 'none');
    assert.equal(code, EXIT.ok, err);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('from the ledger alone: deleted, its last version, findings, history, actors and a restore', async () => {
    const result = await json('shop/web');
    assert.equal(result.status, 'deleted');
    assert.equal(result.current.source, 'ledger');
    assert.equal(result.current.asOf, '2026-05-23T11:00:00.021001Z');
    assert.deepEqual(
      result.current.findings.map((f) => `${f.ruleId} ${f.path}`),
      ['nginx-allowlist-open metadata.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]'],
    );
    assert.deepEqual(
      result.exposure.urls.map((u) => u.url),
      ['https://shop.example.com/*', 'https://www.shop.example.com/*'],
    );
    assert.equal(result.history.length, 10);
    assert.deepEqual(
      result.actors.map((a) => a.username),
      [
        'alice@example.com',
        'system:serviceaccount:ingress-nginx:ingress-nginx',
        'bob@example.com',
        'system:serviceaccount:argocd:argocd-application-controller',
        'kubernetes-admin',
      ],
    );
    const alice = result.actors[0];
    assert.deepEqual(
      alice?.otherChanges.map((c) => `${c.verb} ${c.object.kind} ${c.object.name}`),
      ['get Secret shop-tls'],
      'her read of the TLS Secret within the hour after the create',
    );
    assert.deepEqual(
      alice.sourceIPs.map((s) => s.value),
      ['10.0.4.21', '198.51.100.23'],
    );
    assert.equal(alice.rbac, null, 'the ledger holds no complete RBAC');
    assert.deepEqual(alice.bindings[0], {
      kind: 'RoleBinding',
      namespace: 'shop',
      name: 'shop-editors',
      role: 'ClusterRole edit',
      subject: { kind: 'Group', name: 'dev-team' },
      source: 'audit',
      verbs: ['create', 'patch'],
    });
    const bob = result.actors[2];
    assert.deepEqual(bob?.impersonatedBy, ['kubernetes-admin']);
    assert.deepEqual(
      bob.otherChanges.map((c) => `${c.verb} ${c.object.name} ${String(c.outcome.code)}`),
      ['create web-insecure 422'],
    );
    assert.equal(result.actors[1]?.trusted, true, 'the ingress-nginx controller is an expected actor');
    const restore = result.resolution[0];
    assert.equal(restore?.action, 'restore');
    assert.equal(restore.basedOn, '7f6a5b4c-3d2e-4f1a-8b9c-0d1e2f3a4b41/ResponseComplete');
    const manifest = parse(restore.manifest ?? '') as { metadata: Record<string, unknown>; status?: unknown };
    assert.equal(manifest.metadata.resourceVersion, undefined, 'server fields dropped');
    assert.equal(manifest.status, undefined);
    assert.match(restore.command, /^kubectl create -f - <<'GATEWATCH_EOF'\n[\s\S]*\nGATEWATCH_EOF$/);
    assert.ok(
      result.resolution.some(
        (r) =>
          r.action === 'remove-binding' &&
          r.command ===
            `kubectl get rolebinding contractors -n shop -o json | jq 'del(.subjects[] | select(.kind == "Group" and .name == "contractors"))' | kubectl replace -f -`,
      ),
    );
    assert.ok(
      !result.resolution.some((r) => r.command.includes('ingress-nginx')),
      "the controller's binding is left alone",
    );
  });

  it('with the live manifests: present, exposure to the Deployment, RBAC, delete, revert, cut bindings', async () => {
    const result = await json('shop/web', '-f', LIVE);
    assert.equal(result.status, 'present');
    assert.equal(result.current.source, 'files');
    assert.deepEqual(result.exposure.services, [
      {
        namespace: 'shop',
        name: 'web',
        exists: true,
        workloads: [{ kind: 'Deployment', namespace: 'shop', name: 'web' }],
        pods: [],
      },
    ]);
    const bob = result.actors.find((a) => a.username === 'bob@example.com');
    assert.deepEqual(bob?.rbac?.onObject, [
      { verb: 'get', allowed: true },
      { verb: 'update', allowed: true },
      { verb: 'patch', allowed: true },
      { verb: 'delete', allowed: true },
      { verb: 'create', allowed: true },
    ]);
    assert.deepEqual(
      bob.bindings.map((b) => `${b.kind} ${b.namespace}/${b.name}`),
      ['RoleBinding shop/contractors'],
      'the audit annotation and the RBAC objects name the same binding',
    );
    assert.deepEqual(
      result.resolution.map((r) => r.action),
      ['delete', 'revert', 'remove-binding', 'remove-binding', 'remove-binding'],
    );
    assert.equal(result.resolution[0]?.command, 'kubectl delete ingresses.networking.k8s.io web -n shop');
    assert.match(result.resolution[1]?.command ?? '', /^kubectl replace -f - <<'GATEWATCH_EOF'\n/);
    assert.ok(
      result.resolution.some(
        (r) =>
          r.command ===
          `kubectl patch rolebinding contractors -n shop --type=json -p '[{"op":"test","path":"/subjects/0/name","value":"contractors"},{"op":"remove","path":"/subjects/0"}]'`,
      ),
    );
    assert.ok(result.resolution.some((r) => r.command === 'kubectl delete rolebinding shop-editors -n shop'));
  });

  it('text: the sections in order, the actors with their sources and bindings', async () => {
    const { code, out, err } = await run('investigate', 'shop/web', '--db', 'ledger.db', '--now', NOW);
    assert.equal(code, EXIT.ok, err);
    assert.match(
      out,
      /^Investigation of Ingress shop\/web: deleted at 2026-05-25T07:00:00\.030001Z by system:serviceaccount:argocd:argocd-application-controller\n/,
    );
    const sections = ['Current spec', 'Findings', 'Exposure', 'History', 'Actors', 'Resolution', 'Notes'].map(
      (s) => out.indexOf(`\n== ${s}`),
    );
    assert.ok(
      sections.every((at, i) => at > 0 && (i === 0 || at > (sections[i - 1] ?? 0))),
      String(sections),
    );
    assert.match(
      out,
      /\n {4}RoleBinding shop\/contractors → ClusterRole edit to Group contractors {2}\[patch, update; from the audit log\]\n/,
    );
    assert.match(
      out,
      /\n {2}other changes within ±1h:\n {4}2026-05-23T12:06:00\.011001Z {2}create {2}Ingress shop\/web-insecure {2}denied 422 Invalid/,
    );
  });

  it('--window narrows the search for other changes', async () => {
    const result = await json('shop/web', '--window', '10m');
    assert.deepEqual(result.window, { text: '10m', seconds: 600 });
    assert.deepEqual(
      result.actors[0]?.otherChanges,
      [],
      "alice's Secret read is 48 minutes after the create",
    );
  });

  it('Markdown: headings, tables, escaped values, commands in fences', async () => {
    const { code, out } = await run(
      'investigate',
      'shop/web',
      '--db',
      'ledger.db',
      '--now',
      NOW,
      '-o',
      'markdown',
    );
    assert.equal(code, EXIT.ok);
    assert.match(out, /^# Investigation: Ingress shop\/web\n/);
    for (const heading of [
      '## Current spec',
      '## Findings',
      '## Exposure',
      '## History',
      '## Actors',
      '## Resolution',
    ])
      assert.ok(out.includes(`\n${heading}\n`), heading);
    assert.match(out, /\n### alice\\@example\.com\n/, 'mentions escaped');
    assert.match(out, /\n```sh\nkubectl create -f - <<'GATEWATCH_EOF'\n/);
    assert.match(out, /\| time \| verb \| object \| outcome \| who \| from \| what \|/);
  });

  it('HTML: one self-contained page under a CSP that allows only its stylesheet, every value escaped', async () => {
    const event = auditEvent({
      verb: 'create',
      code: 201,
      userAgent: '<script>alert(1)</script>',
      user: { username: '<img src=x onerror=alert(1)>', groups: ['system:authenticated'] },
      objectRef: {
        resource: 'ingresses',
        namespace: 'shop',
        apiGroup: 'networking.k8s.io',
        apiVersion: 'v1',
      },
      responseObject: ingressObject(
        'xss',
        {
          rules: [{ host: 'a.example.com' }],
        },
        { annotations: { note: '</pre><script>alert(2)</script>\u202e' } },
      ),
    });
    writeFileSync(join(dir, 'xss.jsonl'), `${JSON.stringify(event)}\n`);
    assert.equal((await run('audit', 'xss.jsonl', '--db', 'xss.db', '--fail-on', 'none')).code, EXIT.ok);
    const { code, out, err } = await run(
      'investigate',
      'shop/xss',
      '--db',
      'xss.db',
      '--now',
      NOW,
      '-o',
      'html',
    );
    assert.equal(code, EXIT.ok, err);
    assert.match(out, /^<!doctype html>/);
    assert.ok(out.includes(`content="${investigationCsp().replace(/'/g, '&#39;')}"`));
    assert.match(
      investigationCsp(),
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'$/,
    );
    assert.doesNotMatch(out, /<script/i, 'no script element at all');
    assert.doesNotMatch(out, /<img/i);
    assert.ok(out.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.doesNotMatch(out, /\u202e/);
    assert.doesNotMatch(out, /(?:src|href)="(?:https?:)?\/\//, 'nothing fetched');
  });

  it('usage errors: an object the ledger and the input do not know; a bad window', async () => {
    const missing = await run('investigate', 'shop/nope', '--db', 'ledger.db');
    assert.equal(missing.code, EXIT.usage);
    assert.match(missing.err, /no Ingress by that name in the ledger/);
    const window = await run('investigate', 'shop/web', '--db', 'ledger.db', '--window', 'soon');
    assert.equal(window.code, EXIT.usage);
    assert.match(window.err, /--window/);
  });
});
