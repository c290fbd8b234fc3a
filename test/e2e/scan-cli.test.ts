/**
 * The CLI end to end, through `main(argv, io)` with an in-memory Io: exit codes, formats, files, stdin,
 * baselines, colour and usage errors (spec/cli.md). Only ingress-tls-secret-missing and the engine's
 * meta rules are switched on (by the .gatewatch.yaml written below), so the expectations do not move
 * when other rules are added. Every path is relative to io.cwd (a temporary directory), never to the
 * process's working directory: the suite itself checks that the CLI honours io.cwd.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, main } from '../../src/cli/main.ts';
import { RULES } from '../../src/rules/index.ts';
import { fakeIo, type FakeIo } from '../helpers/fake-io.ts';
import { describeErrors, sarifValidator, scanResultValidator } from '../helpers/schemas.ts';
import { checkWellFormedXml } from '../helpers/xml.ts';

const KEPT = new Set(['ingress-tls-secret-missing', 'suppression-reason-missing', 'suppression-unused']);

const ingress = (name: string, secret: string, annotations = ''): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
${annotations}spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: ${secret}
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: { name: web, port: { number: 80 } }
`;

const tlsSecret = (name: string): string => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: shop
type: kubernetes.io/tls
data: {}
`;

const FILES: Record<string, string> = {
  'clean.yaml': `${ingress('web', 'web-tls')}---\n${tlsSecret('web-tls')}`,
  'fire.yaml': `${ingress('web', 'missing-tls')}---\n${tlsSecret('other-tls')}`,
  // An empty suppression reason: a warning (suppression-reason-missing); the Secret exists, so nothing else.
  'warn.yaml': `${ingress('web', 'web-tls', '  annotations:\n    gatewatch.dev/ignore.ingress-tls-secret-missing: ""\n')}---\n${tlsSecret('web-tls')}`,
  'broken.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: [unclosed\n',
};

const HELM = `---
# Source: shop/templates/secret.yaml
${tlsSecret('other-tls')}---
# Source: shop/templates/ingress.yaml
${ingress('web', 'web-tls')}`;

let dir = '';

function io(
  options: { env?: NodeJS.ProcessEnv; isTty?: boolean; stdin?: string; cwd?: string } = {},
): FakeIo {
  return fakeIo({ cwd: dir, ...options });
}

async function run(argv: string[], fake: FakeIo = io()): Promise<{ code: number; out: string; err: string }> {
  const code = await main(argv, fake);
  return { code, out: fake.out(), err: fake.err() };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed JSON.parse for tests
function parsed<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}

interface JsonResult {
  findings: {
    ruleId: string;
    messageId: string;
    location?: { file: string; line: number; helmSource?: string };
  }[];
  suppressed: { ruleId: string; suppression: { kind: string } }[];
  problems: { id: string; file: string }[];
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatewatch-e2e-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const off = RULES.filter((rule) => !KEPT.has(rule.id)).map((rule) => `  ${rule.id}: off`);
  writeFileSync(join(dir, '.gatewatch.yaml'), `rules:\n${off.join('\n')}\n`);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('gatewatch scan: exit codes', () => {
  it('0 for clean input', async () => {
    const { code, out } = await run(['scan', 'clean.yaml']);
    assert.equal(code, EXIT.ok);
    assert.match(out, /✔ 0 findings/);
  });

  it('1 for findings at or above --fail-on (default error)', async () => {
    const { code, out } = await run(['scan', 'fire.yaml']);
    assert.equal(code, EXIT.findings);
    assert.match(
      out,
      /fire\.yaml:10 +error +TLS Secret "missing-tls" not found in namespace "shop"\. +ingress-tls-secret-missing/,
    );
  });

  it('--fail-on none never fails; --fail-on warning fails on warnings that error lets pass', async () => {
    assert.equal((await run(['scan', 'fire.yaml', '--fail-on', 'none'])).code, EXIT.ok);
    assert.equal((await run(['scan', 'warn.yaml'])).code, EXIT.ok);
    const { code, out } = await run(['scan', 'warn.yaml', '--fail-on', 'warning']);
    assert.equal(code, EXIT.findings);
    assert.match(out, /suppression-reason-missing/);
  });

  it('2 when nothing could be read (a path that does not exist)', async () => {
    const { code, err, out } = await run(['scan', 'no-such-dir']);
    assert.equal(code, EXIT.usage);
    assert.match(err, /nothing could be read/);
    assert.match(out, /no-such-dir:0 +cannot read: no such file or directory/);
  });

  it('3 when some input could not be read and nothing fails; 1 when something does', async () => {
    const partial = await run(['scan', 'clean.yaml', 'broken.yaml']);
    assert.equal(partial.code, EXIT.partial);
    assert.match(partial.out, /broken\.yaml:\d+ .*input-parse-error/);
    assert.equal((await run(['scan', 'fire.yaml', 'broken.yaml'])).code, EXIT.findings);
  });
});

describe('gatewatch scan: outputs', () => {
  it('-o json is the published contract', async () => {
    const { code, out } = await run(['scan', 'fire.yaml', 'broken.yaml', '-o', 'json']);
    assert.equal(code, EXIT.findings);
    const validate = scanResultValidator();
    assert.ok(validate(parsed(out)), describeErrors(validate));
    const result = parsed<JsonResult>(out);
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.messageId, f.location?.file, f.location?.line]),
      [['ingress-tls-secret-missing', 'missing', 'fire.yaml', 10]],
    );
    assert.deepEqual(
      result.problems.map((p) => [p.id, p.file]),
      [['input-parse-error', 'broken.yaml']],
    );
  });

  it('-o sarif, junit and markdown', async () => {
    const sarif = await run(['scan', 'fire.yaml', '-o', 'sarif']);
    const validate = sarifValidator();
    assert.ok(validate(parsed(sarif.out)), describeErrors(validate));
    const junit = await run(['scan', 'fire.yaml', '-o', 'junit']);
    assert.deepEqual(checkWellFormedXml(junit.out), []);
    assert.match(junit.out, /<failure message="TLS Secret &quot;missing-tls&quot;/);
    const markdown = await run(['scan', 'fire.yaml', '-o', 'markdown']);
    assert.match(markdown.out, /^## gatewatch scan\n\n❌ \*\*1 finding\*\*/);
    for (const result of [sarif, junit, markdown]) assert.equal(result.code, EXIT.findings);
  });

  it('--output-file writes the file (relative to the working directory), not stdout', async () => {
    const { code, out } = await run(['scan', 'fire.yaml', '-o', 'json', '--output-file', 'result.json']);
    assert.equal(code, EXIT.findings);
    assert.equal(out, '');
    const written = parsed<JsonResult>(readFileSync(join(dir, 'result.json'), 'utf8'));
    assert.equal(written.findings[0]?.ruleId, 'ingress-tls-secret-missing');
    const bad = await run(['scan', 'fire.yaml', '--output-file', 'no-such-dir/out.txt']);
    assert.equal(bad.code, EXIT.usage);
    assert.match(bad.err, /no-such-dir\/out\.txt: cannot write: no such file or directory/);
  });

  it("reads `helm template` output from stdin, keeping each document's # Source", async () => {
    const { code, out } = await run(['scan', '-', '-o', 'json'], io({ stdin: HELM }));
    assert.equal(code, EXIT.findings);
    const [finding] = parsed<JsonResult>(out).findings;
    assert.deepEqual(finding?.location, {
      file: '<stdin>',
      line: 21,
      helmSource: 'shop/templates/ingress.yaml',
    });
    const text = await run(['scan', '-'], io({ stdin: HELM }));
    assert.match(text.out, /Ingress shop\/web +\(shop\/templates\/ingress\.yaml\)/);
  });
});

describe('gatewatch scan: baselines', () => {
  it('--write-baseline then --baseline: accepted findings pass; fixed ones are reported stale', async () => {
    const written = await run(['scan', 'fire.yaml', '--write-baseline', 'baseline.json']);
    assert.equal(written.code, EXIT.ok, 'writing a baseline accepts the current findings');
    const baseline = parsed<{ schemaVersion: number; findings: { ruleId: string }[] }>(
      readFileSync(join(dir, 'baseline.json'), 'utf8'),
    );
    assert.equal(baseline.schemaVersion, 1);
    assert.deepEqual(
      baseline.findings.map((f) => f.ruleId),
      ['ingress-tls-secret-missing'],
    );

    const again = await run(['scan', 'fire.yaml', '--baseline', 'baseline.json', '-o', 'json']);
    assert.equal(again.code, EXIT.ok);
    const result = parsed<JsonResult>(again.out);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.suppressed.map((f) => [f.ruleId, f.suppression.kind]),
      [['ingress-tls-secret-missing', 'baseline']],
    );

    const fixed = await run(['scan', 'clean.yaml', '--baseline', 'baseline.json', '-o', 'json']);
    assert.equal(fixed.code, EXIT.ok, 'a stale entry is info');
    assert.deepEqual(
      parsed<JsonResult>(fixed.out).findings.map((f) => [f.ruleId, f.messageId]),
      [['suppression-unused', 'baseline']],
    );
  });

  it('a baseline that is not one is a usage error', async () => {
    const { code, err } = await run(['scan', 'fire.yaml', '--baseline', 'clean.yaml']);
    assert.equal(code, EXIT.usage);
    assert.match(err, /clean\.yaml: cannot read baseline/);
  });
});

describe('gatewatch scan: colour', () => {
  // eslint-disable-next-line no-control-regex -- looking for escape codes is the point
  const ESC = /\u001b\[/;

  it('none when piped, with NO_COLOR, or with --no-color (before or after the command)', async () => {
    assert.doesNotMatch((await run(['scan', 'fire.yaml'])).out, ESC);
    assert.doesNotMatch(
      (await run(['scan', 'fire.yaml'], io({ isTty: true, env: { NO_COLOR: '1' } }))).out,
      ESC,
    );
    assert.doesNotMatch((await run(['scan', 'fire.yaml', '--no-color'], io({ isTty: true }))).out, ESC);
    assert.doesNotMatch((await run(['--no-color', 'scan', 'fire.yaml'], io({ isTty: true }))).out, ESC);
  });

  it('on a terminal, and with FORCE_COLOR even when piped; never in JSON or in a file', async () => {
    assert.match((await run(['scan', 'fire.yaml'], io({ isTty: true }))).out, ESC);
    assert.match((await run(['scan', 'fire.yaml'], io({ env: { FORCE_COLOR: '1' } }))).out, ESC);
    assert.doesNotMatch(
      (await run(['scan', 'fire.yaml', '-o', 'json'], io({ env: { FORCE_COLOR: '1' } }))).out,
      ESC,
    );
    await run(
      ['scan', 'fire.yaml', '--output-file', 'coloured.txt'],
      io({ isTty: true, env: { FORCE_COLOR: '1' } }),
    );
    assert.doesNotMatch(readFileSync(join(dir, 'coloured.txt'), 'utf8'), ESC);
  });
});

describe('gatewatch scan: usage errors', () => {
  it('an unknown rule id in --enable is exit 2 with a clear message', async () => {
    const { code, err } = await run(['scan', 'fire.yaml', '--enable', 'no-such-rule']);
    assert.equal(code, EXIT.usage);
    assert.match(err, /unknown rule id: no-such-rule \(see `gatewatch rules`\)/);
  });

  it('--enable takes comma-separated ids and does not swallow the paths after it', async () => {
    const { code, out } = await run([
      'scan',
      '--enable',
      'ingress-tls-secret-missing,suppression-unused',
      'fire.yaml',
    ]);
    assert.equal(code, EXIT.findings);
    assert.match(out, /missing-tls/);
  });

  it('an invalid .gatewatch.yaml is exit 2 naming the file and line', async () => {
    const bad = join(dir, 'bad-config');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, '.gatewatch.yaml'), 'preset: recommended\nfailOn: sometimes\n');
    writeFileSync(join(bad, 'x.yaml'), FILES['clean.yaml'] ?? '');
    const schema = await run(['scan', 'x.yaml'], io({ cwd: bad }));
    assert.equal(schema.code, EXIT.usage);
    assert.match(schema.err, /bad-config\/\.gatewatch\.yaml:2: invalid config: .*failOn/);

    writeFileSync(join(bad, 'syntax.yaml'), 'rules:\n  a: [unclosed\n');
    const syntax = await run(['scan', 'x.yaml', '--config', 'syntax.yaml'], io({ cwd: bad }));
    assert.equal(syntax.code, EXIT.usage);
    assert.match(syntax.err, /syntax\.yaml:\d+: invalid YAML/);
  });

  it('an unknown output format or no path is exit 2', async () => {
    assert.equal((await run(['scan', 'fire.yaml', '-o', 'yaml'])).code, EXIT.usage);
    const none = await run(['scan']);
    assert.equal(none.code, EXIT.usage);
    assert.match(none.err, /scan needs a path/);
  });
});

describe('gatewatch rules', () => {
  it('lists the catalogue', async () => {
    const { code, out } = await run(['rules']);
    assert.equal(code, EXIT.ok);
    assert.match(out, /^ingress-tls-secret-missing +error /m);
    assert.match(out, new RegExp(`\\n${RULES.length} rules\\.`));
    const json = await run(['rules', '-o', 'json']);
    assert.ok(parsed<{ id: string }[]>(json.out).some((r) => r.id === 'ingress-tls-secret-missing'));
  });

  it('explains one rule', async () => {
    const { code, out } = await run(['rules', 'ingress-tls-secret-missing']);
    assert.equal(code, EXIT.ok);
    assert.match(out, /^ingress-tls-secret-missing {2}\(error, tls, recommended\)/);
    assert.match(out, /Remediation: Create the kubernetes\.io\/tls Secret/);
    assert.match(out, /Needs: Secret/);
    assert.match(out, /https:\/\/kubernetes\.io\/docs\/concepts\/services-networking\/ingress\/#tls/);
  });

  it('an unknown id is exit 2', async () => {
    const { code, err } = await run(['rules', 'no-such-rule']);
    assert.equal(code, EXIT.usage);
    assert.match(err, /no rule "no-such-rule"/);
  });
});
