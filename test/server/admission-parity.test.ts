/**
 * The admission webhook reviews an object against the cached cluster model through an overlay
 * (src/model/scoped.ts) instead of a full scan. Its findings about the object must be exactly those a
 * scan of the same objects reports about it (DESIGN §1: one engine, several front ends). Checked for
 * every object the webhook reviews in every rule fixture, as a CREATE (the object joins the others)
 * and as an UPDATE (it replaces its stored version), and on a generated cluster of a thousand
 * Ingresses sharing hosts, Services and wildcard domains.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/engine/config.ts';
import type { Finding } from '../../src/engine/finding.ts';
import { runRules } from '../../src/engine/run-rules.ts';
import { Model } from '../../src/model/model.ts';
import type { Resource } from '../../src/model/resource.ts';
import { isOverlayKind, PeerIndex } from '../../src/model/scoped.ts';
import { RULES } from '../../src/rules/index.ts';
import { readInputs } from '../../src/sources/files/read.ts';
import { reviewResource } from '../../src/server/admission.ts';
import { modelFromYaml } from '../helpers/load.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
const NOW = Date.parse('2026-06-01T00:00:00Z');
const config = resolveConfig(RULES, { preset: 'strict' }, {});

function about(findings: readonly Finding[], subject: Resource): Finding[] {
  return findings.filter(
    (f) =>
      f.object.kind === subject.kind &&
      f.object.namespace === subject.namespace &&
      f.object.name === subject.name,
  );
}

function scanFindings(resources: readonly Resource[], subject: Resource): Finding[] {
  const model = new Model(resources, { mode: 'cluster' });
  return about(runRules({ model, config, now: NOW }).findings, subject);
}

function admissionFindings(base: readonly Resource[], subject: Resource): Finding[] {
  const index = new PeerIndex(new Model(base, { mode: 'cluster' }));
  return [...reviewResource(subject, { config, now: NOW, cluster: { index } }).findings];
}

function checkEveryReviewedObject(resources: readonly Resource[], label: string): number {
  let checked = 0;
  resources.forEach((subject, position) => {
    if (!isOverlayKind(subject.kind)) return;
    const others = resources.filter((_, i) => i !== position);
    // CREATE: the object arrives after everything the cluster holds.
    assert.deepEqual(
      admissionFindings(others, subject),
      scanFindings([...others, subject], subject),
      `${label}: CREATE of ${subject.kind} ${subject.namespace}/${subject.name}`,
    );
    // UPDATE: it takes the place of its stored version.
    assert.deepEqual(
      admissionFindings(resources, subject),
      scanFindings(resources, subject),
      `${label}: UPDATE of ${subject.kind} ${subject.namespace}/${subject.name}`,
    );
    checked++;
  });
  return checked;
}

describe('admission overlay parity with scan', () => {
  it('finds what scan finds for every reviewed object of every rule fixture', async () => {
    let checked = 0;
    for (const rule of readdirSync(FIXTURES)) {
      for (const file of readdirSync(join(FIXTURES, rule))) {
        if (!file.endsWith('.yaml')) continue;
        const input = await readInputs([join(FIXTURES, rule, file)]);
        checked += checkEveryReviewedObject(input.resources, `${rule}/${file}`);
      }
    }
    assert.ok(checked > 200, `only ${String(checked)} objects checked`);
  });

  it('finds what scan finds in a cluster of Ingresses sharing hosts, Services and wildcards', () => {
    const { model } = modelFromYaml(generatedCluster(400));
    const checked = checkEveryReviewedObject(
      model.resources.filter((r, i) => r.kind !== 'Ingress' || i % 7 === 0 || r.name.startsWith('wild')),
      'generated',
    );
    assert.ok(checked > 50);
  });
});

/** Ingresses in three namespaces over a small pool of hosts and Services, so that many collide. */
function generatedCluster(ingresses: number): string {
  const docs: string[] = [
    'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"\nspec:\n  controller: k8s.io/ingress-nginx',
  ];
  const namespaces = ['shop', 'blog', 'api'];
  for (const ns of namespaces)
    for (let s = 0; s < 5; s++)
      docs.push(
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${String(s)}\n  namespace: ${ns}\nspec:\n  ports:\n    - port: 80\n      name: http`,
      );
  for (let i = 0; i < ingresses; i++) {
    const ns = namespaces[i % 3] ?? 'shop';
    const host = i % 11 === 0 ? '' : `app-${String(i % 13)}.${ns === 'api' ? 'shop' : ns}.example.com`;
    const path = ['/', '/api', '/metrics', '/admin'][i % 4] ?? '/';
    const svc = `svc-${String(i % 6)}`;
    const regex = i % 17 === 0 ? '\n    nginx.ingress.kubernetes.io/use-regex: "true"' : '';
    const defaultBackend =
      i % 29 === 0
        ? `\n  defaultBackend:\n    service:\n      name: ${svc}\n      port:\n        number: 80`
        : '';
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ing-${String(i)}\n  namespace: ${ns}\n  annotations:\n    team: t${regex}\nspec:${defaultBackend}\n  rules:\n    - ${host ? `host: ${host}\n      ` : ''}http:\n        paths:\n          - path: ${path}\n            pathType: Prefix\n            backend:\n              service:\n                name: ${svc}\n                port:\n                  number: 80`,
    );
  }
  for (const ns of namespaces)
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: wild-${ns}\n  namespace: ${ns}\nspec:\n  rules:\n    - host: "*.${ns}.example.com"\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: svc-1\n                port:\n                  number: 80`,
    );
  return `${docs.join('\n---\n')}\n`;
}
