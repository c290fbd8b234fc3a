/**
 * Gateway API conformance carried over as data (test/fixtures/gateway-api-conformance): for each
 * conformance test, its manifests plus the base manifests, and every request of the upstream test with
 * the backend it must reach or the status it must get. gatewatch's matcher must agree on each.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { modelFromYaml } from '../helpers/load.ts';
import { buildRouteTable, route } from '../../src/routing/index.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'gateway-api-conformance');
/** Conformance requests go to the Gateway's address; any name serves where listeners set none. */
const GATEWAY_ADDRESS = 'gateway.conformance.test';

interface Expectations {
  readonly gateway: string;
  readonly requests: readonly {
    readonly request: {
      readonly path: string;
      readonly host?: string;
      readonly method?: string;
      readonly headers?: Record<string, string>;
    };
    readonly backend?: string;
    readonly status?: number;
  }[];
}

const base = readFileSync(join(ROOT, 'base', 'manifests.yaml'), 'utf8');
const tests = readdirSync(ROOT)
  .filter((name) => name !== 'base')
  .sort();

describe('Gateway API conformance (routing expectations)', () => {
  it('carries over every test the routing release relies on', () => {
    assert.deepEqual(tests, [
      'httproute-cross-namespace',
      'httproute-exact-path-matching',
      'httproute-header-matching',
      'httproute-hostname-intersection',
      'httproute-invalid-reference-grant',
      'httproute-listener-hostname-matching',
      'httproute-matching',
      'httproute-matching-across-routes',
      'httproute-method-matching',
      'httproute-query-param-matching',
      'httproute-reference-grant',
    ]);
  });
  for (const test of tests) {
    describe(test, () => {
      const manifests = readFileSync(join(ROOT, test, 'manifests.yaml'), 'utf8');
      const expectations = parse(readFileSync(join(ROOT, test, 'expectations.yaml'), 'utf8')) as Expectations;
      const { model } = modelFromYaml(`${base}\n---\n${manifests}`, `${test}.yaml`);
      const table = buildRouteTable(model);
      expectations.requests.forEach(({ request, backend, status }, index) => {
        const label = `${String(index)}: ${request.method ?? 'GET'} ${request.host ?? ''}${request.path} ${JSON.stringify(request.headers ?? {})} → ${backend ?? String(status)}`;
        it(label, () => {
          const decision = route(
            table,
            { host: GATEWAY_ADDRESS, ...request },
            { frontend: expectations.gateway },
          );
          const reached = decision.backend ? `${decision.backend.namespace}/${decision.backend.name}` : null;
          const detail = JSON.stringify(
            { match: decision.match, backend: decision.backend, candidates: decision.candidates },
            null,
            1,
          );
          if (backend !== undefined) {
            assert.equal(reached, backend, detail);
            assert.equal(decision.errorStatus, null, detail);
          } else if (status === 404) {
            assert.equal(decision.match, null, detail);
            assert.equal(decision.fallback, 'controller-404', detail);
          } else {
            assert.equal(decision.errorStatus, status, detail);
          }
        });
      });
    });
  }
});
