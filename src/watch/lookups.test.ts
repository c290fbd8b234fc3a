/**
 * The recording model (lookups.ts) and what rules derive from a model (Model.derived: the route
 * table, the Gateway API and RBAC indexes): built from the recording view, so that every lookup made
 * while building them is recorded — a route table built from the model behind the view would record
 * nothing, and the reviewer would not know which changes alter it — and kept per view.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routeTableOf } from '../routing/table.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { ANY, recordingModel } from './lookups.ts';

const YAML = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: web }
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: shop, port: { number: 80 } } } }
---
apiVersion: v1
kind: Service
metadata: { name: shop, namespace: web }
spec: { ports: [{ port: 80 }] }
`;

describe('recordingModel and derived data', () => {
  it('builds a route table from the view, recording what building it read', () => {
    const { model } = modelFromYaml(YAML);
    const keys: string[] = [];
    const view = recordingModel(model, (key) => keys.push(key));
    const table = routeTableOf(view);
    assert.equal(table.entries.length, 1);
    assert.ok(keys.includes('Ingress/*'), `recorded: ${keys.join(', ')}`);
    assert.ok(keys.includes('Service/web/shop'), `recorded: ${keys.join(', ')}`);
    assert.ok(!keys.includes(ANY), 'deriving data is not a lookup of anything');
  });

  it('keeps derived data per view, apart from the model behind it', () => {
    const { model } = modelFromYaml(YAML);
    const first = recordingModel(model, () => undefined);
    const second = recordingModel(model, () => undefined);
    assert.equal(routeTableOf(first), routeTableOf(first));
    assert.notEqual(routeTableOf(first), routeTableOf(second));
    assert.notEqual(routeTableOf(first), routeTableOf(model));
    assert.equal(routeTableOf(model), routeTableOf(model));
  });
});
