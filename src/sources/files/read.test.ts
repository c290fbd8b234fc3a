import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from './read.ts';
import { isSecretResource } from '../../model/secret.ts';

const INGRESS = (name: string, namespace?: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  rules:
    - host: ${name}.example.com
`;

describe('readInputs', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-read-'));
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'a.yaml'), `# leading comment\n${INGRESS('a')}---\n${INGRESS('b', 'shop')}`);
    writeFileSync(join(dir, 'nested', 'deeper', 'c.yml'), INGRESS('c'));
    writeFileSync(
      join(dir, 'nested', 'list.json'),
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's1' } }],
        },
        null,
        2,
      ),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    writeFileSync(
      join(dir, 'broken.yaml'),
      `${INGRESS('ok')}---\nkind: [\n---\napiVersion: v1\nmetadata: { name: nokind }\n---\n${INGRESS('ok')}`,
    );
    writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads directories recursively, only .yaml/.yml/.json, keeping file and line', async () => {
    const input = await readInputs([dir], { cwd: dir });
    const names = input.resources
      .map((r) => `${r.kind}/${r.namespace}/${r.name}@${r.origin?.file}:${r.origin?.line}`)
      .sort();
    assert.deepEqual(names, [
      'Ingress/default/a@a.yaml:2',
      'Ingress/default/c@nested/deeper/c.yml:1',
      'Ingress/default/ok@broken.yaml:1',
      'Ingress/shop/b@a.yaml:10',
      'Service/default/s1@nested/list.json:5',
    ]);
  });

  it('reports every problem with file and line and still reads the good documents', async () => {
    const input = await readInputs([dir], { cwd: dir });
    const problems = input.problems.map((p) => `${p.id} ${p.file}:${p.line}`).sort();
    assert.deepEqual(problems, [
      'input-duplicate-object broken.yaml:14',
      'input-parse-error binary.yaml:1',
      'input-parse-error broken.yaml:11',
      'input-parse-error broken.yaml:9',
    ]);
    assert.ok(input.anythingRead);
  });

  it('locates fields lazily', async () => {
    const input = await readInputs([join(dir, 'a.yaml')], { cwd: dir });
    const b = input.resources.find((r) => r.name === 'b');
    assert.equal(b?.origin?.locate('spec.rules[0].host'), 17);
    assert.equal(b.origin.locate('spec.tls[0]'), 15, 'a missing field points at its nearest existing parent');
  });

  it('reads stdin with Helm # Source: comments', async () => {
    const helm = `---\n# Source: shop/templates/ingress.yaml\n${INGRESS('web')}`;
    const input = await readInputs(['-'], { readStdin: () => Promise.resolve(helm) });
    assert.equal(input.resources[0]?.helmSource, 'shop/templates/ingress.yaml');
    const [web] = input.resources;
    assert.equal(web.origin?.file, '<stdin>');
    assert.equal(web.origin.line, 3);
  });

  it('refuses alias bombs instead of expanding them', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    const input = await readInputs(['-'], {
      readStdin: () =>
        Promise.resolve(
          `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${bomb.join('\n  ')}\n`,
        ),
    });
    assert.equal(input.resources.length, 0);
    const [problem] = input.problems;
    assert.equal(problem?.id, 'input-parse-error');
    assert.match(problem.message, /alias/);
  });

  it('reports a missing path and nothing read', async () => {
    const input = await readInputs([join(dir, 'nope.yaml')], { cwd: dir });
    const [problem] = input.problems;
    assert.equal(problem?.id, 'input-parse-error');
    assert.match(problem.message, /no such file/);
    assert.equal(input.anythingRead, false);
  });

  it('reduces Secrets to certificate facts and drops every value', async () => {
    const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\ndata:\n  password: c3VwZXJzZWNyZXQ=\nstringData:\n  token: abc\n`;
    const input = await readInputs(['-'], { readStdin: () => Promise.resolve(secret) });
    const resource = input.resources[0];
    assert.ok(resource && isSecretResource(resource));
    assert.deepEqual(resource.dataKeys, ['password', 'token']);
    assert.equal(JSON.stringify(resource).includes('c3VwZXJzZWNyZXQ='), false);
    assert.equal(JSON.stringify(resource).includes('abc'), false);
  });

  it('counts unknown kinds and skips them', async () => {
    const input = await readInputs(['-'], {
      readStdin: () =>
        Promise.resolve(
          'apiVersion: v1\nkind: Banana\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Banana\nmetadata: {name: y}\n',
        ),
    });
    assert.equal(input.skippedKinds.get('Banana'), 2);
    assert.deepEqual(
      input.problems.map((p) => p.id),
      ['input-unknown-kind', 'input-unknown-kind'],
    );
  });
});

describe('Secret values in kubectl apply annotations', () => {
  it('are dropped with the rest of the values', async () => {
    const secret = `apiVersion: v1
kind: Secret
metadata:
  name: s
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","data":{"password":"c3VwZXJzZWNyZXQ="},"kind":"Secret"}'
    team: shop
type: Opaque
data:
  password: c3VwZXJzZWNyZXQ=
`;
    const input = await readInputs(['-'], { readStdin: () => Promise.resolve(secret) });
    assert.equal(JSON.stringify(input.resources).includes('c3VwZXJzZWNyZXQ='), false);
    assert.deepEqual((input.resources[0]?.body.metadata as { annotations: unknown }).annotations, {
      team: 'shop',
    });
  });
});
