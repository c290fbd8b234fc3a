/**
 * Conformance with kyverno/policies' own test data (../shared/conformance, read at run time): for
 * every policy a gatewatch rule covers, gatewatch must reach the same verdict per resource — or the
 * disagreement is listed here with the reason. Policies no rule covers are listed with why.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { RULES } from '../../src/rules/index.ts';
import { resolveConfig } from '../../src/engine/config.ts';
import { runRules } from '../../src/engine/run-rules.ts';
import type { Finding } from '../../src/engine/finding.ts';
import { modelFromYaml } from '../helpers/load.ts';
import { chainsawTests, kyvernoTests, policies, type Verdict } from './kyverno-corpus.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');

interface Coverage {
  /** gatewatch rules per kind of resource judged. */
  readonly rules: Readonly<Record<string, readonly string[]>>;
  /** Only these kyverno rules of the policy are covered (default: all). */
  readonly kyvernoRules?: readonly string[];
  /** `Kind/name` → why gatewatch's verdict differs on purpose (gatewatch's verdict is the opposite). */
  readonly disagreements?: Readonly<Record<string, string>>;
}

const INGRESS_NIGHTMARE =
  'the controller runs v1.11.2, vulnerable to IngressNightmare (CVE-2025-1974, fixed in v1.11.5/v1.12.1); kyverno only checks CVE-2024-7646';

const ALLOW_HTTP_ONLY =
  'spec.tls lists the hosts, so TLS is configured; kyverno fails it only for lacking the kubernetes.io/ingress.allow-http: "false" annotation';

const COVERED: Record<string, Coverage> = {
  'check-ingress-nginx-controller-version-and-annotation-policy': {
    rules: {
      Ingress: ['nginx-snippet-annotation', 'nginx-annotation-invalid-value'],
      Pod: ['controller-ingress-nginx-vulnerable'],
    },
    disagreements: {
      'Pod/good-pod': INGRESS_NIGHTMARE,
      'Pod/ingress-nginx-controller-6bbf7f5879-bvh6l': INGRESS_NIGHTMARE,
    },
  },
  'disallow-empty-ingress-host': { rules: { Ingress: ['ingress-host-empty'] } },
  'disallow-ingress-nginx-custom-snippets': {
    rules: {
      ConfigMap: ['controller-snippets-allowed'],
      Ingress: ['nginx-snippet-annotation', 'nginx-annotation-foreign'],
    },
  },
  'disallow-localhost-services': { rules: { Service: ['service-externalname-localhost'] } },
  'ingress-host-match-tls': { rules: { Ingress: ['ingress-tls-host-uncovered'] } },
  'require-ingress-https': {
    rules: { Ingress: ['ingress-tls-missing'] },
    // Kyverno's has-annotation rule also demands kubernetes.io/ingress.allow-http: "false"; gatewatch judges TLS only.
    disagreements: {
      'Ingress/badingress01': ALLOW_HTTP_ONLY,
      'Ingress/badingress02': ALLOW_HTTP_ONLY,
      'Ingress/badingress03': ALLOW_HTTP_ONLY,
    },
  },
  'restrict-annotations': { rules: { Ingress: ['nginx-snippet-dangerous'] } },
  'restrict-ingress-defaultbackend': { rules: { Ingress: ['ingress-default-backend'] } },
  'restrict-ingress-host': {
    rules: { Ingress: ['ingress-single-host'] },
    kyvernoRules: ['deny-multiple-hosts'],
  },
  'restrict-ingress-paths': { rules: { Ingress: ['ingress-path-dangerous'] } },
  'restrict-ingress-wildcard': { rules: { Ingress: ['ingress-host-wildcard', 'ingress-host-invalid'] } },
  // Existing objects come first in the merged input, standing in for apply order: the newcomer loses.
  'unique-ingress-host-and-path': { rules: { Ingress: ['ingress-host-path-conflict'] } },
};

/**
 * Organisation choices rather than defects, covered by gatewatch CEL policies (config policies and
 * ValidatingAdmissionPolicies): their verdicts are asserted in cel-policies.test.ts.
 */
const COVERED_BY_CEL_POLICY: readonly string[] = ['restrict-ingress-classes'];

/** Policies no built-in rule covers, and why. */
const NOT_COVERED: Record<string, string> = {
  'check-routes': 'OpenShift Route is not a kind gatewatch reviews (skipped as input-unknown-kind)',
  'unique-routes': 'OpenShift Route is not a kind gatewatch reviews (skipped as input-unknown-kind)',
  'restrict-virtual-service-wildcard':
    'Istio VirtualService is not a kind gatewatch reviews (skipped as input-unknown-kind)',
  'disallow-default-tlsoptions':
    'Traefik TLSOption ownership is an RBAC question (who may create it), answered by who-can in a later release',
  'replace-ingress-hosts': 'a mutating policy: gatewatch reviews, it does not rewrite objects',
  'unique-ingress-host-and-path':
    'cluster-wide uniqueness is judged through the route table (routing release)',
  'unique-ingress-paths': 'cluster-wide uniqueness is judged through the route table (routing release)',
};

function findingsFor(text: string, ruleIds: readonly string[]): Finding[] {
  const { model } = modelFromYaml(text, 'corpus.yaml');
  const registry = RULES.filter((r) => ruleIds.includes(r.id));
  const config = resolveConfig(registry, {}, { preset: 'strict' });
  return runRules({ model, config, now: NOW }).findings;
}

function verdictOf(
  findings: readonly Finding[],
  kind: string,
  resource: string,
  ruleIds: readonly string[],
): Verdict {
  const [namespace, name] = resource.includes('/') ? resource.split('/', 2) : [undefined, resource];
  const fired = findings.some(
    (f) =>
      ruleIds.includes(f.ruleId) &&
      f.object.kind === kind &&
      f.object.name === name &&
      (namespace === undefined || f.object.namespace === namespace),
  );
  return fired ? 'fail' : 'pass';
}

function expectVerdict(
  coverage: Coverage,
  kind: string,
  name: string,
  expected: Verdict,
  actual: Verdict,
  where: string,
): void {
  const reason = coverage.disagreements?.[`${kind}/${name.split('/').pop() ?? name}`];
  if (reason) {
    assert.notEqual(
      actual,
      expected,
      `${where}: listed as a disagreement (${reason}) but gatewatch now agrees`,
    );
  } else {
    assert.equal(actual, expected, `${where}: ${kind} ${name} expected ${expected}`);
  }
}

describe('kyverno conformance corpus', () => {
  it('every policy in the corpus is either covered or explained', () => {
    const unknown = policies().filter(
      (p) => !(p in COVERED) && !(p in NOT_COVERED) && !COVERED_BY_CEL_POLICY.includes(p),
    );
    assert.deepEqual(unknown, []);
  });

  it('every rule the coverage names exists', () => {
    const ids = new Set(RULES.map((r) => r.id));
    const named = Object.values(COVERED).flatMap((c) => Object.values(c.rules).flat());
    assert.deepEqual(
      named.filter((id) => !ids.has(id)),
      [],
    );
  });

  for (const [policy, coverage] of Object.entries(COVERED)) {
    const allRules = [...new Set(Object.values(coverage.rules).flat())];
    for (const test of kyvernoTests(policy)) {
      it(test.test, () => {
        const findings = findingsFor(test.inputs.map((i) => i.text).join('\n---\n'), allRules);
        const judged = test.expected.filter(
          (e) =>
            e.kind in coverage.rules &&
            (!coverage.kyvernoRules || coverage.kyvernoRules.includes(e.kyvernoRule)),
        );
        assert.ok(judged.length > 0, 'the test judges at least one resource gatewatch covers');
        for (const expected of judged) {
          const ruleIds = coverage.rules[expected.kind] ?? [];
          expectVerdict(
            coverage,
            expected.kind,
            expected.resource,
            expected.verdict,
            verdictOf(findings, expected.kind, expected.resource, ruleIds),
            test.test,
          );
        }
      });
    }
    if (coverage.kyvernoRules) continue; // chainsaw applies judge the whole policy at once
    for (const test of chainsawTests(policy)) {
      it(test.test, () => {
        const state = new Map<string, string>();
        for (const apply of test.applies) {
          const documents = parseAllDocuments(apply.text).filter((d) => d.contents !== null);
          const incoming = documents.map((d) => {
            const value = d.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } };
            return {
              kind: value.kind ?? '',
              name: value.metadata?.name ?? '',
              namespace: value.metadata?.namespace ?? 'default',
              text: d.toString(),
            };
          });
          const merged = new Map(state);
          for (const object of incoming)
            merged.set(`${object.kind}/${object.namespace}/${object.name}`, object.text);
          const findings = findingsFor([...merged.values()].join('\n---\n'), allRules);
          for (const object of incoming.filter((o) => o.kind in coverage.rules)) {
            const actual = verdictOf(
              findings,
              object.kind,
              `${object.namespace}/${object.name}`,
              coverage.rules[object.kind] ?? [],
            );
            expectVerdict(
              coverage,
              object.kind,
              object.name,
              apply.rejected ? 'fail' : 'pass',
              actual,
              `${test.test} ${apply.file}`,
            );
          }
          if (!apply.rejected) for (const [key, text] of merged) state.set(key, text);
        }
      });
    }
  }

  for (const [policy, why] of Object.entries(NOT_COVERED)) {
    it(`${policy}: not covered — ${why}`, () => {
      assert.ok(policies().includes(policy), 'the corpus still holds this policy');
    });
  }
});
