/**
 * The contract every `scan` output format keeps (DESIGN §4: one suite for all implementations of an
 * interface). A new entry in SCAN_FORMATS runs through all of it; it must also be classified below.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCAN_FORMATS, type ScanFormat } from '../../src/report/formats/index.ts';
import type { FormatOptions, ScanReport } from '../../src/report/scan-report.ts';
import { emptyReport, fullReport, hostileReport } from '../helpers/reports.ts';

/** What each format's output is, which decides what "escaped" means for it. */
const KIND: Record<ScanFormat, 'terminal' | 'json' | 'markup'> = {
  text: 'terminal',
  json: 'json',
  sarif: 'json',
  junit: 'markup',
  markdown: 'markup',
};

const REPORTS: Record<string, () => ScanReport> = {
  empty: emptyReport,
  full: fullReport,
  hostile: hostileReport,
};
const PLAIN: FormatOptions = { color: false, verbose: false, failOn: 'error' };
// Colour codes the text format writes itself (SGR: ESC [ … m); anything else from ESC is an injection.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const SGR = /\u001b\[[0-9;]*m/g;

describe('formatter contract', () => {
  it('every format is classified', () => {
    assert.deepEqual(Object.keys(SCAN_FORMATS).sort(), Object.keys(KIND).sort());
  });

  for (const [format, formatter] of Object.entries(SCAN_FORMATS) as [
    ScanFormat,
    (typeof SCAN_FORMATS)[ScanFormat],
  ][]) {
    describe(format, () => {
      for (const [name, build] of Object.entries(REPORTS)) {
        it(`formats the ${name} report deterministically, ending in a newline`, () => {
          const first = formatter(build(), PLAIN);
          assert.equal(formatter(build(), PLAIN), first);
          assert.equal(
            formatter(build(), { ...PLAIN, verbose: true }),
            formatter(build(), { ...PLAIN, verbose: true }),
          );
          assert.ok(first.endsWith('\n'));
          if (KIND[format] === 'json') assert.doesNotThrow(() => JSON.parse(first));
        });

        it(`names the rule of every finding (${name} report)`, () => {
          const report = build();
          const output = formatter(report, PLAIN);
          for (const finding of report.findings)
            assert.ok(output.includes(finding.ruleId), `${finding.ruleId} missing`);
        });
      }

      it('never writes a raw ESC or bidi control from the input', () => {
        for (const options of [PLAIN, { ...PLAIN, verbose: true }]) {
          const output = formatter(hostileReport(), options);
          assert.ok(!output.includes('\u001b'), 'raw ESC');
          assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(output), 'raw bidi control');
        }
        // With colour on, only the format's own colour codes may appear.
        const coloured = formatter(hostileReport(), { ...PLAIN, color: true, verbose: true });
        assert.ok(!coloured.replace(SGR, '').includes('\u001b'), 'ESC other than colour codes');
      });

      if (KIND[format] === 'markup') {
        it('escapes markup from the input (no <script>, no CDATA end)', () => {
          const output = formatter(hostileReport(), { ...PLAIN, verbose: true });
          assert.ok(!/<script/i.test(output), 'unescaped <script>');
          assert.ok(!output.includes(']]>'), 'unescaped ]]>');
          if (format === 'markdown')
            assert.ok(!/(?<!\\)\[click here(?<!\\)\]\(/.test(output), 'live markdown link');
        });
      }

      if (KIND[format] === 'terminal') {
        it('keeps each finding on one line (a newline in a value cannot forge output lines)', () => {
          const output = formatter(hostileReport(), PLAIN);
          assert.ok(
            !output.split('\n').some((line) => line.startsWith('second')),
            'value newline reached the output',
          );
        });
      }
    });
  }
});
