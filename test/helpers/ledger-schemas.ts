/**
 * Validators for the ledger commands' JSON: history.v1 and investigate.v1 (which takes its history
 * entries from history.v1 by `$ref`), compiled strictly, and a check of the RBAC manifests
 * `rbac suggest` prints against the shape `kubectl apply` accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const ROOT = join(import.meta.dirname, '..', '..');

function schema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8')) as Record<string, unknown>;
}

function ajv(): InstanceType<typeof Ajv2020> {
  const instance = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(instance);
  instance.addSchema(schema('history.v1.schema.json'));
  return instance;
}

export function historyValidator(): ValidateFunction {
  const validate = ajv().getSchema('https://gatewatch.dev/schemas/history.v1.schema.json');
  assert.ok(validate);
  return validate;
}

export function investigateValidator(): ValidateFunction {
  return ajv().compile(schema('investigate.v1.schema.json'));
}

export function assertValid(validate: ValidateFunction, value: unknown): void {
  assert.ok(validate(value), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

const RBAC_API = 'rbac.authorization.k8s.io/v1';
/** RBAC object names are path segments (ValidateRBACName): no `/`, no `%`, not `.` or `..`. */
const RBAC_NAME = /^(?!\.{1,2}$)[^/%]+$/;
/** Namespaces are DNS-1123 labels. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function strings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * The checks the API server's validation makes on Roles, ClusterRoles and their bindings
 * (pkg/apis/rbac/validation): fields known, names valid, namespace only on namespaced kinds, every rule
 * with verbs and either apiGroups + resources or (ClusterRole only) nonResourceURLs, bindings with a
 * roleRef and valid subjects.
 */
export function assertApplyableRbac(document: unknown): void {
  assert.ok(document !== null && typeof document === 'object' && !Array.isArray(document), 'a mapping');
  const object = document as Record<string, unknown>;
  assert.equal(object.apiVersion, RBAC_API);
  const kind = object.kind;
  assert.ok(
    kind === 'Role' || kind === 'ClusterRole' || kind === 'RoleBinding' || kind === 'ClusterRoleBinding',
    String(kind),
  );
  const namespaced = kind === 'Role' || kind === 'RoleBinding';
  const metadata = object.metadata as Record<string, unknown>;
  assert.equal(typeof metadata.name, 'string');
  assert.match(metadata.name as string, RBAC_NAME);
  assert.ok((metadata.name as string).length <= 253);
  if (namespaced) assert.match(String(metadata.namespace), NAMESPACE);
  else assert.equal(metadata.namespace, undefined, `${kind} is cluster-scoped`);
  if (kind === 'Role' || kind === 'ClusterRole') {
    assert.deepEqual(Object.keys(object).sort(), ['apiVersion', 'kind', 'metadata', 'rules']);
    const rules = object.rules as unknown[];
    assert.ok(Array.isArray(rules) && rules.length > 0, 'rules');
    for (const entry of rules) {
      const rule = entry as Record<string, unknown>;
      for (const key of Object.keys(rule))
        assert.ok(['apiGroups', 'resources', 'resourceNames', 'verbs', 'nonResourceURLs'].includes(key), key);
      assert.ok(strings(rule.verbs) && rule.verbs.length > 0, 'verbs');
      if (rule.nonResourceURLs !== undefined) {
        assert.equal(kind, 'ClusterRole', 'nonResourceURLs only in a ClusterRole');
        assert.ok(strings(rule.nonResourceURLs) && rule.nonResourceURLs.every((u) => u.startsWith('/')));
        assert.equal(rule.resources, undefined);
      } else {
        assert.ok(strings(rule.apiGroups) && rule.apiGroups.length > 0, 'apiGroups');
        assert.ok(strings(rule.resources) && rule.resources.length > 0, 'resources');
        if (rule.resourceNames !== undefined)
          assert.ok(strings(rule.resourceNames) && rule.resourceNames.length > 0);
      }
    }
    return;
  }
  assert.deepEqual(Object.keys(object).sort(), ['apiVersion', 'kind', 'metadata', 'roleRef', 'subjects']);
  const roleRef = object.roleRef as Record<string, unknown>;
  assert.equal(roleRef.apiGroup, 'rbac.authorization.k8s.io');
  assert.ok(roleRef.kind === 'ClusterRole' || (roleRef.kind === 'Role' && namespaced));
  assert.match(String(roleRef.name), RBAC_NAME);
  for (const entry of object.subjects as unknown[]) {
    const subject = entry as Record<string, unknown>;
    if (subject.kind === 'ServiceAccount') {
      assert.match(String(subject.namespace), NAMESPACE);
      assert.equal(subject.apiGroup, undefined);
    } else {
      assert.ok(subject.kind === 'User' || subject.kind === 'Group');
      assert.equal(subject.apiGroup, 'rbac.authorization.k8s.io');
    }
    assert.ok(typeof subject.name === 'string' && subject.name !== '');
  }
}
