import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../engine/finding.ts';
import { emptyReport, fullReport, hostileReport } from '../../../test/helpers/reports.ts';
import { escapeMarkdown } from '../sanitize.ts';
import type { FormatOptions } from '../scan-report.ts';
import { FOLD_AFTER, formatMarkdown } from './markdown.ts';

const options: FormatOptions = { color: false, verbose: false, failOn: 'error' };

describe('markdown format', () => {
  it('opens with a summary line that agrees with --fail-on', () => {
    const lines = formatMarkdown(fullReport(), options).split('\n');
    assert.equal(lines[0], '## gatewatch scan');
    assert.equal(
      lines[2],
      '❌ **4 findings** (2 errors, 1 warning, 1 info) · 7 objects reviewed · 3 suppressed · 1 rule not checked · 3 input problem(s)',
    );
    assert.match(formatMarkdown(fullReport(), { ...options, failOn: 'none' }), /^## gatewatch scan\n\n⚠️ /);
    assert.match(formatMarkdown(emptyReport(), options), /✅ \*\*0 findings\*\*/);
  });

  it('has one table per severity, rows linking the rule docs', () => {
    const text = formatMarkdown(fullReport(), options);
    assert.match(
      text,
      /### Errors \(2\)\n\n\| Object \| Where \| Rule \| Message \|\n\|---\|---\|---\|---\|\n/,
    );
    assert.match(
      text,
      /\| Ingress shop\/web \| deploy\/web\.yaml:14 \| \[ingress-tls-secret-missing\]\(https:\/\/\S+\/docs\/rules\/ingress-tls-secret-missing\.md\) \| TLS Secret &quot;web-tls&quot; not found/,
    );
    assert.match(text, /\| deploy\/web.yaml:14 \|/);
    assert.match(text, /&lt;stdin&gt;:40<br>shop\/templates\/ingress\.yaml/, 'the Helm template is named');
    assert.match(text, /### Warnings \(1\)/);
    assert.match(text, /### Info \(1\)/);
  });

  it('lists suppressed findings folded, then not-checked rules and input problems', () => {
    const text = formatMarkdown(fullReport(), options);
    assert.match(
      text,
      /<details>\n<summary>3 suppressed findings<\/summary>\n\n- Ingress shop\/legacy: \[ingress-tls-secret-missing\]/,
    );
    assert.match(text, /### Not checked\n\n.*\n\n- \[test-braces\]\(\S+\): the input contains no Service/);
    assert.match(text, /### Input problems\n\n- `input-parse-error` deploy\/broken\.yaml:3: bad indentation/);
    assert.match(text, /- `input-parse-error` missing\.yaml: cannot read/);
    assert.doesNotMatch(text, /Deployment/, 'unknown kinds only with --verbose');
    assert.match(formatMarkdown(fullReport(), { ...options, verbose: true }), /Deployment/);
  });

  it('folds long tables into <details>', () => {
    const report = fullReport();
    const [first] = report.findings;
    assert.ok(first);
    const many: Finding[] = Array.from({ length: FOLD_AFTER + 1 }, (_, i) => ({
      ...first,
      object: { ...first.object, name: `web-${i}` },
    }));
    const text = formatMarkdown({ ...report, findings: many }, options);
    assert.match(text, /### Errors \(11\)\n\n<details>\n<summary>11 errors<\/summary>\n\n\| Object \|/);
    assert.doesNotMatch(formatMarkdown(report, options), /<summary>\d+ errors/);
  });

  it('lets no manifest string inject markup, links, mentions or table cells', () => {
    const text = formatMarkdown(hostileReport(), options);
    assert.ok(!text.includes('<script>'));
    assert.ok(!text.includes('\u001b') && !text.includes('\u202e'));
    assert.doesNotMatch(text, /(?<!\\)\[click here(?<!\\)\]\(/, 'no live link');
    assert.doesNotMatch(text, /(?<!\\)@octo-org/, 'no mention');
    for (const row of text.split('\n').filter((line) => line.startsWith('| Ingress'))) {
      assert.equal(row.split(/(?<!\\)\|/).length, 6, `four cells: ${row}`);
    }
  });

  it('escapeMarkdown leaves entities intact (markdown escaping happens before HTML escaping)', () => {
    assert.equal(escapeMarkdown(`it's #1 <b>`), 'it&#39;s \\#1 &lt;b&gt;');
  });
});
