/**
 * `gatewatch history` end to end through main(argv, io): the ledger of
 * test/fixtures/audit/ingress-lifecycle.jsonl, JSON validated against schemas/history.v1.schema.json,
 * the text timeline, filters, hostile strings and usage errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, main } from '../../src/cli/main.ts';
import type { HistoryJson } from '../../src/ledger/query/history-report.ts';
import { auditEvent, ingressObject } from '../helpers/audit-events.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { assertValid, historyValidator } from '../helpers/ledger-schemas.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LIFECYCLE = join(ROOT, 'test', 'fixtures', 'audit', 'ingress-lifecycle.jsonl');

describe('gatewatch history', () => {
  let dir = '';
  const validate = historyValidator();

  async function run(...argv: string[]) {
    const io = fakeIo({ cwd: dir });
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err() };
  }

  async function json(...argv: string[]): Promise<HistoryJson> {
    const { code, out, err } = await run('history', ...argv, '--db', 'ledger.db', '-o', 'json');
    assert.equal(code, EXIT.ok, err);
    const parsed = JSON.parse(out) as HistoryJson;
    assertValid(validate, parsed);
    return parsed;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-history-cli-'));
    const { code, err } = await run('audit', LIFECYCLE, '--db', 'ledger.db', '--fail-on', 'none');
    assert.equal(code, EXIT.ok, err);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('-o json: every change of shop/web with who, from where, the outcome and the full diff', async () => {
    const result = await json('shop/web');
    assert.deepEqual(result.query.object, { kind: 'Ingress', namespace: 'shop', name: 'web' });
    assert.equal(result.count, 10);
    assert.deepEqual(
      result.changes.map(
        (c) => `${c.verb}${c.object.subresource ? `/${c.object.subresource}` : ''} ${c.content}`,
      ),
      [
        'create created',
        'update/status diff',
        'patch diff',
        'patch diff',
        'patch diff',
        'update diff',
        'delete not-applied',
        'update not-applied',
        'patch no-body',
        'delete deleted',
      ],
    );
    const tlsRemoved = result.changes[2];
    assert.deepEqual(tlsRemoved?.diff?.removed, [
      { path: 'spec.tls', value: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] },
    ]);
    assert.deepEqual(tlsRemoved.actor.sourceIPs, ['198.51.100.23']);
    const impersonated = result.changes[5];
    assert.equal(impersonated?.actor.username, 'bob@example.com');
    assert.equal(impersonated.actor.impersonatedBy, 'kubernetes-admin');
    const webhook = result.changes[7];
    assert.equal(webhook?.outcome.denied, true);
    assert.equal(webhook.outcome.deniedBy, 'validate.nginx.ingress.kubernetes.io');
    assert.equal(result.changes[0]?.state?.kind, 'Ingress', 'a create carries the created object');
  });

  it('text: a compact timeline with the diff as paths, old → new', async () => {
    const { code, out } = await run('history', 'shop/web', '--db', 'ledger.db');
    assert.equal(code, EXIT.ok);
    assert.match(
      out,
      /^History of Ingress shop\/web: 10 changes, 2026-05-20T09:14:02\.338712Z … 2026-05-25T07:00:00\.030001Z\n/,
    );
    assert.match(
      out,
      /2026-05-22T05:55:01\.123456Z {2}patch {2}Ingress shop\/web {2}200\n {2}who {3}alice@example\.com \(dev-team, system:authenticated\)\n {2}from {2}198\.51\.100\.23 · kubectl\/v1\.33\.1 \(linux\/amd64\) kubernetes\/8adc0f0\n {2}what {2}- spec\.tls \(was \[\{"hosts":\["shop\.example\.com"\],"secretName":"shop-tls"\}\]\)\n/,
    );
    assert.match(
      out,
      /who {3}bob@example\.com \(contractors, system:authenticated\), impersonated by kubernetes-admin\n/,
    );
    assert.match(out, /denied 403 Forbidden by authorization\n/);
    assert.match(out, /denied 400 BadRequest by admission "validate\.nginx\.ingress\.kubernetes\.io"\n/);
    assert.match(
      out,
      /\+ metadata\.annotations\["nginx\.ingress\.kubernetes\.io\/whitelist-source-range"\] = "0\.0\.0\.0\/0"\n/,
    );
    assert.match(out, /what {2}content not recorded \(audit level Metadata\)\n/);
  });

  it('filters by actor (effective user or impersonator), verb and time, over every object', async () => {
    const bob = await json('--actor', 'bob@example.com');
    assert.deepEqual(
      bob.changes.map((c) => `${c.verb} ${c.object.name}`),
      ['patch web', 'update web', 'delete web', 'update web', 'create web-insecure'],
    );
    const admin = await json('--actor', 'kubernetes-admin', '--kind', 'Ingress');
    assert.deepEqual(
      admin.changes.map((c) => c.actor.impersonatedBy),
      ['kubernetes-admin'],
    );
    const patches = await json(
      'shop/web',
      '--verb',
      'patch',
      '--since',
      '2026-05-22',
      '--until',
      '2026-05-24T00:00:00Z',
    );
    assert.equal(patches.count, 3);
    assert.deepEqual(patches.query.verbs, ['patch']);
    assert.equal(patches.query.since, '2026-05-22T00:00:00.000000Z');
    const recent = await json('--since', '27h', '--now', '2026-05-25T12:00:00Z');
    assert.deepEqual(
      recent.changes.map((c) => `${c.verb} ${c.object.kind}`),
      ['update ConfigMap', 'create ClusterRoleBinding', 'delete Ingress'],
    );
    const all = await json();
    assert.equal(all.query.object, null);
    assert.equal(all.count, 14);
  });

  it('other kinds: --kind ClusterRoleBinding with a cluster-scoped NAME', async () => {
    const result = await json('contractors-ingress-admin', '--kind', 'ClusterRoleBinding');
    assert.equal(result.count, 1);
    assert.equal(result.changes[0]?.object.namespace, null);
  });

  it('hostile strings: control characters never reach the terminal', async () => {
    const event = auditEvent({
      verb: 'create',
      code: 201,
      userAgent: 'kubectl\u001b]0;pwned\u0007\u001b[2J',
      user: { username: 'mallory\u202e@example.com', groups: ['system:authenticated'] },
      objectRef: {
        resource: 'ingresses',
        namespace: 'shop',
        apiGroup: 'networking.k8s.io',
        apiVersion: 'v1',
      },
      responseObject: ingressObject('evil', {
        rules: [{ host: 'evil.example.com' }],
      }),
    });
    writeFileSync(join(dir, 'hostile.jsonl'), `${JSON.stringify(event)}\n`);
    assert.equal(
      (await run('audit', 'hostile.jsonl', '--db', 'hostile.db', '--fail-on', 'none')).code,
      EXIT.ok,
    );
    const { code, out } = await run('history', '--db', 'hostile.db');
    assert.equal(code, EXIT.ok);
    // eslint-disable-next-line no-control-regex -- the point is that none is left
    assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    assert.match(out, /kubectl\\u001b\]0;pwned\\u0007\\u001b\[2J/);
  });

  it('usage errors: a bad object, kind or time; a ledger that does not exist', async () => {
    for (const argv of [
      ['history', 'web', '--db', 'ledger.db'],
      ['history', 'shop/web', '--kind', 'Pod', '--db', 'ledger.db'],
      ['history', '--since', 'yesterday', '--db', 'ledger.db'],
      ['history', '--db', 'nope.db'],
    ]) {
      const { code, err } = await run(...argv);
      assert.equal(code, EXIT.usage, argv.join(' '));
      assert.match(err, /^gatewatch: /);
    }
    const { err } = await run('history', '--db', 'nope.db');
    assert.match(err, /no ledger at nope\.db/);
  });
});
