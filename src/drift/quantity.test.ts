import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quantityNanos, sameQuantity } from './quantity.ts';

describe('quantities', () => {
  it('equates the spellings the API server canonicalises', () => {
    assert.ok(sameQuantity('1Gi', '1073741824'));
    assert.ok(sameQuantity('500m', '0.5'));
    assert.ok(sameQuantity(0.5, '500m'), 'a YAML number is a quantity too');
    assert.ok(sameQuantity('1k', '1000'));
    assert.ok(sameQuantity('1e3', '1k'));
    assert.ok(sameQuantity('1024Mi', '1Gi'));
    assert.ok(sameQuantity('250m', '.25'));
  });

  it('keeps different amounts and different units apart', () => {
    assert.ok(!sameQuantity('1G', '1Gi'), 'decimal and binary giga differ');
    assert.ok(!sameQuantity('500m', '0.6'));
    assert.ok(!sameQuantity('1Gi', 'one gig'));
    assert.ok(!sameQuantity(undefined, undefined));
  });

  it('parses to exact nano-units, rounding finer values up', () => {
    assert.equal(quantityNanos('1m'), 1_000_000n);
    assert.equal(quantityNanos('1n'), 1n);
    assert.equal(quantityNanos('0.1n'), 1n);
    assert.equal(quantityNanos('-2'), -2_000_000_000n);
    assert.equal(quantityNanos('1Ki'), 1024n * 1_000_000_000n);
    assert.equal(quantityNanos('12Gb'), undefined);
    assert.equal(quantityNanos(''), undefined);
  });
});
