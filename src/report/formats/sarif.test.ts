import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprint } from '../../engine/finding.ts';
import { emptyReport, fullReport, hostileReport } from '../../../test/helpers/reports.ts';
import { describeErrors, sarifValidator } from '../../../test/helpers/schemas.ts';
import { FINGERPRINT_KEY, NOT_CHECKED_ID, formatSarif, positional } from './sarif.ts';

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { id?: string; arguments?: string[]; text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number };
    };
    logicalLocations: { kind: string; name: string; fullyQualifiedName: string }[];
    properties?: { fallback?: string };
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification: string; status: string }[];
}
interface SarifRule {
  id: string;
  name: string;
  helpUri: string;
  shortDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  messageStrings: Record<string, { text: string }>;
  properties: { category: string; tags: string[] };
}
interface SarifNotification {
  level: string;
  message: { text: string };
  descriptor: { id: string };
  associatedRule?: { id: string; index?: number };
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
    results: SarifResult[];
  }[];
}

function sarif(report = fullReport()): SarifLog {
  return JSON.parse(formatSarif(report, { color: false, verbose: false })) as SarifLog;
}

function run(log: SarifLog): SarifLog['runs'][number] {
  const [first] = log.runs;
  assert.ok(first, 'one run');
  return first;
}

function resultFor(log: SarifLog, name: string): SarifResult {
  const found = run(log).results.find((r) => r.locations[0]?.logicalLocations[0]?.name === name);
  assert.ok(found, `a result for ${name}`);
  return found;
}

describe('sarif format', () => {
  const validate = sarifValidator();

  for (const [name, report] of [
    ['empty', emptyReport()],
    ['full', fullReport()],
    ['hostile', hostileReport()],
  ] as const) {
    it(`is valid against the official SARIF 2.1.0 schema (${name} report)`, () => {
      assert.ok(validate(sarif(report)), describeErrors(validate));
    });
  }

  it('the schema check has teeth: a result without a message is rejected', () => {
    const log = sarif();
    delete (run(log).results[0] as Partial<SarifResult>).message;
    assert.equal(validate(log), false);
  });

  it('describes the driver and every rule that ran, with docs and message strings', () => {
    const { driver } = run(sarif()).tool;
    assert.equal(driver.name, 'gatewatch');
    assert.equal(driver.version, '0.0.0-test');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      ['ingress-tls-secret-missing', 'test-braces', 'suppression-unused'],
    );
    const tls = driver.rules[0];
    assert.ok(tls);
    assert.equal(tls.name, 'IngressTlsSecretMissing');
    assert.match(tls.shortDescription.text, /TLS entry names a Secret/);
    assert.match(tls.help.markdown, /\*\*Remediation:\*\*/);
    assert.match(
      tls.help.text,
      /https:\/\/kubernetes\.io\/docs\/concepts\/services-networking\/ingress\/#tls/,
    );
    assert.match(tls.helpUri, /docs\/rules\/ingress-tls-secret-missing\.md$/);
    assert.equal(tls.defaultConfiguration.level, 'error');
    assert.deepEqual(tls.messageStrings.missing, { text: 'TLS Secret "{0}" not found in namespace "{1}".' });
    assert.equal(tls.properties.category, 'tls');
    assert.ok(tls.properties.tags.includes('tls'));
    // Repository-relative references become absolute URLs.
    assert.match(driver.rules[1]?.help.text ?? '', /https:\/\/\S+\/docs\/suppressions\.md/);
  });

  it('turns {{name}} templates into positional SARIF strings and doubles literal braces', () => {
    assert.deepEqual(positional('Value {{value}} in {literal} braces; again {{ value }}, then {{other}}.'), {
      text: 'Value {0} in {{literal}} braces; again {0}, then {1}.',
      names: ['value', 'other'],
    });
  });

  it('gives each result rule, index, level, message id + arguments + text, and a stable fingerprint', () => {
    const log = sarif();
    const web = resultFor(log, 'web');
    assert.equal(web.ruleId, 'ingress-tls-secret-missing');
    assert.equal(web.ruleIndex, 0);
    assert.equal(web.level, 'error');
    assert.deepEqual(web.message, {
      id: 'missing',
      arguments: ['web-tls', 'shop'],
      text: 'TLS Secret "web-tls" not found in namespace "shop".',
    });
    const report = fullReport();
    const [first] = report.findings;
    assert.ok(first);
    assert.deepEqual(web.partialFingerprints, { [FINGERPRINT_KEY]: fingerprint(first) });
    const braces = resultFor(log, 'no-file');
    assert.equal(braces.level, 'warning');
    assert.deepEqual(braces.message.arguments, ['a.example', '7']);
    assert.equal(braces.message.text, 'Value a.example in {literal} braces; again a.example, then 7.');
    assert.equal(resultFor(log, 'gone').level, 'note');
  });

  it('points file findings at the relative file and line, with a logical location for the object', () => {
    const [location] = resultFor(sarif(), 'web').locations;
    assert.deepEqual(location?.physicalLocation, {
      artifactLocation: { uri: 'deploy/web.yaml', uriBaseId: 'SRCROOT' },
      region: { startLine: 14 },
    });
    assert.deepEqual(
      location.logicalLocations.map(({ kind, name, fullyQualifiedName }) => ({
        kind,
        name,
        fullyQualifiedName,
      })),
      [{ kind: 'resource', name: 'web', fullyQualifiedName: 'Ingress/shop/web' }],
    );
  });

  it('falls back to the Helm template for stdin documents and to the object path when there is no file', () => {
    const log = sarif();
    const [helm] = resultFor(log, 'api').locations;
    assert.equal(helm?.physicalLocation.artifactLocation.uri, 'shop/templates/ingress.yaml');
    assert.equal(helm.physicalLocation.region.startLine, 1);
    assert.equal(helm.properties?.fallback, 'helmSource');
    const [none] = resultFor(log, 'no-file').locations;
    assert.equal(none?.physicalLocation.artifactLocation.uri, 'kubernetes/shop/Ingress/no-file');
    assert.equal(none.properties?.fallback, 'object');
    // GitHub rejects results without a physical location: every result has one.
    for (const result of run(log).results) assert.ok(result.locations[0]?.physicalLocation.region.startLine);
  });

  it('keeps suppressed findings as suppressed results with kind and justification', () => {
    const log = sarif();
    assert.deepEqual(resultFor(log, 'legacy').suppressions, [
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'migrating to cert-manager',
        properties: { gatewatchKind: 'annotation' },
      },
    ]);
    assert.equal(resultFor(log, 'partner').suppressions?.[0]?.kind, 'external');
    assert.equal(resultFor(log, 'old').suppressions?.[0]?.kind, 'external');
    assert.equal(resultFor(log, 'web').suppressions, undefined);
  });

  it('reports input problems and not-checked rules as tool execution notifications', () => {
    const [invocation] = run(sarif()).invocations;
    assert.ok(invocation);
    assert.equal(invocation.executionSuccessful, true);
    const notes = invocation.toolExecutionNotifications;
    const parse = notes.find(
      (n) => n.descriptor.id === 'input-parse-error' && n.locations?.[0]?.physicalLocation.region,
    );
    assert.deepEqual(parse?.locations?.[0]?.physicalLocation.region, { startLine: 3 });
    assert.equal(parse.level, 'error');
    const unreadable = notes.find((n) => n.message.text.startsWith('missing.yaml'));
    assert.equal(unreadable?.locations?.[0]?.physicalLocation.region, undefined, 'line 0 has no region');
    const stdin = notes.find((n) => n.descriptor.id === 'input-duplicate-object');
    assert.equal(stdin?.locations, undefined, '<stdin> is no file');
    const notChecked = notes.find((n) => n.descriptor.id === NOT_CHECKED_ID);
    assert.deepEqual(notChecked?.associatedRule, { id: 'test-braces', index: 1 });
    assert.match(notChecked.message.text, /no Service/);
  });

  it('makes control characters visible in messages and encodes hostile file names in URIs', () => {
    const text = formatSarif(hostileReport(), { color: false, verbose: false });
    assert.ok(!text.includes('\u202e'), 'no raw bidi override');
    const log = JSON.parse(text) as SarifLog;
    for (const result of run(log).results) {
      assert.ok(!result.message.text.includes('\u001b'));
      assert.doesNotMatch(result.locations[0]?.physicalLocation.artifactLocation.uri ?? '', /[<>\s]/);
    }
  });
});
