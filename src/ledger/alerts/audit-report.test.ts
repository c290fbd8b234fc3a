import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from './alert.ts';
import { auditResult, auditText } from './audit-report.ts';
import { oneLine } from './escape.ts';

const alert = (severity: Alert['severity'], summary: string, userAgent: string): Alert => ({
  detectionId: 'ingress-snippet-added',
  severity,
  time: '2026-11-22T05:55:01.123456Z',
  auditID: 'a1',
  verb: 'patch',
  actor: { username: 'mallory', groups: [], impersonatedBy: 'admin', sourceIPs: ['198.51.100.1'], userAgent },
  object: {
    apiGroup: 'networking.k8s.io',
    resource: 'ingresses',
    kind: 'Ingress',
    namespace: 'shop',
    name: 'web',
  },
  summary,
  details: {},
  ledgerRef: 'a1/ResponseComplete',
});

const SUMMARY = {
  files: 1,
  events: 3,
  malformed: 0,
  duplicates: 0,
  changes: 2,
  skippedFiles: 0,
  problems: [],
};

describe('audit text report', () => {
  it('escapes control characters from events: one alert stays four lines', () => {
    const text = auditText(
      auditResult(SUMMARY, [alert('error', 'evil\n\u001b[31mfake line', 'curl/8\r\nX: y')]),
    );
    assert.ok(!text.includes('\u001b'));
    assert.match(text, /evil\\n\\u001b\[31mfake line/);
    assert.match(text, /patch by mallory impersonated by admin from 198\.51\.100\.1 with curl\/8\\r\\nX: y/);
  });

  it('groups by severity, most severe first; says when there is nothing', () => {
    const text = auditText(auditResult(SUMMARY, [alert('info', 'i', 'ua'), alert('error', 'e', 'ua')]));
    assert.ok(text.indexOf('Errors (1)') < text.indexOf('Info (1)'));
    assert.equal(
      auditText(auditResult(SUMMARY, [])),
      '1 file, 3 events (0 malformed, 0 duplicates), 2 new changes, 0 alerts\n',
    );
  });

  it('oneLine cuts long values', () => {
    assert.equal(oneLine('x'.repeat(10), 5), 'xxxx…');
    assert.equal(oneLine('\u202eabc'), '\\u202eabc');
  });
});
