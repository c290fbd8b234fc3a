/**
 * The watcher over the in-memory ClusterReader: synced after the first lists, alerts for what each
 * change adds or resolves, relist after 410 Gone, resume after a dropped connection, no alerts from a
 * replica that may not alert (not the leader).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../engine/config.ts';
import type { Alert } from '../ledger/alerts/alert.ts';
import type { AlertSink } from '../ledger/alerts/sink.ts';
import { RULES } from '../rules/index.ts';
import { FakeClusterReader } from '../sources/cluster/fake.ts';
import { FINDING_NEW, FINDING_RESOLVED } from './alerts.ts';
import { Watcher } from './watcher.ts';
import { ingress, service } from '../../test/helpers/watch-objects.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');

function collectingSink(): AlertSink & { alerts: Alert[] } {
  const alerts: Alert[] = [];
  return {
    name: 'memory',
    alerts,
    send(alert) {
      alerts.push(alert);
      return Promise.resolve();
    },
    close: () => Promise.resolve({ sink: 'memory', sent: alerts.length, failed: 0 }),
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const config = resolveConfig(RULES, {}, {});
const missing = (alert: Alert): boolean =>
  alert.details.ruleId === 'ingress-backend-service-missing' && alert.object.name === 'web';

describe('watcher', () => {
  it('alerts on findings a change adds and resolves', async () => {
    const reader = new FakeClusterReader({ objects: [ingress('web', 'web'), service('web')] });
    const sink = collectingSink();
    const watcher = new Watcher({ reader, config, sinks: [sink], now: () => NOW });
    try {
      assert.deepEqual(await watcher.start(), { status: 'synced' });
      assert.equal(sink.alerts.length, 0, 'the first review is the starting point, not alerts');
      reader.remove('Service', 'shop', 'web');
      await until(() => sink.alerts.some(missing), 'the missing-Service alert');
      const raised = sink.alerts.find(missing);
      assert.equal(raised?.detectionId, FINDING_NEW);
      assert.equal(raised.verb, 'deleted');
      assert.deepEqual(raised.details.cause, { kind: 'Service', namespace: 'shop', name: 'web' });
      assert.equal(raised.object.resource, 'ingresses');
      assert.equal(raised.object.apiGroup, 'networking.k8s.io');
      assert.match(raised.summary, /^New: ingress-backend-service-missing: /);

      reader.apply(service('web'));
      await until(
        () => sink.alerts.some((a) => missing(a) && a.detectionId === FINDING_RESOLVED),
        'the resolved alert',
      );
      const kinds = watcher.timeline().map((entry) => entry.type);
      assert.ok(kinds.includes('synced') && kinds.includes('change') && kinds.includes('alert'));
    } finally {
      await watcher.stop();
    }
  });

  it('lists again after 410 Gone and resumes after a dropped connection', async () => {
    const reader = new FakeClusterReader({ objects: [ingress('web', 'web'), service('web')] });
    const sink = collectingSink();
    const watcher = new Watcher({
      reader,
      config,
      sinks: [sink],
      now: () => NOW,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    try {
      await watcher.start();
      // Dropped: the informers watch again from the version they reached.
      const watchesBefore = reader.watches.length;
      reader.dropWatches();
      await until(() => reader.watches.length >= watchesBefore * 2, 'new watches');
      const resumed = reader.watches.slice(watchesBefore);
      assert.ok(resumed.every((w) => w.resourceVersion !== '0'));
      reader.remove('Service', 'shop', 'web');
      await until(() => sink.alerts.some(missing), 'an alert after the reconnect');

      // Compacted while disconnected: the watch answers 410, the informer lists again.
      const listsBefore = reader.lists.length;
      reader.dropWatches();
      reader.compact();
      reader.apply(service('web'));
      await until(() => reader.lists.length > listsBefore, 'a relist');
      await until(
        () =>
          sink.alerts.some((a) => missing(a) && a.detectionId === FINDING_RESOLVED && a.verb === 'relisted'),
        'the resolved alert from the relist',
      );
      assert.ok(watcher.timeline().some((e) => e.type === 'problem' && /410/.test(e.message)));
    } finally {
      await watcher.stop();
    }
  });

  it('syncs without a kind it may not list, whose rules are then not checked', async () => {
    const reader = new FakeClusterReader({
      objects: [ingress('web', 'web'), service('web')],
      forbidden: { Secret: 'secrets is forbidden: User "watcher" cannot list resource "secrets"' },
    });
    const watcher = new Watcher({ reader, config, now: () => NOW, backoff: { initialMs: 60_000 } });
    try {
      assert.deepEqual(await watcher.start(), { status: 'synced' });
      assert.match(watcher.status().unreadableKinds.get('Secret') ?? '', /forbidden/);
      assert.ok(watcher.notChecked().some((n) => n.ruleId === 'ingress-tls-secret-missing'));
    } finally {
      await watcher.stop();
    }
  });

  it('keeps reviewing but sends nothing while it may not alert', async () => {
    const reader = new FakeClusterReader({ objects: [ingress('web', 'web'), service('web')] });
    const sink = collectingSink();
    let leader = false;
    const raised: Alert[] = [];
    const watcher = new Watcher({
      reader,
      config,
      sinks: [sink],
      now: () => NOW,
      mayAlert: () => leader,
      onAlert: (alert) => raised.push(alert),
    });
    try {
      await watcher.start();
      reader.remove('Service', 'shop', 'web');
      await until(() => raised.some(missing), 'the review');
      assert.equal(sink.alerts.length, 0);
      leader = true;
      reader.apply(service('web'));
      await until(() => sink.alerts.some(missing), 'the alert from the leader');
    } finally {
      await watcher.stop();
    }
  });
});
