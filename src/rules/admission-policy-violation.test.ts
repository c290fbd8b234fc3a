import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './admission-policy-violation.ts';
import { ruleTester, TEST_NOW } from '../../test/helpers/rule-tester.ts';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { resolveConfig } from '../engine/config.ts';
import { runRules } from '../engine/run-rules.ts';

const INGRESS_RULES = `  matchConstraints:
    resourceRules:
      - apiGroups: ['networking.k8s.io']
        apiVersions: ['v1']
        operations: ['CREATE', 'UPDATE']
        resources: ['ingresses']
`;

/** A ValidatingAdmissionPolicy over Ingresses with the given spec lines, and a binding with the given spec lines. */
const policy = (
  spec: string,
  binding = '  validationActions: [Deny]\n',
  name = 'p',
): string => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: ${name} }
spec:
${INGRESS_RULES}${spec}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: ${name}-binding }
spec:
  policyName: ${name}
${binding}---
`;

const ingress = (name: string, extra = '', namespace = 'shop'): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
${extra}spec:
  rules:
    - host: ${name}.example.com
`;

const HOSTS_UNDER_CORP = `  validations:
    - expression: "object.spec.rules.all(r, r.host.endsWith('.corp.example'))"
      message: hosts must be under corp.example
`;

const MAX_HOSTS_PARAMS = `  paramKind: { apiVersion: v1, kind: ConfigMap }
  validations:
    - expression: "size(object.spec.rules) <= int(params.data.maxHosts)"
      messageExpression: "'at most ' + params.data.maxHosts + ' hosts'"
`;

const limits = (name: string, max: number): string => `---
apiVersion: v1
kind: ConfigMap
metadata: { name: ${name}, namespace: shop, labels: { policy: limits } }
data: { maxHosts: "${String(max)}" }
`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-ingress-class-allowed.yaml' },
    {
      name: 'a policy without a binding judges nothing',
      yaml: (policy(HOSTS_UNDER_CORP).split('---')[0] ?? '') + '---\n' + ingress('web'),
    },
    {
      name: 'a binding whose policy is not in the input judges nothing',
      yaml: (policy(HOSTS_UNDER_CORP).split('---')[1] ?? '') + '---\n' + ingress('web'),
    },
    {
      name: 'resource rules of another group do not match',
      yaml:
        policy(HOSTS_UNDER_CORP).replace("apiGroups: ['networking.k8s.io']", "apiGroups: ['apps']") +
        ingress('web'),
    },
    {
      name: 'excludeResourceRules exclude',
      yaml:
        policy(
          `    excludeResourceRules:\n      - { apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['ingresses'] }\n${HOSTS_UNDER_CORP}`,
        ) + ingress('web'),
    },
    {
      name: 'DELETE-only rules never match an object being applied',
      yaml:
        policy(HOSTS_UNDER_CORP).replace("operations: ['CREATE', 'UPDATE']", "operations: ['DELETE']") +
        ingress('web'),
    },
    {
      name: 'a false matchCondition skips the object',
      yaml:
        policy(
          `  matchConditions:\n    - name: only-team-a\n      expression: "object.metadata.namespace == 'team-a'"\n${HOSTS_UNDER_CORP}`,
        ) + ingress('web'),
    },
    {
      name: 'the binding objectSelector leaves out unlabelled objects',
      yaml:
        policy(
          HOSTS_UNDER_CORP,
          '  validationActions: [Deny]\n  matchResources:\n    objectSelector: { matchLabels: { checked: "yes" } }\n',
        ) + ingress('web'),
    },
    {
      name: 'failurePolicy Ignore: an expression that cannot be evaluated allows',
      yaml:
        policy(
          `  failurePolicy: Ignore\n  validations:\n    - expression: "object.spec.missing.size() == 0"\n`,
        ) + ingress('web'),
    },
    {
      name: 'parameterNotFoundAction Allow: no params, no verdict',
      yaml:
        policy(
          MAX_HOSTS_PARAMS,
          '  validationActions: [Deny]\n  paramRef: { name: absent, parameterNotFoundAction: Allow }\n',
        ) +
        ingress('web') +
        limits('other', 1),
    },
    {
      name: 'params of a kind the files do not contain cannot be judged',
      yaml:
        policy(
          MAX_HOSTS_PARAMS,
          '  validationActions: [Deny]\n  paramRef: { name: limits, parameterNotFoundAction: Deny }\n',
        ) + ingress('web'),
    },
    {
      name: 'params within the limit',
      yaml:
        policy(
          MAX_HOSTS_PARAMS,
          '  validationActions: [Deny]\n  paramRef: { name: limits, parameterNotFoundAction: Deny }\n',
        ) +
        ingress('web') +
        limits('limits', 2),
    },
  ],
  invalid: [
    {
      fixture: 'fire-ingress-class-not-allowed.yaml',
      errors: [
        {
          messageId: 'denied',
          object: 'web',
          path: 'spec.ingressClassName',
          severity: 'error',
          data: {
            policy: 'allowed-ingress-classes',
            binding: 'allowed-ingress-classes-teams',
            message: 'ingress class traefik is not one of nginx-internal,nginx-public',
          },
        },
      ],
    },
    {
      fixture: 'fire-https-only-warn.yaml',
      errors: [
        {
          messageId: 'denied',
          path: 'spec.tls',
          severity: 'warning',
          data: { message: 'hosts without TLS: api.example.com', binding: 'ingress-hosts-need-tls' },
        },
      ],
    },
    {
      fixture: 'fire-policy-does-not-compile.yaml',
      errors: [
        {
          messageId: 'invalid',
          object: 'broken',
          path: 'spec.validations[0].expression',
          data: { policy: 'broken' },
        },
      ],
    },
    {
      name: 'no message: "failed expression"; Audit only: info',
      yaml:
        policy(
          `  validations:\n    - expression: "object.metadata.name.startsWith('corp-')"\n`,
          '  validationActions: [Audit]\n',
        ) + ingress('web'),
      errors: [
        {
          messageId: 'denied',
          severity: 'info',
          path: 'metadata.name',
          data: { message: "failed expression: object.metadata.name.startsWith('corp-')" },
        },
      ],
    },
    {
      name: 'failurePolicy Fail (the default): an expression that cannot be evaluated denies',
      yaml: policy(`  validations:\n    - expression: "object.spec.missing.size() == 0"\n`) + ingress('web'),
      errors: [{ messageId: 'error', data: { expression: 'object.spec.missing.size() == 0', policy: 'p' } }],
    },
    {
      name: 'an expression that is not a bool fails closed',
      yaml: policy(`  validations:\n    - expression: "object.metadata.name"\n`) + ingress('web'),
      errors: [{ messageId: 'error', data: { error: 'expected a bool, got web' } }],
    },
    {
      name: 'params from the ConfigMap the binding names',
      yaml:
        policy(
          MAX_HOSTS_PARAMS,
          '  validationActions: [Deny]\n  paramRef: { name: limits, parameterNotFoundAction: Deny }\n',
        ) +
        ingress('web') +
        limits('limits', 0),
      errors: [{ messageId: 'denied', data: { message: 'at most 0 hosts' } }],
    },
    {
      name: 'params by selector: each one that fails is a verdict, the same one once',
      yaml:
        policy(
          MAX_HOSTS_PARAMS,
          '  validationActions: [Deny]\n  paramRef:\n    selector: { matchLabels: { policy: limits } }\n    parameterNotFoundAction: Deny\n',
        ) +
        ingress('web') +
        limits('strict', 0) +
        limits('roomy', 5) +
        limits('strict-too', 0),
      errors: [{ messageId: 'denied', data: { message: 'at most 0 hosts' } }],
    },
    {
      name: 'parameterNotFoundAction Deny: missing params deny',
      yaml:
        policy(
          MAX_HOSTS_PARAMS,
          '  validationActions: [Deny]\n  paramRef: { name: absent, parameterNotFoundAction: Deny }\n',
        ) +
        ingress('web') +
        limits('other', 1),
      errors: [
        { messageId: 'paramsMissing', data: { paramKind: 'ConfigMap', policy: 'p', binding: 'p-binding' } },
      ],
    },
    {
      name: 'namespaceObject is the Namespace of the input; a binding namespaceSelector reads its labels',
      yaml:
        policy(
          `  validations:\n    - expression: "namespaceObject.metadata.labels['tier'] != 'public' || object.metadata.name.startsWith('public-')"\n      message: public namespaces take public- names\n`,
          '  validationActions: [Deny]\n  matchResources:\n    namespaceSelector: { matchExpressions: [{ key: tier, operator: Exists }] }\n',
        ) +
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: { tier: public } }\n---\n' +
        ingress('web') +
        '---\n' +
        ingress('public-web') +
        '---\n' +
        ingress('hidden', '', 'unlabelled'),
      errors: [
        { messageId: 'denied', object: 'web', data: { message: 'public namespaces take public- names' } },
      ],
    },
    {
      name: 'request is bound as for a CREATE',
      yaml:
        policy(
          `  validations:\n    - expression: "request.operation == 'CREATE' && request.resource.resource == 'ingresses' && oldObject == null && request.name == 'ok'"\n`,
        ) +
        ingress('web') +
        '---\n' +
        ingress('ok'),
      errors: [{ messageId: 'denied', object: 'web' }],
    },
  ],
});

/**
 * The examples of the Kubernetes documentation (Validating Admission Policy), as written there except
 * for the params: its ReplicaLimit custom resource is a ConfigMap here, a kind gatewatch reads.
 */
describe('admission-policy-violation: the Kubernetes documentation examples', () => {
  const deployment = (name: string, namespace: string, replicas: number, labels = '{}'): string => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace}, labels: ${labels} }
spec:
  replicas: ${String(replicas)}
  template: { metadata: { labels: ${labels} }, spec: { containers: [{ name: app, image: example.com/app:1 }] } }
`;
  const namespaces = `---
apiVersion: v1
kind: Namespace
metadata: { name: test-ns, labels: { environment: test } }
---
apiVersion: v1
kind: Namespace
metadata: { name: prod-ns, labels: { environment: prod } }
`;
  const findings = (text: string): string[] => {
    const { model } = modelFromYaml(text, 'docs.yaml');
    const config = resolveConfig([rule], {}, {});
    return runRules({ model, config, now: TEST_NOW }).findings.map(
      (f) => `${f.object.name} ${f.severity} ${String(f.data.message ?? f.messageId)}`,
    );
  };

  it('demo-policy.example.com: replicas <= 5 in namespaces labelled environment: test', () => {
    const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: demo-policy.example.com }
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
  validations:
    - expression: "object.spec.replicas <= 5"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: demo-binding-test.example.com }
spec:
  policyName: demo-policy.example.com
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
`;
    assert.deepEqual(
      findings(
        policy +
          namespaces +
          deployment('big', 'test-ns', 6) +
          deployment('small', 'test-ns', 5) +
          deployment('big-prod', 'prod-ns', 50),
      ),
      ['big error failed expression: object.spec.replicas <= 5'],
    );
  });

  it('params and messageExpression: replicas limited by the params of each binding', () => {
    const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: replicalimit-policy.example.com }
spec:
  failurePolicy: Fail
  paramKind: { apiVersion: v1, kind: ConfigMap }
  matchConstraints:
    resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
  validations:
    - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
      messageExpression: "'object.spec.replicas must be no greater than ' + string(params.data.maxReplicas)"
      reason: Invalid
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: replicalimit-binding-test.example.com }
spec:
  policyName: replicalimit-policy.example.com
  validationActions: [Deny]
  paramRef: { name: replica-limit-test.example.com, namespace: default, parameterNotFoundAction: Deny }
  matchResources:
    namespaceSelector: { matchLabels: { environment: test } }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: replicalimit-binding-prod.example.com }
spec:
  policyName: replicalimit-policy.example.com
  validationActions: [Warn]
  paramRef: { name: replica-limit-prod.example.com, namespace: default, parameterNotFoundAction: Deny }
  matchResources:
    namespaceSelector: { matchLabels: { environment: prod } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: replica-limit-test.example.com, namespace: default }
data: { maxReplicas: "3" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: replica-limit-prod.example.com, namespace: default }
data: { maxReplicas: "100" }
`;
    assert.deepEqual(
      findings(
        policy +
          namespaces +
          deployment('four', 'test-ns', 4) +
          deployment('four-prod', 'prod-ns', 4) +
          deployment('huge-prod', 'prod-ns', 101),
      ),
      [
        'four error object.spec.replicas must be no greater than 3',
        'huge-prod warning object.spec.replicas must be no greater than 100',
      ],
    );
  });

  it('variables and matchConditions', () => {
    const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: image-matches-namespace-environment.policy.example.com }
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
  matchConditions:
    - name: 'exclude-leases'
      expression: '!(request.resource.group == "coordination.k8s.io" && request.resource.resource == "leases")'
    - name: 'exclude-kubelet-requests'
      expression: '!("system:nodes" in request.userInfo.groups)'
    - name: 'rbac'
      expression: 'request.resource.group != "rbac.authorization.k8s.io"'
  variables:
    - name: environment
      expression: "'environment' in namespaceObject.metadata.labels ? namespaceObject.metadata.labels['environment'] : 'prod'"
    - name: exempt
      expression: "has(object.metadata.labels) && 'exempt' in object.metadata.labels && object.metadata.labels['exempt'] == 'true'"
    - name: containers
      expression: "object.spec.template.spec.containers"
    - name: containersToCheck
      expression: "variables.containers.filter(c, c.image.contains('example.com/'))"
  validations:
    - expression: "variables.exempt || variables.containersToCheck.all(c, c.image.startsWith(variables.environment + '.'))"
      messageExpression: "'only ' + variables.environment + ' images are allowed in namespace ' + namespaceObject.metadata.name"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: image-matches-namespace-environment }
spec:
  policyName: image-matches-namespace-environment.policy.example.com
  validationActions: [Deny]
`;
    assert.deepEqual(
      findings(
        policy +
          namespaces +
          deployment('app', 'test-ns', 1) +
          deployment('exempted', 'test-ns', 1, '{ exempt: "true" }'),
      ),
      ['app error only test images are allowed in namespace test-ns'],
    );
  });
});
