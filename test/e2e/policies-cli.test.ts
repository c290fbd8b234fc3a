/**
 * CEL policies end to end through `main(argv, io)`: a `.gatewatch.yaml` policy shows up in every
 * output format exactly like a built-in rule (schemas validated), a suppression annotation naming its
 * id applies, a ValidatingAdmissionPolicy in the input is evaluated, and a policy that does not compile
 * stops the run with exit 2 naming the policy. Every built-in rule but admission-policy-violation is off.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, main } from '../../src/cli/main.ts';
import { RULES } from '../../src/rules/index.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { describeErrors, sarifValidator, scanResultValidator } from '../helpers/schemas.ts';
import { checkWellFormedXml } from '../helpers/xml.ts';

const ingress = (name: string, host: string, annotations = ''): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
${annotations}spec:
  ingressClassName: nginx
  rules:
    - host: ${host}
`;

const POLICY = `policies:
  - id: corp-hosts-only
    severity: error
    description: Ingress hosts are under corp.example.
    match: { kinds: [Ingress] }
    validations:
      - expression: "object.spec.rules.all(r, r.host.endsWith('.corp.example'))"
        message: "hosts must be under corp.example"
`;

const ADMISSION = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-test-hosts }
spec:
  matchConstraints:
    resourceRules:
      - { apiGroups: [networking.k8s.io], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [ingresses] }
  validations:
    - expression: "!object.spec.rules.exists(r, r.host.startsWith('test.'))"
      messageExpression: "'test hosts are not allowed: ' + object.metadata.name"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-test-hosts-warn }
spec:
  policyName: no-test-hosts
  validationActions: [Warn]
`;

const FILES: Record<string, string> = {
  'fire.yaml': ingress('web', 'web.example.com'),
  'clean.yaml': ingress('web', 'web.corp.example'),
  'suppressed.yaml': ingress(
    'web',
    'web.example.com',
    '  annotations:\n    gatewatch.dev/ignore.corp-hosts-only: "legacy host, moves to corp.example in Q3"\n',
  ),
  'admission.yaml': `${ADMISSION}---\n${ingress('test', 'test.corp.example')}`,
};

let dir = '';
let config = '';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo({ cwd: dir });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatewatch-policies-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const off = RULES.filter((rule) => rule.id !== 'admission-policy-violation').map(
    (rule) => `  ${rule.id}: off`,
  );
  config = `rules:\n${off.join('\n')}\n${POLICY}`;
  writeFileSync(join(dir, '.gatewatch.yaml'), config);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface JsonFinding {
  ruleId: string;
  severity: string;
  category: string;
  messageId: string;
  message: string;
  path: string;
  location?: { file: string; line: number };
}

describe('gatewatch scan with CEL policies', () => {
  it('text: the policy finding reads like a built-in one, and fails the run', async () => {
    const { code, out } = await run(['scan', 'fire.yaml']);
    assert.equal(code, EXIT.findings);
    assert.match(out, /fire\.yaml:4 +error +hosts must be under corp\.example +corp-hosts-only/);
    assert.equal((await run(['scan', 'clean.yaml'])).code, EXIT.ok);
  });

  it('JSON: a finding with the policy id, category policy and its message; valid against the schema', async () => {
    const { code, out } = await run(['scan', 'fire.yaml', '-o', 'json']);
    assert.equal(code, EXIT.findings);
    const result = JSON.parse(out) as { findings: JsonFinding[] };
    const validate = scanResultValidator();
    assert.ok(validate(result), describeErrors(validate));
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.severity, f.category, f.messageId, f.message, f.path]),
      [
        [
          'corp-hosts-only',
          'error',
          'policy',
          'validations[0]',
          'hosts must be under corp.example',
          'metadata.name',
        ],
      ],
    );
  });

  it('SARIF: the policy is a rule of the run with its docs; valid against SARIF 2.1.0', async () => {
    const { out } = await run(['scan', 'fire.yaml', '-o', 'sarif']);
    const sarif = JSON.parse(out) as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } };
        results: { ruleId: string; ruleIndex: number; level: string; message: { text: string } }[];
      }[];
    };
    const validate = sarifValidator();
    assert.ok(validate(sarif), describeErrors(validate));
    const [run0] = sarif.runs;
    assert.ok(run0);
    const result = run0.results.find((r) => r.ruleId === 'corp-hosts-only');
    assert.ok(result);
    assert.equal(result.level, 'error');
    assert.equal(result.message.text, 'hosts must be under corp.example');
    const rule = run0.tool.driver.rules[result.ruleIndex];
    assert.equal(rule?.id, 'corp-hosts-only');
    assert.equal(rule.shortDescription.text, 'Ingress hosts are under corp.example.');
    assert.match(rule.helpUri, /docs\/policies\.md$/);
  });

  it('markdown and JUnit carry it too', async () => {
    const markdown = (await run(['scan', 'fire.yaml', '-o', 'markdown'])).out;
    assert.match(
      markdown,
      /\[corp-hosts-only\]\([^)]*docs\/policies\.md\) \| hosts must be under corp\.example/,
    );
    const junit = (await run(['scan', 'fire.yaml', '-o', 'junit'])).out;
    checkWellFormedXml(junit);
    assert.match(junit, /corp-hosts-only/);
    assert.match(junit, /hosts must be under corp\.example/);
  });

  it('a suppression annotation naming the policy id suppresses its finding', async () => {
    const { code, out } = await run(['scan', 'suppressed.yaml', '-o', 'json']);
    assert.equal(code, EXIT.ok);
    const result = JSON.parse(out) as { findings: JsonFinding[]; suppressed: { ruleId: string }[] };
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.suppressed.map((f) => f.ruleId),
      ['corp-hosts-only'],
    );
  });

  it('a ValidatingAdmissionPolicy in the input is evaluated with its binding (Warn → warning)', async () => {
    const { code, out } = await run(['scan', 'admission.yaml', '-o', 'json']);
    assert.equal(code, EXIT.ok);
    const result = JSON.parse(out) as { findings: JsonFinding[] };
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.severity, f.message]),
      [
        [
          'admission-policy-violation',
          'warning',
          'test hosts are not allowed: test (ValidatingAdmissionPolicy no-test-hosts, binding no-test-hosts-warn)',
        ],
      ],
    );
  });

  it('a policy that does not compile: exit 2, naming the policy and the expression', async () => {
    writeFileSync(
      join(dir, 'broken.gatewatch.yaml'),
      config.replace("r.host.endsWith('.corp.example'))", "r.host.endsWith('.corp.example')"),
    );
    const { code, err, out } = await run(['scan', 'fire.yaml', '--config', 'broken.gatewatch.yaml']);
    assert.equal(code, EXIT.usage);
    assert.equal(out, '');
    assert.match(
      err,
      /policy corp-hosts-only: validations\[0\]\.expression does not compile: .*\(expression: object\.spec\.rules\.all\(r, r\.host\.endsWith\('\.corp\.example'\)\)/,
    );
  });

  it('a policy id taken by a built-in rule is a config error', async () => {
    writeFileSync(
      join(dir, 'taken.gatewatch.yaml'),
      config.replace('id: corp-hosts-only', 'id: ingress-tls-missing'),
    );
    const { code, err } = await run(['scan', 'fire.yaml', '--config', 'taken.gatewatch.yaml']);
    assert.equal(code, EXIT.usage);
    assert.match(err, /policy ingress-tls-missing: the id is a built-in rule's/);
  });
});
