/** `gatewatch report`: flags, output, exit codes (the page itself: src/report/html, report-browser.test.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { fakeIo } from '../helpers/fake-io.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const NOW = '2026-06-01T00:00:00Z';

async function report(args: string[], stdin?: string) {
  const io = fakeIo({ cwd: ROOT, ...(stdin === undefined ? {} : { stdin }) });
  const code = await main(['report', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('gatewatch report', () => {
  it('writes the page to stdout; exits 1 on errors as every command does, 0 with --fail-on none', async () => {
    const { code, out, err } = await report(['examples/', '-o', 'html', '--now', NOW]);
    assert.equal(code, 1, err);
    assert.equal((await report(['examples/', '-o', 'html', '--now', NOW, '--fail-on', 'none'])).code, 0);
    assert.ok(out.startsWith('<!doctype html>'));
    assert.ok(out.includes('Ingress review of <span class="mono">examples/</span>'));
    assert.ok(out.includes('2026-06-01 00:00 UTC'));
  });

  it('writes --output-file relative to the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatewatch-report-cli-'));
    try {
      const file = join(dir, 'report.html');
      const { code, out } = await report([
        '-f',
        'examples/',
        '-o',
        'html',
        '--output-file',
        file,
        '--now',
        NOW,
      ]);
      assert.equal(code, 1, 'written, with error findings');
      assert.equal(out, '');
      assert.match(readFileSync(file, 'utf8'), /<h2 id="routes-title">/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads stdin', async () => {
    const manifest = readFileSync(join(ROOT, 'examples/default/ingress.yaml'), 'utf8');
    const { code, out } = await report(['-', '-o', 'html', '--now', NOW], manifest);
    assert.equal(code, 0);
    assert.ok(out.includes('Ingress review of <span class="mono">stdin</span>'));
    assert.ok(out.includes('default/landing'));
  });

  it('exits 1 with --fail-on when findings at or above it exist', async () => {
    const { code } = await report(['examples/', '-o', 'html', '--now', NOW, '--fail-on', 'error']);
    assert.equal(code, 1);
  });

  it('refuses other formats, no input, and cluster flags without --cluster (exit 2)', async () => {
    for (const args of [
      ['examples/', '-o', 'json'],
      ['-o', 'html'],
      ['examples/', '-o', 'html', '--context', 'prod'],
      ['examples/', '-o', 'html', '--now', 'yesterday'],
    ]) {
      const { code, err } = await report(args);
      assert.equal(code, 2, args.join(' '));
      assert.ok(err.length > 0);
    }
  });

  it('says when nothing could be read (exit 2)', async () => {
    const { code, err } = await report(['no/such/dir', '-o', 'html']);
    assert.equal(code, 2);
    assert.match(err, /nothing could be read/);
  });
});
