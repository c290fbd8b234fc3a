import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RouteJoiner } from './join.ts';
import { record, trafficTable } from '../../test/helpers/traffic.ts';

async function joiner(): Promise<RouteJoiner> {
  return new RouteJoiner(await trafficTable());
}

function label(joined: ReturnType<RouteJoiner['join']>): string {
  const entry = joined.entry;
  if (!entry) return joined.outcome;
  const host = entry.host.type === 'exact' ? entry.host.value : '*';
  return `${entry.source.namespace}/${entry.source.name} ${host}${entry.path.value}`;
}

describe('the join: records → route entries', () => {
  it('through the upstream name (ingress-nginx default format, no host)', async () => {
    const join = await joiner();
    assert.equal(
      label(join.join(record({ upstreamName: 'shop-api-8080', target: '/api/v1/x' }))),
      'shop/shop shop.example.com/api',
    );
    assert.equal(
      label(join.join(record({ upstreamName: 'accounts-auth-80', target: '/login' }))),
      'accounts/login shop.example.com/login',
    );
  });

  it('picks the rule by path among the rules sharing a backend (longest match)', async () => {
    const join = await joiner();
    assert.equal(
      label(join.join(record({ upstreamName: 'shop-web-80', target: '/static/app.js' }))),
      'shop/shop shop.example.com/static',
    );
    assert.equal(
      label(join.join(record({ upstreamName: 'shop-web-80', target: '/products/1' }))),
      'shop/shop shop.example.com/',
    );
    // Cached: the same answer the second time.
    assert.equal(
      label(join.join(record({ upstreamName: 'shop-web-80', target: '/static/app.js' }))),
      'shop/shop shop.example.com/static',
    );
  });

  it('through host + path when the format logs a host', async () => {
    const join = await joiner();
    assert.equal(
      label(join.join(record({ upstreamName: undefined, host: 'accounts.example.com', target: '/me' }))),
      'accounts/login accounts.example.com/',
    );
    assert.equal(
      label(
        join.join(record({ upstreamName: 'web@kubernetes', host: 'shop.example.com', target: '/api/v2' })),
      ),
      'shop/shop shop.example.com/api',
    );
  });

  it('default backend: ingress-nginx upstream-default-backend, or a host no rule routes', async () => {
    const join = await joiner();
    assert.equal(join.join(record({ upstreamName: 'upstream-default-backend' })).outcome, 'default-backend');
    assert.equal(
      join.join(record({ upstreamName: undefined, host: 'unknown.example.net' })).outcome,
      'default-backend',
    );
  });

  it('an upstream no backend has, without a host, is unrouted; no upstream and no host is no-upstream', async () => {
    const join = await joiner();
    assert.equal(join.join(record({ upstreamName: 'staging-old-api-80' })).outcome, 'unrouted-upstream');
    assert.equal(join.join(record({ upstreamName: '-' })).outcome, 'no-upstream');
    assert.equal(join.knowsUpstream('shop-web-80'), true);
    assert.equal(join.knowsUpstream('staging-old-api-80'), false);
  });

  it('without a table nothing joins', () => {
    const join = new RouteJoiner(undefined);
    assert.equal(join.join(record()).outcome, 'no-table');
    assert.equal(join.join(record({ upstreamName: 'upstream-default-backend' })).outcome, 'default-backend');
  });
});
