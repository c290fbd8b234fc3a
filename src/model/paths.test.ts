import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  indexOfSegments,
  isCatchAllPath,
  literalSegments,
  normaliseHost,
  normalisePath,
  routeKey,
} from './paths.ts';

describe('paths', () => {
  it('normalises hosts case-insensitively and without the root dot', () => {
    assert.equal(normaliseHost('WWW.Example.com.'), 'www.example.com');
    assert.equal(normaliseHost(undefined), '');
  });

  it('normalises paths: missing means /, a trailing slash does not change a Prefix path', () => {
    assert.deepEqual(normalisePath(undefined, undefined), { path: '/', pathType: 'ImplementationSpecific' });
    assert.deepEqual(normalisePath('/api//', 'Prefix'), { path: '/api', pathType: 'Prefix' });
    assert.deepEqual(normalisePath('/api/', 'Exact'), { path: '/api/', pathType: 'Exact' });
    assert.deepEqual(normalisePath('/', 'Prefix'), { path: '/', pathType: 'Prefix' });
  });

  it('keys differ by pathType', () => {
    assert.notEqual(
      routeKey({ host: 'a', path: '/x', pathType: 'Exact' }),
      routeKey({ host: 'a', path: '/x', pathType: 'Prefix' }),
    );
  });

  it('reads literal segments after the first slash', () => {
    assert.deepEqual(literalSegments('/etc(/|$)(.*)'), ['etc']);
    assert.deepEqual(literalSegments('etc.example.com'), []);
    assert.deepEqual(literalSegments('/var/run/secrets/'), ['var', 'run', 'secrets']);
  });

  it('finds consecutive segments', () => {
    assert.equal(indexOfSegments(['a', 'var', 'run', 'secrets'], ['var', 'run', 'secrets']), 1);
    assert.equal(indexOfSegments(['var', 'secrets'], ['var', 'run']), -1);
  });

  it('knows catch-all paths', () => {
    assert.ok(isCatchAllPath({ path: '/', pathType: 'Prefix' }));
    assert.ok(!isCatchAllPath({ path: '/', pathType: 'Exact' }));
  });
});
