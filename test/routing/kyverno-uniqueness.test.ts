/**
 * kyverno/policies' uniqueness tests (../shared/conformance/kyverno), answered through the route
 * table instead of pairwise comparisons: a chainsaw test applies files in order and expects some to be
 * refused; here every applied Ingress joins the state unless the table says it would lose a host + path
 * (unique-ingress-host-and-path) or share a host with another Ingress (restrict-ingress-host,
 * check-single-host-create).
 *
 * unique-ingress-paths is not routed through the table: it refuses a path whose first segment another
 * namespace already uses on ANY host, which is an ownership convention, not a routing conflict (those
 * Ingresses never compete for a request).
 *
 * test/conformance/kyverno.test.ts still lists unique-ingress-host-and-path and unique-ingress-paths as
 * "judged through the route table": it could now point at this file for the first, and cover
 * restrict-ingress-host's check-single-host-create too (it covers only deny-multiple-hosts today).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { modelFromYaml } from '../helpers/load.ts';
import { buildRouteTable, type RouteTable } from '../../src/routing/index.ts';
import { CORPUS, chainsawTests } from '../conformance/kyverno-corpus.ts';

type Judge = (table: RouteTable, newcomer: { namespace: string; name: string }) => boolean;

interface Doc {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly text: string;
}

function documents(text: string): Doc[] {
  return parseAllDocuments(text).flatMap((document) => {
    const value = document.toJS() as {
      kind?: string;
      metadata?: { name?: string; namespace?: string };
    } | null;
    if (value?.kind !== 'Ingress' || !value.metadata?.name) return [];
    const namespace = value.metadata.namespace ?? 'default';
    return [
      {
        key: `${namespace}/${value.metadata.name}`,
        namespace,
        name: value.metadata.name,
        text: document.toString(),
      },
    ];
  });
}

/** Whether applying `doc` over `state` is refused: the newcomer comes last, like an object not created yet. */
function refused(state: ReadonlyMap<string, string>, doc: Doc, judge: Judge): boolean {
  const others = [...state].filter(([key]) => key !== doc.key).map(([, text]) => text);
  const { model } = modelFromYaml([...others, doc.text].join('\n---\n'), 'state.yaml');
  return judge(buildRouteTable(model), doc);
}

const isSource = (namespace: string, name: string) => (e: { source: { namespace: string; name: string } }) =>
  e.source.namespace === namespace && e.source.name === name;

/** unique-ingress-host-and-path: the newcomer loses a host + path collision. */
const losesHostAndPath: Judge = (table, { namespace, name }) =>
  table.entries.some((e) => isSource(namespace, name)(e) && e.shadowed?.reason === 'collision');

/** check-single-host-create: a host of the newcomer already has entries from another Ingress. */
const sharesHost: Judge = (table, { namespace, name }) => {
  const own = table.entries.filter(isSource(namespace, name));
  const hostOf = (e: RouteTable['entries'][number]): string | undefined =>
    e.host.type === 'any' ? undefined : e.host.value;
  return own.some((entry) => {
    const host = hostOf(entry);
    return (
      host !== undefined &&
      table.entries.some((other) => !isSource(namespace, name)(other) && hostOf(other) === host)
    );
  });
};

function runChainsaw(policy: string, judge: Judge): void {
  for (const { test, applies } of chainsawTests(policy)) {
    it(test, () => {
      const state = new Map<string, string>();
      for (const apply of applies) {
        const docs = documents(apply.text);
        const verdicts = docs.map((doc) => refused(state, doc, judge));
        assert.equal(verdicts.some(Boolean), apply.rejected, `${apply.file}: ${JSON.stringify(verdicts)}`);
        // Accepted objects join the state; a refused apply changes nothing.
        if (!apply.rejected) for (const doc of docs) state.set(doc.key, doc.text);
      }
    });
  }
}

describe('kyverno unique-ingress-host-and-path through the route table', () => {
  runChainsaw('unique-ingress-host-and-path', losesHostAndPath);
});

describe('kyverno restrict-ingress-host (check-single-host-create) through the route table', () => {
  runChainsaw('restrict-ingress-host', sharesHost);

  it('restrict-ingress-host/kyverno-test: hosts from values.yaml are the existing ones', () => {
    const dir = join(CORPUS, 'restrict-ingress-host', 'kyverno-test');
    const values = parse(readFileSync(join(dir, 'values.yaml'), 'utf8')) as {
      policies: { rules: { name: string; values: { hosts: string } }[] }[];
    };
    const hosts = JSON.parse(values.policies[0]?.rules[0]?.values.hosts ?? '[]') as string[];
    const existing = new Map(
      hosts.map((host, index) => [
        `existing/existing-${String(index)}`,
        `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: existing-${String(index)}, namespace: existing }\nspec:\n  rules: [{ host: ${host}, http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: s, port: { number: 80 } } } }] } }]\n`,
      ]),
    );
    const verdicts = Object.fromEntries(
      documents(readFileSync(join(dir, 'resource.yaml'), 'utf8')).map((doc) => [
        doc.name,
        refused(existing, doc, sharesHost),
      ]),
    );
    // kyverno-test.yaml: ingress-kyverno-host fails check-single-host-create, ingress-foo-host passes.
    assert.deepEqual(verdicts, { 'ingress-kyverno-host': true, 'ingress-foo-host': false });
  });
});
