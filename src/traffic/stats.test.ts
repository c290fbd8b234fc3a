import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatencySketch } from './sketch.ts';
import { TopK } from './top-k.ts';
import { GroupMap, OTHER_GROUP, TimeSeries, MINUTE_MS } from './stats.ts';
import { MINUTE, T0, analyze, many, record } from '../../test/helpers/traffic.ts';

describe('LatencySketch', () => {
  it('is exact for small counts', () => {
    const sketch = new LatencySketch();
    for (const value of [0.5, 0.1, 0.3, 0.2, 0.4]) sketch.add(value);
    const summary = sketch.summary();
    assert.equal(summary.count, 5);
    assert.equal(summary.p50, 0.3);
    assert.equal(summary.max, 0.5);
    assert.ok(Math.abs(summary.mean - 0.3) < 1e-9);
  });

  it('stays within ±2% on a large stream, in fixed memory', () => {
    const sketch = new LatencySketch();
    const values = many(100_000, (i) => record({ requestTime: ((i * 7919) % 100_000) / 1000 + 0.001 })).map(
      (r) => r.requestTime ?? 0,
    );
    for (const value of values) sketch.add(value);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1] ?? 0;
      const estimate = sketch.quantile(q);
      assert.ok(
        Math.abs(estimate - exact) / exact < 0.02,
        `p${String(q * 100)}: ${String(estimate)} vs ${String(exact)}`,
      );
    }
  });

  it('ignores negative and non-finite values, counts zeros', () => {
    const sketch = new LatencySketch();
    sketch.add(-1);
    sketch.add(Number.NaN);
    for (let i = 0; i < 200; i++) sketch.add(0);
    assert.equal(sketch.count, 200);
    assert.equal(sketch.quantile(0.99), 0);
  });
});

describe('TopK', () => {
  it('is exact while few values are seen', () => {
    const top = new TopK(4);
    for (const value of ['a', 'b', 'a', 'c', 'a', 'b']) top.add(value);
    assert.deepEqual(top.top(2), [
      { value: 'a', count: 3, error: 0 },
      { value: 'b', count: 2, error: 0 },
    ]);
  });

  it('keeps the heavy hitters of a long tail, with a bounded error', () => {
    const top = new TopK(16);
    let total = 0;
    for (let i = 0; i < 50_000; i++) {
      top.add(`tail-${String(i)}`);
      total++;
      if (i % 10 === 0) {
        top.add('heavy');
        total++;
      }
      if (i % 25 === 0) {
        top.add('second');
        total++;
      }
    }
    const [first, second] = top.top(2);
    assert.equal(first?.value, 'heavy');
    assert.equal(second?.value, 'second');
    // The estimate never undercounts and overcounts by at most `error` ≤ total / capacity.
    assert.ok(first.count >= 5000 && first.count - first.error <= 5000);
    assert.ok(first.error <= total / 16);
  });
});

describe('TimeSeries', () => {
  it('counts per minute with the gaps, and coarsens past its capacity', () => {
    const series = new TimeSeries(10);
    series.add(T0, 200, 10);
    series.add(T0 + 30_000, 503, 10);
    series.add(T0 + 3 * MINUTE_MS, 404, 10);
    const points = series.points();
    assert.equal(points.length, 4);
    assert.deepEqual(
      points.map((p) => [p.requests, p.s5xx, p.s4xx]),
      [
        [2, 1, 0],
        [0, 0, 0],
        [0, 0, 0],
        [1, 0, 1],
      ],
    );
    series.add(T0 + 30 * MINUTE_MS, 200, 10);
    assert.ok(series.bucketMs >= 4 * MINUTE_MS);
    assert.ok(series.points().length <= 10);
    assert.equal(
      series.points().reduce((sum, p) => sum + p.requests, 0),
      4,
    );
  });
});

describe('GroupMap', () => {
  it('folds groups past its limit into (other)', () => {
    const groups = new GroupMap<string>(0, false, 2);
    for (const host of ['a', 'b', 'c', 'd']) groups.of(host).add(record(), -1, -1);
    assert.deepEqual([...groups.groups.keys()], ['a', 'b', OTHER_GROUP]);
    assert.equal(groups.groups.get(OTHER_GROUP)?.requests, 2);
  });
});

describe('traffic statistics', () => {
  it('per host, route and upstream: requests, status classes, bytes, latency, top lists', async () => {
    const records = [
      ...many(8, (i) => record({ time: T0 + i * 1000, clientIp: '203.0.113.1', target: '/products/1' })),
      record({
        time: T0 + MINUTE,
        status: 503,
        upstreamName: 'shop-api-8080',
        target: '/api/v1/cart',
        requestTime: 1.5,
      }),
      record({ time: T0 + MINUTE, status: 404, upstreamName: 'upstream-default-backend', target: '/' }),
    ];
    const { analyzer } = await analyze(records, { detections: [] });
    const totals = analyzer.totals.json();
    assert.equal(totals.requests, 10);
    assert.equal(totals.status['2xx'], 8);
    assert.equal(totals.status['5xx'], 1);
    assert.equal(totals.bytes, 10 * 512);
    assert.equal(totals.requestTime?.max, 1.5);
    assert.deepEqual(totals.topClientIps?.[0], { value: '203.0.113.1', count: 8, error: 0 });
    const hosts = Object.fromEntries([...analyzer.hosts.groups].map(([host, g]) => [host, g.requests]));
    assert.deepEqual(hosts, { 'shop.example.com': 9 });
    const upstreams = Object.fromEntries([...analyzer.upstreams.groups].map(([u, g]) => [u, g.requests]));
    assert.deepEqual(upstreams, { 'shop-web-80': 8, 'shop-api-8080': 1, 'upstream-default-backend': 1 });
    assert.equal(analyzer.routes.groups.size, 2);
    assert.deepEqual(
      analyzer.timeline.points().map((p) => p.requests),
      [8, 2],
    );
  });
});
