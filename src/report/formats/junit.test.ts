import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyReport, fullReport, hostileReport } from '../../../test/helpers/reports.ts';
import { checkWellFormedXml } from '../../../test/helpers/xml.ts';
import type { FormatOptions } from '../scan-report.ts';
import { INPUT_SUITE, formatJunit } from './junit.ts';

const options: FormatOptions = { color: false, verbose: false, failOn: 'error' };

/** The <testsuite> element of one rule, as text. */
function suite(xml: string, name: string): string {
  const start = xml.indexOf(`<testsuite name="${name}"`);
  assert.ok(start >= 0, `suite ${name}`);
  return xml.slice(start, xml.indexOf('</testsuite>', start));
}

describe('junit format', () => {
  for (const [name, report] of [
    ['empty', emptyReport()],
    ['full', fullReport()],
    ['hostile', hostileReport()],
  ] as const) {
    it(`is well-formed XML (${name} report)`, () => {
      assert.deepEqual(checkWellFormedXml(formatJunit(report, options)), []);
    });
  }

  it('the XML check has teeth', () => {
    assert.notDeepEqual(checkWellFormedXml('<a><b></a>'), []);
    assert.notDeepEqual(checkWellFormedXml('<a x="1 & 2"/>'), []);
    assert.notDeepEqual(checkWellFormedXml('<a>]]></a>'), []);
  });

  it('has one suite per rule, one failing testcase per object with findings at or above --fail-on', () => {
    const xml = formatJunit(fullReport(), options);
    assert.match(
      xml,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="gatewatch" tests="\d+" failures="2" errors="2" skipped="4"/,
    );
    const tls = suite(xml, 'ingress-tls-secret-missing');
    assert.match(tls, /tests="5" failures="2" errors="0" skipped="3"/);
    assert.match(
      tls,
      /<testcase classname="ingress-tls-secret-missing" name="Ingress shop\/web" file="deploy\/web\.yaml" time="0">\n\s*<failure message="TLS Secret &quot;web-tls&quot; not found in namespace &quot;shop&quot;\." type="error">deploy\/web\.yaml:14 spec\.tls\[0\]\.secretName \[error\]/,
    );
    assert.match(
      tls,
      /name="Ingress shop\/legacy"[^>]*>\n\s*<skipped message="suppressed by annotation: migrating to cert-manager"\/>/,
    );
  });

  it('passes findings below --fail-on, listing them as output, and fails them without a fail-on', () => {
    const below = suite(formatJunit(fullReport(), options), 'suppression-unused');
    assert.match(below, /failures="0"/);
    assert.match(below, /<system-out>.*matched no finding: it is stale\.<\/system-out>/);
    assert.match(
      suite(formatJunit(fullReport(), { color: false, verbose: false }), 'suppression-unused'),
      /failures="1"/,
    );
  });

  it('marks not-checked rules skipped, and rules without findings as one passing testcase', () => {
    const xml = formatJunit(fullReport(), options);
    assert.match(
      suite(xml, 'test-braces'),
      /<testcase classname="test-braces" name="not checked" time="0">\n\s*<skipped message="the input contains no Service"\/>/,
    );
    assert.match(
      suite(formatJunit(emptyReport(), options), 'ingress-tls-secret-missing'),
      /name="no findings \(0 objects\)" time="0"\/>/,
    );
  });

  it('reports unreadable input as errors in the input suite; unknown kinds only with --verbose', () => {
    const input = suite(formatJunit(fullReport(), options), INPUT_SUITE);
    assert.match(input, /<error message="bad indentation of a mapping entry" type="input-parse-error">/);
    assert.doesNotMatch(input, /Deployment/);
    assert.match(suite(formatJunit(fullReport(), { ...options, verbose: true }), INPUT_SUITE), /Deployment/);
    assert.doesNotMatch(formatJunit(emptyReport(), options), new RegExp(INPUT_SUITE));
  });

  it('escapes hostile strings and makes control characters visible', () => {
    const xml = formatJunit(hostileReport(), options);
    assert.ok(!xml.includes('<script>'));
    assert.ok(!xml.includes('\u001b') && !xml.includes('\u202e'));
    assert.match(xml, /\\e\[2J/);
    assert.match(xml, /&lt;script&gt;/);
  });
});
