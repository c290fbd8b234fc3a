/**
 * The README's main command on the bundled examples, checked as a user would: exit 1, findings with
 * file:line, and every machine-readable format valid against its schema.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { describeErrors, sarifValidator, scanResultValidator } from '../helpers/schemas.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The example certificates are valid 2025-01-01 to 2036-01-01; pin the clock inside that window. */
const NOW = '2026-06-01T00:00:00Z';

async function scan(...args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(['scan', 'examples/', '--now', NOW, ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('gatewatch scan examples/', () => {
  it('prints findings with file:line and exits 1', async () => {
    const { code, out, err } = await scan();
    assert.equal(code, 1, err);
    assert.match(out, /^ {2}examples\/[\w/-]+\.yaml:\d+ {2}error /m);
    assert.match(out, /findings? \(\d+ errors?/);
    assert.equal(err, '');
  });

  it('shows each defect the examples README promises', async () => {
    const { out } = await scan('-o', 'json');
    const ids = new Set(
      (JSON.parse(out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId),
    );
    for (const id of [
      'nginx-snippet-annotation',
      'ingress-tls-missing',
      'ingress-host-wildcard',
      'ingress-host-path-conflict',
      'ingress-path-sensitive-exposed',
      'nginx-allowlist-open',
      'nginx-cross-namespace-secret',
      'ingress-tls-cert-host-mismatch',
      'controller-ingress-nginx-vulnerable',
      'controller-admission-webhook-exposed',
      'gateway-listener-open-hostname',
      'route-backend-cross-namespace-ungranted',
    ]) {
      assert.ok(ids.has(id), `${id} fires on examples/`);
    }
  });

  it('-o json validates against schemas/scan-result.v1.schema.json', async () => {
    const { out } = await scan('-o', 'json');
    const validate = scanResultValidator();
    assert.ok(validate(JSON.parse(out)), describeErrors(validate));
  });

  it('-o sarif validates against the official SARIF 2.1.0 schema, every result with a file and line', async () => {
    const { out } = await scan('-o', 'sarif');
    const sarif = JSON.parse(out) as {
      runs: {
        results: {
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    assert.ok(validate(sarif), describeErrors(validate));
    const results = sarif.runs[0]?.results ?? [];
    assert.ok(results.length > 10);
    for (const result of results) {
      const location = result.locations[0]?.physicalLocation;
      assert.match(location?.artifactLocation.uri ?? '', /^examples\//);
      assert.ok((location?.region.startLine ?? 0) >= 1);
    }
  });

  it('is deterministic', async () => {
    assert.equal((await scan('-o', 'json')).out, (await scan('-o', 'json')).out);
  });
});
