import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { changeOf } from '../../test/helpers/audit-events.ts';
import type { AuditEvent } from '../sources/audit/event.ts';
import { buildChange, isVersion } from './change.ts';
import type { JsonObject } from './types.ts';

const events = readFileSync(
  join(import.meta.dirname, '../../test/fixtures/audit/ingress-lifecycle.jsonl'),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as AuditEvent & { stage: string });

function byID(prefix: string): AuditEvent & { stage: 'ResponseComplete' } {
  const event = events.find((e) => e.auditID.startsWith(prefix) && e.stage === 'ResponseComplete');
  assert.ok(event, prefix);
  return event as AuditEvent & { stage: 'ResponseComplete' };
}

const previous = (byID('2a1b0c9d').responseObject ?? null) as JsonObject;

describe('buildChange', () => {
  it('create: object name from the body, actor, authorization annotations, state from responseObject', () => {
    const change = buildChange(byID('1f0c2a34'), null);
    assert.equal(change.ref, '1f0c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a51/ResponseComplete');
    assert.equal(change.time, '2026-05-20T09:14:02.338712Z');
    assert.deepEqual(change.object, {
      apiGroup: 'networking.k8s.io',
      apiVersion: 'v1',
      resource: 'ingresses',
      subresource: null,
      kind: 'Ingress',
      namespace: 'shop',
      name: 'web',
    });
    assert.deepEqual(change.actor, {
      username: 'alice@example.com',
      uid: null,
      groups: ['dev-team', 'system:authenticated'],
      impersonatedBy: null,
      sourceIPs: ['10.0.4.21'],
      userAgent: 'kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0',
    });
    assert.equal(change.authorization.decision, 'allow');
    assert.match(change.authorization.reason ?? '', /RoleBinding "shop-editors\/shop"/);
    assert.equal(change.outcome.code, 201);
    assert.equal((change.state?.metadata as JsonObject).uid, '9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f');
    assert.equal(change.diff, null);
    assert.ok(isVersion(change));
  });

  it('merge patch: the patch body is kept apart, the diff is between versions', () => {
    const change = buildChange(byID('4c3d2e1f'), previous);
    assert.deepEqual(change.patch, { spec: { tls: null } });
    assert.equal((change.state?.spec as JsonObject).tls, undefined);
    assert.deepEqual(change.diff, { added: [], removed: ['spec.tls'], changed: [] });
  });

  it('JSON patch and strategic merge patch bodies are never states', () => {
    const jsonPatch = buildChange(byID('5d4e3f2a'), previous);
    assert.ok(Array.isArray(jsonPatch.patch));
    assert.equal(jsonPatch.state?.kind, 'Ingress');
    assert.ok(jsonPatch.diff?.added.includes('metadata.annotations'));
    const strategic = buildChange(byID('6e5f4a3b'), jsonPatch.state);
    assert.ok(
      Object.keys((strategic.patch as JsonObject).spec as JsonObject).includes('$setElementOrder/rules'),
    );
    assert.deepEqual(strategic.diff?.added, [
      'metadata.labels["app.kubernetes.io/instance"]',
      'spec.rules[1]',
      'spec.tls',
    ]);
    assert.deepEqual(strategic.diff.removed, ['metadata.annotations']);
  });

  it('status subresource writes are versions of the object', () => {
    const change = buildChange(byID('2a1b0c9d'), buildChange(byID('1f0c2a34'), null).state);
    assert.equal(change.object.subresource, 'status');
    assert.deepEqual(change.diff?.added, ['status.loadBalancer.ingress']);
    assert.ok(isVersion(change));
  });

  it('impersonation: the effective user is the impersonated one, impersonatedBy the requester', () => {
    const change = buildChange(byID('7f6a5b4c'), previous);
    assert.equal(change.actor.username, 'bob@example.com');
    assert.deepEqual(change.actor.groups, ['contractors', 'system:authenticated']);
    assert.equal(change.actor.impersonatedBy, 'kubernetes-admin');
  });

  it('RBAC 403: denied by authorization, no state, not a version', () => {
    const change = buildChange(byID('8a7b6c5d'), previous);
    assert.deepEqual(
      { ...change.outcome, message: undefined },
      { code: 403, denied: true, reason: 'Forbidden', message: undefined, deniedBy: 'authorization' },
    );
    assert.equal(change.authorization.decision, 'forbid');
    assert.equal(change.state, null);
    assert.equal(change.bodyless, true);
    assert.ok(!isVersion(change));
  });

  it('admission webhook and ValidatingAdmissionPolicy denials name who denied', () => {
    const webhook = buildChange(byID('9b8c7d6e'), previous);
    assert.equal(webhook.outcome.deniedBy, 'validate.nginx.ingress.kubernetes.io');
    assert.equal(webhook.outcome.code, 400);
    assert.equal(webhook.outcome.denied, true);
    assert.equal(webhook.state, null, 'a Status response is not a state');
    const policy = buildChange(byID('ab9c8d7e'), null);
    assert.equal(policy.outcome.deniedBy, 'require-ingress-tls');
    assert.equal(policy.object.name, 'web-insecure');
  });

  it('Metadata level: recorded without content, and says so', () => {
    const change = buildChange(byID('bc0d9e8f'), previous);
    assert.equal(change.bodyless, true);
    assert.equal(change.state, null);
    assert.equal(change.diff, null);
    assert.ok(isVersion(change), 'a write whose content is unknown is still a version');
  });

  it('delete: the object ends; the Status response is not a state', () => {
    const change = buildChange(byID('f0a1b2c3'), previous);
    assert.equal(change.deleted, true);
    assert.equal(change.state, null);
  });

  it('Secrets: metadata only, never data, stringData or the last-applied annotation', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: {
        name: 'shop-tls',
        namespace: 'shop',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"tls.key":"c2VjcmV0"}}',
          team: 'shop',
        },
      },
      data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'c2VjcmV0' },
      stringData: { extra: 'secret' },
    };
    const change = changeOf({
      verb: 'patch',
      objectRef: { resource: 'secrets', namespace: 'shop', name: 'shop-tls', apiVersion: 'v1' },
      requestObject: { data: { 'tls.key': 'c2VjcmV0' } },
      responseObject: secret,
    });
    const stored = JSON.stringify(change);
    assert.doesNotMatch(stored, /c2VjcmV0|Y2VydA==|"secret"/);
    assert.equal(change.patch, null);
    assert.deepEqual(change.state, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: 'shop-tls', namespace: 'shop', annotations: { team: 'shop' } },
    });
  });

  it('dry-run writes are not versions', () => {
    const change = changeOf({ responseObject: { kind: 'Ingress', metadata: { name: 'web' } } });
    const dry = { ...change, requestURI: `${change.requestURI}?dryRun=All` };
    assert.ok(isVersion(change));
    assert.ok(!isVersion(dry));
  });
});
