/**
 * Parity of the incremental reviewer with a full review: after every change, the findings it holds
 * equal those of `runRules` over the whole model, as multisets of (fingerprint, data). The model is
 * every rule fixture at once (a cluster with a bit of everything); the changes remove and restore every
 * object one by one, then edit Ingresses and Services so they start or stop colliding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRules } from '../engine/run-rules.ts';
import { resolveConfig } from '../engine/config.ts';
import type { Finding } from '../engine/finding.ts';
import { ModelStore, type StoreChange } from '../model/store.ts';
import type { JsonObject, Resource } from '../model/resource.ts';
import { RULES } from '../rules/index.ts';
import { ResourceCollector } from '../sources/collect.ts';
import { parseText } from '../sources/files/parse.ts';
import { IncrementalReviewer, findingIdentity } from './incremental.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'rules');

function allFixtureResources(): Resource[] {
  const collector = new ResourceCollector();
  for (const rule of readdirSync(FIXTURES).sort()) {
    for (const file of readdirSync(join(FIXTURES, rule)).sort()) {
      if (!/\.ya?ml$/.test(file)) continue;
      const path = join(FIXTURES, rule, file);
      for (const document of parseText(readFileSync(path, 'utf8'), path).documents)
        collector.addDocument(document);
    }
  }
  // One object per kind/namespace/name (the collector keeps duplicates as problems, not resources).
  return collector.resources;
}

function identities(findings: readonly Finding[]): string[] {
  return findings.map(findingIdentity).sort();
}

function assertParity(
  store: ModelStore,
  reviewer: IncrementalReviewer,
  config: ReturnType<typeof resolveConfig>,
  step: string,
): void {
  const full = runRules({ model: store.snapshot(), config, now: NOW });
  const expected = identities(full.findings);
  const actual = identities(reviewer.findings());
  if (JSON.stringify(expected) === JSON.stringify(actual)) return;
  const missing = expected.filter((id) => !actual.includes(id));
  const extra = actual.filter((id) => !expected.includes(id));
  assert.fail(
    `${step}: incremental differs from full review\nmissing: ${missing.join('\n  ')}\nextra: ${extra.join('\n  ')}`,
  );
}

function withBody(resource: Resource, body: JsonObject): Resource {
  return { ...resource, body };
}

describe('incremental re-review', () => {
  const config = resolveConfig(RULES, { preset: 'strict' }, {});
  const resources = allFixtureResources();

  it('equals a full review after removing and restoring each object', () => {
    const store = new ModelStore({ mode: 'cluster' });
    for (const resource of resources) store.upsert(resource);
    const reviewer = new IncrementalReviewer({ config, now: () => NOW });
    reviewer.full(store.snapshot());
    assertParity(store, reviewer, config, 'initial');
    let expectedChanges = 0;
    // A few objects of every kind (all of them take long: two full reviews per object for the parity).
    const perKind = new Map<string, number>();
    const sample = resources.filter((resource) => {
      const seen = perKind.get(resource.kind) ?? 0;
      perKind.set(resource.kind, seen + 1);
      return seen < 3;
    });
    for (const resource of sample) {
      const removed = store.remove(resource.kind, resource.namespace, resource.name);
      if (!removed) continue;
      const deltaOut = reviewer.update(store.snapshot(), [removed], store.takeNamespaceSetChanged());
      assertParity(store, reviewer, config, `remove ${resource.kind} ${resource.namespace}/${resource.name}`);
      const added = store.upsert(resource);
      reviewer.update(store.snapshot(), [added], store.takeNamespaceSetChanged());
      assertParity(
        store,
        reviewer,
        config,
        `restore ${resource.kind} ${resource.namespace}/${resource.name}`,
      );
      expectedChanges += deltaOut.added.length + deltaOut.resolved.length;
    }
    assert.ok(expectedChanges > 0, 'removing objects changed some findings');
  });

  it('equals a full review while Ingresses gain hosts, paths and backends of others', () => {
    const store = new ModelStore({ mode: 'cluster' });
    for (const resource of resources) store.upsert(resource);
    const reviewer = new IncrementalReviewer({ config, now: () => NOW });
    reviewer.full(store.snapshot());
    const ingresses = resources.filter((r) => r.kind === 'Ingress');
    const donors = [...ingresses].reverse();
    ingresses.forEach((ingress, index) => {
      const donor = donors[index];
      if (!donor || donor === ingress || index % 2 === 1) return;
      const current = store.get(ingress.kind, ingress.namespace, ingress.name);
      if (!current) return;
      // Take the donor's spec (hosts, paths, backends, TLS) and annotations: new conflicts and peers.
      const changed = withBody(current, {
        ...current.body,
        metadata: {
          ...(current.body.metadata as JsonObject),
          annotations: (donor.body.metadata as JsonObject).annotations ?? {},
        },
        spec: donor.body.spec ?? {},
      });
      const change: StoreChange = store.upsert(changed);
      reviewer.update(store.snapshot(), [change], store.takeNamespaceSetChanged());
      assertParity(store, reviewer, config, `edit Ingress ${ingress.namespace}/${ingress.name}`);
    });
  });

  it('visits only what a change can affect', () => {
    const store = new ModelStore({ mode: 'cluster' });
    for (const resource of resources) store.upsert(resource);
    const reviewer = new IncrementalReviewer({ config, now: () => NOW });
    reviewer.full(store.snapshot());
    const service = resources.find((r) => r.kind === 'Service');
    assert.ok(service);
    const delta = reviewer.update(store.snapshot(), [store.upsert({ ...service })]);
    assert.ok(
      delta.visited < resources.length / 4,
      `visited ${String(delta.visited)} of ${String(resources.length)}`,
    );
    const ingress = resources.find((r) => r.kind === 'Ingress');
    assert.ok(ingress);
    const ingressDelta = reviewer.update(store.snapshot(), [store.upsert({ ...ingress })]);
    assert.ok(
      ingressDelta.collectiveVisited < resources.filter((r) => r.kind === 'Ingress').length / 4,
      `collective rules visited ${String(ingressDelta.collectiveVisited)} Ingresses`,
    );
  });
});
