/**
 * The watch as `serve`'s cluster model, over the in-memory ClusterReader: no snapshot before the first
 * sync, a start that fails while the API server cannot be reached is tried again until it works, and
 * subscribers hear of each change's snapshot.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../engine/config.ts';
import { RULES } from '../rules/index.ts';
import { FakeClusterReader } from '../sources/cluster/fake.ts';
import type { Discovery, WantedKind } from '../sources/cluster/port.ts';
import { Watcher } from '../watch/watcher.ts';
import { ingress, service } from '../../test/helpers/watch-objects.ts';
import type { ClusterSnapshot } from './cluster-model.ts';
import { watchModelSource } from './watch-model-source.ts';

const config = resolveConfig(RULES, {}, {});

/** An API server that refuses connections the first `refusals` times discovery is tried. */
class LateApiServer extends FakeClusterReader {
  refusals: number;

  constructor(refusals: number) {
    super({ objects: [ingress('web', 'web'), service('web')] });
    this.refusals = refusals;
  }

  override discover(wanted: readonly WantedKind[]): Promise<Discovery> {
    if (this.refusals === 0) return super.discover(wanted);
    this.refusals--;
    return Promise.resolve({ status: 'error', message: 'connect ECONNREFUSED 10.96.0.1:443' });
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const namesIn = (snapshot: ClusterSnapshot | undefined): string[] =>
  (snapshot?.model.list('Ingress') ?? []).map((resource) => resource.name).sort();

describe('watchModelSource', () => {
  it('keeps trying to start while the API server cannot be reached, then serves its model', async () => {
    const reader = new LateApiServer(2);
    const failures: string[] = [];
    const source = watchModelSource(new Watcher({ reader, config }), {
      backoff: { initialMs: 1, maxMs: 2 },
      onStartFailure: (message) => failures.push(message),
    });
    await source.start();
    assert.equal(source.current(), undefined, 'not ready before the first sync');
    await until(() => source.current() !== undefined, 'the first snapshot');
    assert.equal(failures.length, 2);
    assert.match(failures[0] ?? '', /ECONNREFUSED/);
    assert.deepEqual(namesIn(source.current()), ['web']);
    await source.close();
  });

  it("tells subscribers of each change's snapshot, no more often than asked", async () => {
    const reader = new LateApiServer(0);
    const source = watchModelSource(new Watcher({ reader, config }), { minIntervalMs: 0 });
    const seen: ClusterSnapshot[] = [];
    source.subscribe((snapshot) => seen.push(snapshot));
    await source.start();
    await until(() => seen.length === 1, 'the synced snapshot');
    reader.apply(ingress('shop', 'web'));
    await until(() => seen.length === 2, 'the snapshot after the change');
    assert.deepEqual(namesIn(seen[1]), ['shop', 'web']);
    assert.equal(source.current(), seen[1], 'one snapshot per model, reused until the next change');
    await source.close();
  });

  it('stops retrying when closed', async () => {
    const reader = new LateApiServer(Number.POSITIVE_INFINITY);
    const source = watchModelSource(new Watcher({ reader, config }), {
      backoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    await source.start();
    await source.close();
    assert.equal(source.current(), undefined);
  });
});
