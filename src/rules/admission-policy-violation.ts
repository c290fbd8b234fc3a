import { defineRule } from '../engine/rule.ts';
import { asObject, asString, refOf, type Resource } from '../model/resource.ts';
import {
  bindingSpec,
  paramsFor,
  policyCompiler,
  policySpecOf,
  severityOfActions,
} from '../policies/admission-policies.ts';
import { evaluatePolicy } from '../policies/evaluate.ts';
import type { IngressView } from '../model/ingress.ts';
import { KNOWN_KINDS } from '../model/kinds.ts';
import { activationFor, matchResourcesMatches } from '../policies/match.ts';

/** Where a finding points when the failing validation names no fieldPath: the object's name. */
const DEFAULT_PATH = 'metadata.name';

export default defineRule({
  id: 'admission-policy-violation',
  severity: 'error',
  category: 'policy',
  preset: 'recommended',
  docs: {
    summary:
      'An object fails a ValidatingAdmissionPolicy of the input, evaluated offline with its binding as the API server would on create.',
    remediation:
      'Change the object so the policy admits it, or change the policy or its binding if the policy is what is wrong.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/',
      'docs/policies.md',
    ],
  },
  messages: {
    denied: '{{message}} (ValidatingAdmissionPolicy {{policy}}, binding {{binding}})',
    error:
      'ValidatingAdmissionPolicy {{policy}} (binding {{binding}}): expression {{expression}} could not be evaluated: {{error}}',
    paramsMissing:
      'ValidatingAdmissionPolicy {{policy}} (binding {{binding}}) finds no {{paramKind}} to use as params, and its parameterNotFoundAction is Deny.',
    invalid: 'ValidatingAdmissionPolicy {{policy}}: {{expression}} does not compile: {{error}}',
  },
  create({ model, report }) {
    const compile = policyCompiler();

    const judge = (policy: Resource, binding: Resource, resource: Resource): void => {
      const compiled = compile(policy);
      if (!compiled.ok) return; // reported once, on the policy
      const spec = policySpecOf(policy);
      const severity = severityOfActions(binding);
      const names = { policy: policy.name, binding: binding.name };
      const related = [refOf(policy), refOf(binding)];
      const params = paramsFor(policy, binding, resource, model);
      if (params.kind === 'skip') return;
      if (params.kind === 'missing') {
        report({
          object: resource,
          path: DEFAULT_PATH,
          messageId: 'paramsMissing',
          data: { ...names, paramKind: params.paramKind },
          related,
          severity,
        });
        return;
      }
      const seen = new Set<string>();
      for (const param of params.params) {
        for (const verdict of evaluatePolicy(compiled.policy, activationFor(resource, model, param))) {
          const path =
            (verdict.index === undefined ? undefined : spec.validations[verdict.index]?.fieldPath) ??
            DEFAULT_PATH;
          const descriptor =
            verdict.kind === 'denied'
              ? { messageId: 'denied' as const, data: { ...names, message: verdict.message } }
              : {
                  messageId: 'error' as const,
                  data: { ...names, expression: verdict.expression, error: verdict.error },
                };
          // Several params objects can fail the same way: one finding each way.
          const key = `${path}\n${descriptor.messageId}\n${JSON.stringify(descriptor.data)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report({ object: resource, path, ...descriptor, related, severity });
        }
      }
    };

    // Each object is judged when it is visited, against every binding of the model: a finding about
    // an object comes from visiting that object, so front ends that visit only some objects (the
    // admission webhook's overlay, incremental re-review) find what a scan finds about them.
    const bindings = model.list('ValidatingAdmissionPolicyBinding').flatMap((binding) => {
      const policyName = asString(bindingSpec(binding).policyName);
      const policy =
        policyName === undefined ? undefined : model.get('ValidatingAdmissionPolicy', '', policyName);
      return policy ? [{ binding, policy }] : []; // a binding without its policy in the input judges nothing
    });
    const judgeObject = (resource: Resource): void => {
      for (const { binding, policy } of bindings) {
        if (
          matchResourcesMatches(asObject(policy.body.spec).matchConstraints, resource, model, true) &&
          matchResourcesMatches(bindingSpec(binding).matchResources, resource, model, false)
        )
          judge(policy, binding, resource);
      }
    };
    const visitors: Record<string, (subject: Resource | IngressView) => void> = {};
    for (const kind of Object.keys(KNOWN_KINDS)) {
      visitors[kind] =
        kind === 'Ingress'
          ? (view) => {
              judgeObject((view as IngressView).resource);
            }
          : (resource) => {
              judgeObject(resource as Resource);
            };
    }
    visitors.ValidatingAdmissionPolicy = (subject) => {
      const policy = subject as Resource;
      const compiled = compile(policy);
      if (!compiled.ok) {
        for (const problem of compiled.problems) {
          report({
            path: `spec.${problem.path}`,
            messageId: 'invalid',
            data: { policy: policy.name, expression: problem.expression, error: problem.error },
          });
        }
      }
      judgeObject(policy);
    };
    return visitors;
  },
});
