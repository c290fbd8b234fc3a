/**
 * `watch` against the loopback API server (test/helpers/fake-api-server.ts) through the real
 * @kubernetes/client-node adapter: HTTPS with its own CA, a bearer token, chunked watch streams. Add,
 * modify and delete events become the alerts they should; bookmarks move the resume point; a dropped
 * connection resumes from the last version; a compacted history (410 Gone) relists; Leases elect one
 * leader with 409 on a stale write; and `gatewatch watch` itself, as a process, alerts into a file.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { resolveConfig } from '../../src/engine/config.ts';
import type { Alert } from '../../src/ledger/alerts/alert.ts';
import type { AlertSink } from '../../src/ledger/alerts/sink.ts';
import { RULES } from '../../src/rules/index.ts';
import { createKubernetesReader } from '../../src/sources/cluster/kubernetes-client.ts';
import { LeaderElector } from '../../src/watch/leader.ts';
import { Watcher } from '../../src/watch/watcher.ts';
import { startFakeApiServer, type FakeApiServer } from '../helpers/fake-api-server.ts';
import { ingress, service } from '../helpers/watch-objects.ts';

const TOKEN = 'watch-test-token';
const config = resolveConfig(RULES, {}, {});

function memorySink(): AlertSink & { alerts: Alert[] } {
  const alerts: Alert[] = [];
  return {
    name: 'memory',
    alerts,
    send: (alert) => Promise.resolve(void alerts.push(alert)),
    close: () => Promise.resolve({ sink: 'memory', sent: alerts.length, failed: 0 }),
  };
}

async function until(
  condition: () => boolean,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      assert.fail(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const about =
  (rule: string, name: string, detection: string) =>
  (alert: Alert): boolean =>
    alert.details.ruleId === rule && alert.object.name === name && alert.detectionId === detection;

describe('watch against the loopback API server', () => {
  let server: FakeApiServer;
  let kubeconfig: string;

  before(async () => {
    server = await startFakeApiServer({ token: TOKEN, objects: [ingress('web', 'web'), service('web')] });
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'gatewatch-watch-')), 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeconfig());
  });
  after(async () => {
    await server.close();
  });

  const reader = () => createKubernetesReader({ env: {}, kubeconfig });

  it('alerts on add, modify and delete events; resumes after bookmarks, drops and 410 Gone', async () => {
    const sink = memorySink();
    const watcher = new Watcher({
      reader: reader(),
      config,
      sinks: [sink],
      backoff: { initialMs: 10, maxMs: 50 },
    });
    try {
      assert.deepEqual(await watcher.start(), { status: 'synced' });
      const kinds = watcher.status().kinds.length;
      await until(() => server.openWatches === kinds, 'every informer to watch');

      // ADDED: an Ingress whose Service does not exist.
      server.apply(ingress('shop', 'missing-svc'));
      await until(
        () => sink.alerts.some(about('ingress-backend-service-missing', 'shop', 'finding-new')),
        'ADDED',
      );
      const added = sink.alerts.find(about('ingress-backend-service-missing', 'shop', 'finding-new'));
      assert.equal(added?.verb, 'added');
      assert.match(added.auditID, /^watch:Ingress:\d+$/);

      // MODIFIED: pointed at the existing Service, the finding is resolved.
      server.apply(ingress('shop', 'web'));
      await until(
        () => sink.alerts.some(about('ingress-backend-service-missing', 'shop', 'finding-resolved')),
        'MODIFIED',
      );

      // DELETED: the Service goes, the Ingresses routing to it have a missing backend.
      server.remove('v1', 'Service', 'shop', 'web');
      await until(
        () => sink.alerts.some(about('ingress-backend-service-missing', 'web', 'finding-new')),
        'DELETED',
      );

      // BOOKMARK: the resume point moves on while nothing watched changes.
      server.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'unrelated', namespace: 'kube-system' },
        data: {},
      });
      server.bookmark();
      const target = String(server.resourceVersion);
      await until(
        () => watcher.status().kinds.every((k) => k.resourceVersion === target),
        () => `bookmarks everywhere (${target}): ${JSON.stringify(watcher.status().kinds)}`,
      );

      // Dropped connection: every informer watches again from where it was.
      const before = server.requests.length;
      server.dropWatches();
      await until(() => server.openWatches === kinds, 'new watches after the drop');
      const rewatched = server.requests.slice(before).filter((r) => r.query.get('watch') === '1');
      assert.ok(rewatched.length > 0);
      assert.ok(
        rewatched.every((r) => r.query.get('resourceVersion') === target),
        'resumed from the bookmark',
      );
      assert.ok(rewatched.every((r) => r.query.get('allowWatchBookmarks') === 'true'));
      assert.ok(
        !server.requests
          .slice(before)
          .some((r) => r.query.get('watch') !== '1' && r.path.endsWith('/ingresses')),
        'no relist',
      );

      // 410 Gone: the history is compacted while disconnected; the informers list again.
      server.dropWatches();
      server.compact();
      server.apply(service('web'));
      await until(
        () =>
          sink.alerts.some(
            (a) =>
              about('ingress-backend-service-missing', 'web', 'finding-resolved')(a) && a.verb === 'relisted',
          ),
        'the resolution found by the relist',
      );
      assert.ok(watcher.timeline().some((e) => e.type === 'problem' && e.message.includes('410')));
    } finally {
      await watcher.stop();
    }
  });

  it('elects one leader through the Lease API (409 for the loser of a race)', async () => {
    const a = new LeaderElector({ api: reader(), namespace: 'gatewatch', name: 'race', identity: 'a' });
    const b = new LeaderElector({ api: reader(), namespace: 'gatewatch', name: 'race', identity: 'b' });
    const first = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    assert.equal(first.filter(Boolean).length, 1, 'one create wins, the other gets 409');
    const winner = first[0] ? a : b;
    const loser = first[0] ? b : a;
    assert.equal(await winner.tryAcquireOrRenew(), true, 'the winner renews');
    assert.equal(await loser.tryAcquireOrRenew(), false);
    const leases = server.requests.filter((r) => r.path.includes('/leases'));
    assert.ok(leases.some((r) => r.method === 'PUT'));
    await winner.release();
    assert.equal(await loser.tryAcquireOrRenew(), true, 'released: taken at once');
  });

  it('runs as `gatewatch watch`, alerting into a file until SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatewatch-watch-cli-'));
    const alertsFile = join(dir, 'alerts.jsonl');
    const child = spawn(
      process.execPath,
      [
        join(import.meta.dirname, '..', '..', 'bin', 'gatewatch.js'),
        'watch',
        '--kubeconfig',
        kubeconfig,
        '--alert-sink',
        `file:${alertsFile}`,
        '--leader-elect',
        '--leader-election-identity',
        'cli',
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await until(() => lines.some((l) => l.includes('synced:')), 'synced', 30_000);
      await until(() => lines.some((l) => l.includes('leading')), 'leadership', 10_000);
      server.apply(ingress('cli-added', 'nowhere'));
      await until(
        () => existsSync(alertsFile) && readFileSync(alertsFile, 'utf8').includes('cli-added'),
        'the alert line',
      );
      const alert = JSON.parse(
        readFileSync(alertsFile, 'utf8')
          .trim()
          .split('\n')
          .find((l) => l.includes('cli-added')) ?? '{}',
      ) as Alert;
      assert.equal(alert.detectionId, 'finding-new');
      assert.equal(alert.object.kind, 'Ingress');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, lines.join('\n'));
    const lease = server.requests.filter(
      (r) => r.path.endsWith('/leases/gatewatch-watch') && r.method === 'PUT',
    );
    assert.ok(lease.length > 0, 'the Lease was written (acquired, renewed or released)');
  });
});
