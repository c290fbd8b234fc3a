/**
 * Kyverno's CEL policies (the variant-other-cel and variant-other-vpol folders of the corpus, whose
 * policy YAMLs are described, not shipped) written as gatewatch CEL policies — once as `policies:` in
 * the config, once as ValidatingAdmissionPolicy + binding objects in the input — and run over the
 * corpus's resources: every verdict kyverno's tests expect, per kyverno rule, must be gatewatch's.
 * These cover what no built-in rule judges (restrict-ingress-classes is an organisation allowlist).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { RULES } from '../../src/rules/index.ts';
import { parseConfig, resolveConfig, type ResolvedConfig } from '../../src/engine/config.ts';
import { runRules } from '../../src/engine/run-rules.ts';
import type { Finding } from '../../src/engine/finding.ts';
import { annotationPath } from '../../src/model/field-path.ts';
import { modelFromYaml } from '../helpers/load.ts';
import { chainsawTests, kyvernoTests, policies, type Verdict } from './kyverno-corpus.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const CLASS = annotationPath('kubernetes.io/ingress.class');
const ALLOW_HTTP = annotationPath('kubernetes.io/ingress.allow-http');

interface CelPolicy {
  /** The policy as `.gatewatch.yaml` holds it. */
  readonly config: Record<string, unknown>;
  /** The same policy as ValidatingAdmissionPolicy objects (and params) added to the input. */
  readonly admission: string;
  /** Kyverno rule name → the field path gatewatch's finding for it points at ('-': the whole policy). */
  readonly rules: Readonly<Record<string, string>>;
}

const CEL_POLICIES: Record<string, CelPolicy> = {
  'restrict-ingress-classes': {
    config: {
      id: 'restrict-ingress-classes',
      description: 'Ingresses name one of the approved classes in kubernetes.io/ingress.class.',
      match: { kinds: ['Ingress'] },
      params: { allowedClasses: ['HAProxy', 'nginx'] },
      validations: [
        {
          expression:
            "has(object.metadata.annotations) && 'kubernetes.io/ingress.class' in object.metadata.annotations && object.metadata.annotations['kubernetes.io/ingress.class'] in params.allowedClasses",
          messageExpression: "'Unknown ingress class; use one of ' + params.allowedClasses.join(', ')",
          fieldPath: CLASS,
        },
      ],
    },
    admission: `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: restrict-ingress-classes
spec:
  failurePolicy: Fail
  paramKind: { apiVersion: v1, kind: ConfigMap }
  matchConstraints:
    resourceRules:
      - apiGroups: [networking.k8s.io]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [ingresses]
  variables:
    - name: class
      expression: "has(object.metadata.annotations) && 'kubernetes.io/ingress.class' in object.metadata.annotations ? object.metadata.annotations['kubernetes.io/ingress.class'] : ''"
  validations:
    - expression: "variables.class in params.data.allowed.split(',')"
      messageExpression: "'Unknown ingress class \\"' + variables.class + '\\"'"
      fieldPath: '${CLASS.replace(/'/g, "''")}'
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: restrict-ingress-classes
spec:
  policyName: restrict-ingress-classes
  validationActions: [Deny]
  paramRef:
    name: ingress-classes
    namespace: policy-params
    parameterNotFoundAction: Deny
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-classes
  namespace: policy-params
data:
  allowed: HAProxy,nginx
`,
    rules: { 'validate-ingress': CLASS, '-': CLASS },
  },
  'require-ingress-https': {
    config: {
      id: 'require-ingress-https',
      match: { kinds: ['Ingress'] },
      validations: [
        {
          expression:
            "has(object.metadata.annotations) && 'kubernetes.io/ingress.allow-http' in object.metadata.annotations && object.metadata.annotations['kubernetes.io/ingress.allow-http'] == 'false'",
          message: 'The kubernetes.io/ingress.allow-http annotation must be set to false.',
          fieldPath: ALLOW_HTTP,
        },
        { expression: 'has(object.spec.tls)', message: 'TLS must be defined.', fieldPath: 'spec.tls' },
      ],
    },
    admission: `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: require-ingress-https
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: ['*']
        apiVersions: ['*']
        operations: ['*']
        resources: [ingresses]
  validations:
    - expression: "has(object.metadata.annotations) && object.metadata.annotations.exists(k, k == 'kubernetes.io/ingress.allow-http' && object.metadata.annotations[k] == 'false')"
      message: The kubernetes.io/ingress.allow-http annotation must be set to false.
      fieldPath: '${ALLOW_HTTP}'
    - expression: "has(object.spec.tls)"
      message: TLS must be defined.
      fieldPath: spec.tls
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: require-ingress-https-everywhere
spec:
  policyName: require-ingress-https
  validationActions: [Deny, Audit]
`,
    rules: { 'has-annotation': ALLOW_HTTP, 'has-tls': 'spec.tls', '-': '*' },
  },
};

/** How each form of a policy is run: which rule ids its findings carry, the config, extra input. */
interface Form {
  readonly name: string;
  readonly ruleId: (policy: string) => string;
  readonly config: (policy: string) => ResolvedConfig;
  readonly extraInput: (policy: string) => string;
}

const FORMS: readonly Form[] = [
  {
    name: 'config policy',
    ruleId: (policy) => policy,
    config: (policy) => resolveConfig([], parseConfig({ policies: [CEL_POLICIES[policy]?.config] }), {}),
    extraInput: () => '',
  },
  {
    name: 'ValidatingAdmissionPolicy in the input',
    ruleId: () => 'admission-policy-violation',
    config: () =>
      resolveConfig(
        RULES.filter((r) => r.id === 'admission-policy-violation'),
        {},
        {},
      ),
    extraInput: (policy) => CEL_POLICIES[policy]?.admission ?? '',
  },
];

function findingsFor(form: Form, policy: string, text: string): Finding[] {
  const { model, problems } = modelFromYaml(`${text}\n---\n${form.extraInput(policy)}`, 'corpus.yaml');
  assert.deepEqual(
    problems.filter((p) => p.id === 'input-parse-error'),
    [],
  );
  const findings = runRules({ model, config: form.config(policy), now: NOW }).findings;
  return findings.filter((f) => f.ruleId === form.ruleId(policy));
}

function verdictOf(findings: readonly Finding[], resource: string, path: string): Verdict {
  const [namespace, name] = resource.includes('/') ? resource.split('/', 2) : [undefined, resource];
  const fired = findings.some(
    (f) =>
      f.object.kind === 'Ingress' &&
      f.object.name === name &&
      (namespace === undefined || f.object.namespace === namespace) &&
      (path === '*' || f.path === path),
  );
  return fired ? 'fail' : 'pass';
}

describe('kyverno CEL policies as gatewatch CEL policies', () => {
  it('the corpus holds both policies with their CEL and ValidatingPolicy variants', () => {
    for (const policy of Object.keys(CEL_POLICIES)) {
      assert.ok(policies().includes(policy), policy);
      const tests = kyvernoTests(policy).map((t) => t.test);
      assert.ok(
        tests.some((t) => t.includes('variant-other-cel')),
        `${policy}: variant-other-cel`,
      );
      assert.ok(
        tests.some((t) => t.includes('variant-other-vpol')),
        `${policy}: variant-other-vpol`,
      );
    }
  });

  for (const form of FORMS) {
    for (const [policy, cel] of Object.entries(CEL_POLICIES)) {
      describe(`${policy} as a ${form.name}`, () => {
        for (const test of kyvernoTests(policy)) {
          it(test.test, () => {
            const findings = findingsFor(form, policy, test.inputs.map((i) => i.text).join('\n---\n'));
            assert.ok(test.expected.length > 0);
            for (const expected of test.expected) {
              const path = cel.rules[expected.kyvernoRule];
              assert.ok(path, `kyverno rule ${expected.kyvernoRule} is mapped`);
              assert.equal(
                verdictOf(findings, expected.resource, path),
                expected.verdict,
                `${expected.resource} (${expected.kyvernoRule}) expected ${expected.verdict}`,
              );
            }
          });
        }
        for (const test of chainsawTests(policy)) {
          it(test.test, () => {
            assert.ok(test.applies.length > 0);
            for (const apply of test.applies) {
              const findings = findingsFor(form, policy, apply.text);
              const names = parseAllDocuments(apply.text)
                .map((d) => (d.toJS() as { metadata?: { name?: string } } | null)?.metadata?.name)
                .filter((name): name is string => name !== undefined);
              assert.ok(names.length > 0);
              for (const name of names) {
                assert.equal(
                  verdictOf(findings, name, '*'),
                  apply.rejected ? 'fail' : 'pass',
                  `${apply.file}: ${name} must be ${apply.rejected ? 'rejected' : 'admitted'}`,
                );
              }
            }
          });
        }
      });
    }
  }
});
