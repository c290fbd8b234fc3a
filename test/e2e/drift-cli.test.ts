/**
 * `gatewatch drift` end to end: main(argv, io) → the real client-node adapter → a loopback API server
 * (test/helpers/fake-api-server.ts) holding what a cluster stores — every API default filled in,
 * addresses assigned, status written, and one Ingress edited by hand — joined to a ledger ingested from
 * the audit log of that edit. The "done when" of issue 7: `drift --baseline deploy/ --cluster` shows
 * exactly that edit and who made it, and nothing else.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { EXIT, main } from '../../src/cli/main.ts';
import { ingest } from '../../src/ledger/ingest.ts';
import { openSqliteLedger } from '../../src/ledger/store/sqlite.ts';
import type { JsonObject } from '../../src/model/resource.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { manifestObjects, startFakeApiServer, type FakeApiServer } from '../helpers/fake-api-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'drift', 'hand-edit');
const TOKEN = 'drift-token';
const WHITELIST = 'nginx.ingress.kubernetes.io/whitelist-source-range';

interface DriftJson {
  summary: Record<string, number | boolean>;
  ledger: boolean;
  objects: {
    status: string;
    object: { kind: string; namespace: string; name: string };
    fields: {
      path: string;
      pointer: string;
      change: string;
      approved: unknown;
      live: unknown;
      lastChange: { actor: string; time: string; match: string } | null;
    }[];
  }[];
  notCompared: unknown[];
  unusedIgnoreRules: unknown[];
}

function driftValidator() {
  const Ajv2020 = Ajv2020Module.default;
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormatsModule.default(ajv);
  return ajv.compile(
    JSON.parse(readFileSync(join(ROOT, 'schemas', 'drift.v1.schema.json'), 'utf8')) as object,
  );
}

describe('gatewatch drift --cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-e2e-drift-'));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const db = join(dir, 'ledger.db');
  let server: FakeApiServer;

  before(async () => {
    server = await startFakeApiServer({ objects: manifestObjects([join(FIXTURE, 'cluster')]), token: TOKEN });
    writeFileSync(kubeconfig, server.kubeconfig());
    const store = await openSqliteLedger(db);
    try {
      await ingest({ store, inputs: [join(FIXTURE, 'audit.jsonl')] });
    } finally {
      await store.close();
    }
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function drift(args: string[], options: { cwd?: string; stdin?: string } = {}) {
    const io = fakeIo({ cwd: options.cwd ?? FIXTURE, ...(options.stdin ? { stdin: options.stdin } : {}) });
    const code = await main(['drift', ...args], io);
    return { code, out: io.out(), err: io.err() };
  }
  const cluster = ['--cluster', '--kubeconfig', kubeconfig];

  it('shows exactly the hand edit of the Ingress and who made it, and nothing else', async () => {
    const text = await drift(['--baseline', 'deploy/', ...cluster, '--db', db]);
    assert.equal(text.code, EXIT.findings, text.err);
    assert.equal(text.err, '');
    assert.equal(
      text.out,
      [
        'Baseline deploy/ (7 objects) against the cluster current context (14 objects)',
        '',
        '~ Ingress shop/web: changed (deploy/ingress.yaml:1)',
        `    metadata.annotations["${WHITELIST}"]`,
        '      - approved: "10.0.0.0/8"',
        '      + live:     "0.0.0.0/0"',
        '      by alice@example.com at 2026-05-20T22:14:03.512345Z (patch)',
        '',
        'Drift: 1 changed (1 field), 0 missing, 0 unmanaged; 7 objects compared.',
        '',
      ].join('\n'),
    );

    const json = await drift(['--baseline', 'deploy/', ...cluster, '--db', db, '-o', 'json']);
    assert.equal(json.code, EXIT.findings);
    const result = JSON.parse(json.out) as DriftJson;
    const validate = driftValidator();
    assert.ok(validate(result), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(result.ledger, true);
    assert.deepEqual(
      result.objects.map((o) => [o.status, o.object.kind, o.object.namespace, o.object.name]),
      [['changed', 'Ingress', 'shop', 'web']],
    );
    const [field] = result.objects[0]?.fields ?? [];
    assert.equal(result.objects[0]?.fields.length, 1);
    assert.deepEqual(
      field && {
        ...field,
        lastChange: field.lastChange && { actor: field.lastChange.actor, match: field.lastChange.match },
      },
      {
        path: `metadata.annotations["${WHITELIST}"]`,
        pointer: `/metadata/annotations/${WHITELIST.replace('/', '~1')}`,
        change: 'changed',
        approved: '10.0.0.0/8',
        live: '0.0.0.0/0',
        redacted: false,
        lastChange: { actor: 'alice@example.com', match: 'field' },
      },
    );
    assert.equal(result.summary.compared, 7);
    assert.deepEqual(result.notCompared, []);
  });

  it('writes Markdown with the edit and its author', async () => {
    const { code, out } = await drift(['--baseline', 'deploy/', ...cluster, '--db', db, '-o', 'markdown']);
    assert.equal(code, EXIT.findings);
    assert.match(out, /^## gatewatch drift$/m);
    assert.match(out, /^### changed: Ingress shop\/web \(deploy\/ingress\.yaml:1\)$/m);
    // Cells are escaped (no HTML, links or mentions from manifest data).
    assert.match(
      out,
      /\| &quot;10\.0\.0\.0\/8&quot; \| &quot;0\.0\.0\.0\/0&quot; \| alice\\@example\.com at 2026-05-20T22:14:03\.512345Z \\\(patch\\\) \|$/m,
    );
  });

  it('lets an ignore rule of the config file take the edit out, and says so', async () => {
    const config = join(dir, 'ignore.yaml');
    writeFileSync(
      config,
      [
        'drift:',
        '  ignore:',
        '    - kinds: [Ingress]',
        '      namespaces: [shop]',
        `      paths: ["/metadata/annotations/${WHITELIST.replace('/', '~1')}"]`,
        '      reason: the allow-list is managed by the WAF team (CHG-1234)',
        '',
      ].join('\n'),
    );
    const { code, out } = await drift([
      '--baseline',
      'deploy/',
      ...cluster,
      '--config',
      config,
      '-o',
      'json',
    ]);
    assert.equal(code, EXIT.ok);
    const result = JSON.parse(out) as DriftJson;
    assert.equal(result.summary.drift, false);
    assert.equal(result.summary.ignoredFields, 1);
    assert.equal(result.ledger, false);
  });

  it('reads the baseline from git history without touching the work tree', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'gatewatch-e2e-drift-git-'));
    try {
      const git = (...args: string[]): void => {
        execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
          cwd: repo,
          env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
          stdio: 'ignore',
        });
      };
      git('init', '-q', '-b', 'main');
      cpSync(join(FIXTURE, 'deploy'), join(repo, 'deploy'), { recursive: true });
      git('add', '.');
      git('commit', '-q', '-m', 'approved');
      // A later commit approves the wider allow-list; the work tree then strays further.
      const ingress = join(repo, 'deploy', 'ingress.yaml');
      writeFileSync(ingress, readFileSync(ingress, 'utf8').replace('10.0.0.0/8', '0.0.0.0/0'));
      git('commit', '-q', '-am', 'approve the wider allow-list');
      writeFileSync(ingress, 'not: [valid');

      const approvedThen = await drift(['--baseline', 'git:HEAD~1:deploy', ...cluster, '-o', 'json'], {
        cwd: repo,
      });
      assert.equal(approvedThen.code, EXIT.findings, approvedThen.err);
      assert.deepEqual(
        (JSON.parse(approvedThen.out) as DriftJson).objects.map((o) => o.fields.map((f) => f.path)),
        [[`metadata.annotations["${WHITELIST}"]`]],
      );
      const approvedNow = await drift(['--baseline', 'git:HEAD:deploy', ...cluster], { cwd: repo });
      assert.equal(approvedNow.code, EXIT.ok, approvedNow.out);
      assert.match(approvedNow.out, /^No drift; 7 objects compared\.$/m);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('takes Helm output on stdin as the baseline', async () => {
    const rendered = readdirSync(join(FIXTURE, 'deploy'))
      .sort()
      .map(
        (file) =>
          `---\n# Source: shop/templates/${file}\n${readFileSync(join(FIXTURE, 'deploy', file), 'utf8')}`,
      )
      .join('\n');
    const { code, out } = await drift(['--baseline', '-', ...cluster, '-o', 'json'], { stdin: rendered });
    assert.equal(code, EXIT.findings);
    assert.equal((JSON.parse(out) as DriftJson).summary.fields, 1);
  });

  it('reports objects deleted and objects created by hand, in the baseline namespaces only', async () => {
    const ingress = manifestObjects([join(FIXTURE, 'cluster', 'ingress.yaml')])[0] as JsonObject;
    server.apply({ ...ingress, metadata: { name: 'debug', namespace: 'shop' } });
    server.apply({ ...ingress, metadata: { name: 'elsewhere', namespace: 'ingress-nginx' } });
    server.remove('v1', 'Service', 'shop', 'web');
    try {
      const { code, out } = await drift(['--baseline', 'deploy/', ...cluster, '-o', 'json']);
      assert.equal(code, EXIT.findings);
      assert.deepEqual(
        (JSON.parse(out) as DriftJson).objects.map((o) => `${o.status} ${o.object.kind} ${o.object.name}`),
        ['unmanaged Ingress debug', 'changed Ingress web', 'missing Service web'],
      );
    } finally {
      server.remove('networking.k8s.io/v1', 'Ingress', 'shop', 'debug');
      server.remove('networking.k8s.io/v1', 'Ingress', 'ingress-nginx', 'elsewhere');
      server.apply(
        manifestObjects([join(FIXTURE, 'cluster', 'app.yaml')]).find(
          (o) => o.kind === 'Service',
        ) as JsonObject,
      );
    }
  });

  it('compares given files as the live side too', async () => {
    const { code, out } = await drift(['--baseline', 'deploy/', 'cluster/', '--db', db, '-o', 'json']);
    assert.equal(code, EXIT.findings);
    const result = JSON.parse(out) as DriftJson;
    assert.equal(result.summary.fields, 1);
    assert.equal(result.objects[0]?.fields[0]?.lastChange?.actor, 'alice@example.com');
  });

  it('answers usage errors with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [[...cluster], /required option '--baseline <source>'/],
      [['--baseline', 'deploy/'], /name them \(paths, or - for stdin\) or use --cluster/],
      [['--baseline', 'no-such-dir/', ...cluster], /--baseline: no-such-dir\/: no such file or directory/],
      [['--baseline', '-', '-'], /stdin can hold the baseline or the live objects, not both/],
      [['--baseline', 'git:no-such-ref:deploy', ...cluster], /--baseline: "no-such-ref" is not a commit/],
      [['--baseline', 'deploy/', ...cluster, '--db', 'missing.db'], /--db: missing\.db: no such ledger/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await drift(args, { stdin: '' });
      assert.equal(code, EXIT.usage, `${args.join(' ')}: ${err}`);
      assert.match(err, message);
    }
  });
});
