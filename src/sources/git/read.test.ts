/**
 * Baselines from git history: a temporary repository made here (git init, two commits, an
 * uncommitted edit), read as `git:HEAD~1:deploy` without touching the work tree.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitSourceError, parseGitSource, readGitSource } from './read.ts';

const ingress = (host: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
    - host: ${host}
`;

describe('git baselines', () => {
  const repo = mkdtempSync(join(tmpdir(), 'gatewatch-git-baseline-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  before(() => {
    git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'deploy', 'nested'), { recursive: true });
    mkdirSync(join(repo, 'other'));
    writeFileSync(join(repo, 'deploy', 'ingress.yaml'), ingress('v1.example.com'));
    writeFileSync(
      join(repo, 'deploy', 'nested', 'cm.yml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: b }\n',
    );
    writeFileSync(join(repo, 'deploy', 'README.md'), '# not a manifest\n');
    writeFileSync(join(repo, 'other', 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: x }\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    writeFileSync(join(repo, 'deploy', 'ingress.yaml'), ingress('v2.example.com'));
    git('commit', '-q', '-am', 'second');
    // Uncommitted: neither HEAD nor HEAD~1 holds it.
    writeFileSync(join(repo, 'deploy', 'ingress.yaml'), ingress('uncommitted.example.com'));
  });
  after(() => {
    rmSync(repo, { recursive: true, force: true });
  });

  it('parses git:REF and git:REF:PATH', () => {
    assert.deepEqual(parseGitSource('git:HEAD~1:deploy'), { ref: 'HEAD~1', path: 'deploy' });
    assert.deepEqual(parseGitSource('git:origin/main'), { ref: 'origin/main', path: undefined });
    assert.equal(parseGitSource('deploy/'), undefined);
    assert.throws(() => parseGitSource('git:'), GitSourceError);
    assert.throws(() => parseGitSource('git:--output=x'), GitSourceError);
  });

  it('reads the manifests under PATH as the commit holds them, with the default namespace', async () => {
    const index = statSync(join(repo, '.git', 'index')).mtimeMs;
    const input = await readGitSource({ ref: 'HEAD~1', path: 'deploy' }, { cwd: repo });
    assert.deepEqual(
      input.resources.map(
        (r) => `${r.kind} ${r.namespace}/${r.name} ${r.origin?.file ?? ''}:${String(r.origin?.line)}`,
      ),
      [
        'Ingress shop/web git:HEAD~1:deploy/ingress.yaml:1',
        'ConfigMap default/settings git:HEAD~1:deploy/nested/cm.yml:1',
      ],
    );
    assert.deepEqual(
      (input.resources[0]?.body.spec as { rules: { host: string }[] }).rules[0]?.host,
      'v1.example.com',
    );
    assert.deepEqual(input.problems, []);
    // The work tree and the index are as they were.
    assert.match(readFileSync(join(repo, 'deploy', 'ingress.yaml'), 'utf8'), /uncommitted\.example\.com/);
    assert.equal(statSync(join(repo, '.git', 'index')).mtimeMs, index);
  });

  it('reads the whole tree of HEAD without a PATH', async () => {
    const input = await readGitSource(
      { ref: 'HEAD', path: undefined },
      { cwd: repo, defaultNamespace: 'shop' },
    );
    assert.deepEqual(input.resources.map((r) => `${r.kind} ${r.namespace}/${r.name}`).sort(), [
      'ConfigMap shop/settings',
      'Ingress shop/web',
      'Service shop/x',
    ]);
    const web = input.resources.find((r) => r.kind === 'Ingress');
    assert.equal((web?.body.spec as { rules: { host: string }[] }).rules[0]?.host, 'v2.example.com');
  });

  it('refuses a ref that is not a commit, and a directory outside a repository', async () => {
    await assert.rejects(
      readGitSource({ ref: 'no-such-branch', path: undefined }, { cwd: repo }),
      GitSourceError,
    );
    const outside = mkdtempSync(join(tmpdir(), 'gatewatch-not-a-repo-'));
    try {
      await assert.rejects(readGitSource({ ref: 'HEAD', path: undefined }, { cwd: outside }), GitSourceError);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
