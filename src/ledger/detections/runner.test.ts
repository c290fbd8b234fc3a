/**
 * The runner: facts come from the ledger, so a second ingest into the same ledger (a resumed run, the
 * audit webhook) judges with what earlier runs stored; a detection that throws is reported and the
 * others still run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../alerts/alert.ts';
import { ingest } from '../ingest.ts';
import { openSqliteLedger } from '../store/sqlite.ts';
import type { LedgerStore } from '../store/store.ts';
import { defineDetection, type DetectionDefinition } from './detection.ts';
import { DETECTIONS } from './index.ts';
import { DetectionRunner } from './runner.ts';
import { resolveAccountability } from './settings.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'audit', 'detections');

function lines(id: string, file: string): string[] {
  return readFileSync(join(FIXTURES, id, file), 'utf8')
    .trimEnd()
    .split('\n');
}

describe('DetectionRunner', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-runner-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Ingests each group of lines as its own run into one ledger; returns the alerts of each run. */
  async function runs(
    groups: string[][],
    detections: readonly DetectionDefinition[] = DETECTIONS,
  ): Promise<Alert[][]> {
    const store: LedgerStore = await openSqliteLedger(':memory:');
    const out: Alert[][] = [];
    try {
      for (const [index, group] of groups.entries()) {
        const file = join(dir, `run-${String(index)}-${String(Math.random()).slice(2)}.jsonl`);
        writeFileSync(file, `${group.join('\n')}\n`);
        const alerts: Alert[] = [];
        const runner = new DetectionRunner({
          settings: resolveAccountability(undefined),
          detections,
          onAlert: (alert) => alerts.push(alert),
        });
        await ingest({ store, inputs: [file], observer: runner });
        assert.equal(runner.alerts, alerts.length);
        out.push(alerts);
      }
    } finally {
      await store.close();
    }
    return out;
  }

  const ids = (alerts: readonly Alert[] | undefined): string[] => (alerts ?? []).map((a) => a.detectionId);

  it('a denial burst split over two runs still fires, once, on the fifth denial', async () => {
    const events = lines('change-denied-burst', 'fire-rbac-403s.jsonl');
    const [first, second] = await runs([events.slice(0, 4), events.slice(4)]);
    assert.ok(!ids(first).includes('change-denied-burst'));
    assert.deepEqual(ids(second), ['change-denied-burst']);
  });

  it('tls-secret-read knows the TLS Secrets of Ingresses stored by an earlier run', async () => {
    const [create, read] = lines('tls-secret-read', 'fire-get-by-user.jsonl');
    const [, second] = await runs([[create ?? ''], [read ?? '']]);
    assert.deepEqual(ids(second), ['tls-secret-read']);
  });

  it('an Ingress that stops using a Secret makes reads of it uninteresting', async () => {
    const [create, read] = lines('tls-secret-read', 'fire-get-by-user.jsonl');
    const [, remove] = lines('ingress-tls-removed', 'fire-json-patch.jsonl');
    // The TLS entry is removed before the read: the Secret no longer serves TLS.
    const event = JSON.parse(read ?? '{}') as { stageTimestamp: string; requestReceivedTimestamp: string };
    event.stageTimestamp = '2026-11-22T06:30:00.000000Z';
    event.requestReceivedTimestamp = '2026-11-22T06:29:59.900000Z';
    const [, , third] = await runs([[create ?? ''], [remove ?? ''], [JSON.stringify(event)]]);
    assert.deepEqual(ids(third), []);
  });

  it('change-new-source compares with the sources of earlier runs', async () => {
    const events = lines('change-new-source', 'fire-new-ip-and-agent.jsonl');
    const [, second] = await runs([events.slice(0, 2), events.slice(2)]);
    assert.deepEqual(ids(second), ['change-new-source']);
  });

  it('a detection that throws is reported; the others still run', async () => {
    const broken = defineDetection({
      id: 'broken',
      severity: 'info',
      subject: 'ingresses',
      docs: { summary: 'x', investigate: 'x', references: [] },
      detect() {
        throw new Error('boom');
      },
    });
    const store = await openSqliteLedger(':memory:');
    const alerts: Alert[] = [];
    const errors: string[] = [];
    const runner = new DetectionRunner({
      settings: resolveAccountability(undefined),
      detections: [broken, ...DETECTIONS],
      onAlert: (alert) => alerts.push(alert),
      onError: (detection, error) => errors.push(`${detection.id}: ${(error as Error).message}`),
    });
    await ingest({
      store,
      inputs: [join(FIXTURES, 'ingress-created', 'fire-kubectl-apply.jsonl')],
      observer: runner,
    });
    await store.close();
    assert.deepEqual(errors, ['broken: boom']);
    assert.deepEqual(ids(alerts), ['ingress-created']);
  });
});
