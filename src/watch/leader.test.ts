/**
 * Leader election on a Lease, against the in-memory API (optimistic concurrency included): acquire,
 * renew, wait for expiry measured on the candidate's own clock, take over with a transition, release,
 * a race that only one candidate wins; then two watchers of which only the leader alerts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../engine/config.ts';
import type { Alert } from '../ledger/alerts/alert.ts';
import { RULES } from '../rules/index.ts';
import { FakeClusterReader } from '../sources/cluster/fake.ts';
import { LeaderElector, microTime } from './leader.ts';
import { Watcher } from './watcher.ts';
import { ingress, service } from '../../test/helpers/watch-objects.ts';

function clock(start = Date.parse('2026-06-01T00:00:00Z')): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

function elector(api: FakeClusterReader, identity: string, now: () => number): LeaderElector {
  return new LeaderElector({ api, namespace: 'gatewatch', name: 'gatewatch-watch', identity, now });
}

describe('leader election', () => {
  it('acquires, renews, expires, takes over and releases as client-go does', async () => {
    const api = new FakeClusterReader({ objects: [] });
    const time = clock();
    const a = elector(api, 'a', time.now);
    const b = elector(api, 'b', time.now);
    assert.equal(await a.tryAcquireOrRenew(), true);
    assert.equal(await b.tryAcquireOrRenew(), false);
    const created = await api.getLease('gatewatch', 'gatewatch-watch');
    assert.ok(created.status === 'ok');
    assert.deepEqual(
      {
        holder: created.lease.holderIdentity,
        duration: created.lease.leaseDurationSeconds,
        transitions: created.lease.leaseTransitions,
      },
      { holder: 'a', duration: 15, transitions: 0 },
    );
    assert.equal(created.lease.renewTime, microTime(time.now()));
    assert.match(created.lease.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    time.advance(10_000);
    assert.equal(await a.tryAcquireOrRenew(), true, 'the holder renews');
    time.advance(10_000);
    assert.equal(await b.tryAcquireOrRenew(), false, 'renewed 10 s ago (as b saw it change): still held');
    time.advance(16_000);
    assert.equal(await b.tryAcquireOrRenew(), true, 'not renewed for a lease duration: b takes over');
    const taken = await api.getLease('gatewatch', 'gatewatch-watch');
    assert.ok(
      taken.status === 'ok' && taken.lease.holderIdentity === 'b' && taken.lease.leaseTransitions === 1,
    );
    assert.equal(await a.tryAcquireOrRenew(), false, 'a sees b holding a live lease');

    await b.release();
    const released = await api.getLease('gatewatch', 'gatewatch-watch');
    assert.ok(released.status === 'ok' && released.lease.holderIdentity === '');
    assert.equal(await a.tryAcquireOrRenew(), true, 'a released lease is taken at once');
  });

  it('lets only one of two racing candidates win (409 Conflict for the other)', async () => {
    const api = new FakeClusterReader({ objects: [] });
    const time = clock();
    await elector(api, 'old', time.now).tryAcquireOrRenew();
    const a = elector(api, 'a', time.now);
    const b = elector(api, 'b', time.now);
    // Both see the lease once, then it expires for both.
    await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    time.advance(20_000);
    const wins = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    assert.equal(wins.filter(Boolean).length, 1);
  });

  it('refuses inconsistent durations', () => {
    assert.throws(
      () =>
        new LeaderElector({
          api: new FakeClusterReader({ objects: [] }),
          namespace: 'n',
          name: 'l',
          identity: 'a',
          leaseDurationMs: 1000,
          renewDeadlineMs: 2000,
        }),
      /leaseDuration > renewDeadline > retryPeriod/,
    );
  });

  it('makes only the leader of two watchers alert, and hands over on shutdown', async () => {
    const reader = new FakeClusterReader({ objects: [ingress('web', 'web'), service('web')] });
    const config = resolveConfig(RULES, {}, {});
    const timing = { leaseDurationMs: 600, renewDeadlineMs: 400, retryPeriodMs: 50 };
    const replicas = ['one', 'two'].map((identity) => {
      const elected = new LeaderElector({
        api: reader,
        namespace: 'gatewatch',
        name: 'watch',
        identity,
        ...timing,
      });
      const sent: Alert[] = [];
      const watcher = new Watcher({
        reader,
        config,
        mayAlert: () => elected.isLeader,
        sinks: [
          {
            name: identity,
            send: (alert) => Promise.resolve(void sent.push(alert)),
            close: () => Promise.resolve({ sink: identity, sent: sent.length, failed: 0 }),
          },
        ],
      });
      const stop = new AbortController();
      return { identity, elected, watcher, sent, stop, campaign: elected.run(stop.signal) };
    });
    const waitFor = async (condition: () => boolean): Promise<void> => {
      const deadline = Date.now() + 5000;
      while (!condition()) {
        assert.ok(Date.now() < deadline, 'timed out');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    try {
      await Promise.all(replicas.map((r) => r.watcher.start()));
      await waitFor(() => replicas.some((r) => r.elected.isLeader));
      const leader = replicas.find((r) => r.elected.isLeader);
      const follower = replicas.find((r) => !r.elected.isLeader);
      assert.ok(leader && follower);
      reader.remove('Service', 'shop', 'web');
      await waitFor(() => leader.sent.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(follower.sent.length, 0, 'the follower reviews but does not alert');

      leader.stop.abort();
      await leader.campaign;
      await waitFor(() => follower.elected.isLeader);
      reader.apply(service('web'));
      await waitFor(() => follower.sent.some((a) => a.detectionId === 'finding-resolved'));
    } finally {
      for (const replica of replicas) {
        replica.stop.abort();
        await replica.campaign;
        await replica.watcher.stop();
      }
    }
  });
});
