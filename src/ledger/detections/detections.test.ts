/**
 * Every detection on its fixtures (test/fixtures/audit/detections/<id>/): each file is a realistic
 * audit log, ingested into a fresh in-memory ledger with every detection running, as `gatewatch
 * audit` does. A `fire-*` file raises exactly one alert of its detection, as EXPECTED says; a
 * `dont-fire-*` file (the near miss) raises none. An optional `config.yaml` in the folder holds the
 * `.gatewatch.yaml` the fixtures run with.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../../engine/config.ts';
import type { Severity } from '../../engine/rule.ts';
import type { Json } from '../../model/resource.ts';
import type { Alert } from '../alerts/alert.ts';
import { ingest } from '../ingest.ts';
import { openSqliteLedger } from '../store/sqlite.ts';
import { DETECTIONS } from './index.ts';
import { DetectionRunner } from './runner.ts';
import { resolveAccountability } from './settings.ts';

export const DETECTION_FIXTURES = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'audit',
  'detections',
);

interface Expectation {
  readonly summary: RegExp;
  /** Defaults to the detection's severity. */
  readonly severity?: Severity;
  readonly verb: string;
  readonly username: string;
  readonly object: string;
  /** Keys of `details` that must hold exactly these values. */
  readonly details?: Readonly<Record<string, Json>>;
}

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const ADMIN = 'kubernetes-admin';
const NGINX = (name: string): string => `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`;

const EXPECTED: Readonly<Record<string, Expectation>> = {
  'ingress-created/fire-kubectl-apply.jsonl': {
    summary: /^Ingress shop\/web created for shop\.example\.com$/,
    verb: 'create',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { hosts: ['shop.example.com'] },
  },
  'ingress-created/fire-metadata-level.jsonl': {
    summary: /^Ingress shop\/api created \(recorded without body: content unknown\)$/,
    verb: 'create',
    username: ALICE,
    object: 'ingresses shop/api',
    details: { bodyless: true },
  },
  'ingress-deleted/fire-kubectl-delete.jsonl': {
    summary: /^Ingress shop\/web deleted$/,
    verb: 'delete',
    username: ALICE,
    object: 'ingresses shop/web',
  },
  'ingress-created-without-tls/fire-no-tls.jsonl': {
    summary: /^Ingress shop\/web created without TLS for shop\.example\.com$/,
    verb: 'create',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { reason: 'no spec.tls' },
  },
  'ingress-created-without-tls/fire-tls-without-hosts.jsonl': {
    summary: /created without TLS/,
    verb: 'create',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { reason: 'spec.tls names no Secret for any host' },
  },
  'ingress-tls-removed/fire-json-patch.jsonl': {
    summary: /^TLS removed from Ingress shop\/web for shop\.example\.com$/,
    verb: 'patch',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { removed: ['spec.tls[0]'], hosts: ['shop.example.com'] },
  },
  'ingress-tls-removed/fire-host-dropped-by-replace.jsonl': {
    summary: /for www\.shop\.example\.com$/,
    verb: 'update',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { removed: ['spec.tls[0].hosts[1]'] },
  },
  'ingress-host-added/fire-strategic-merge-patch.jsonl': {
    summary: /^Host admin\.shop\.example\.com added to Ingress shop\/web$/,
    verb: 'patch',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { added: ['spec.rules[1].host'] },
  },
  'ingress-wildcard-host-added/fire-wildcard-merge-patch.jsonl': {
    summary: /^\*\.shop\.example\.com now served by Ingress shop\/web$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/web',
    details: { added: ['spec.rules[1].host'] },
  },
  'ingress-wildcard-host-added/fire-hostless-rule-created.jsonl': {
    summary: /^\(every host\) now served by Ingress shop\/catch-all$/,
    verb: 'create',
    username: BOB,
    object: 'ingresses shop/catch-all',
    details: { added: ['spec.rules[0]'] },
  },
  'ingress-backend-changed/fire-service-replaced.jsonl': {
    summary: /shop\.example\.com\/: web:80 → web-canary:8080$/,
    verb: 'update',
    username: BOB,
    object: 'ingresses shop/web',
    details: {
      changed: [{ path: 'spec.rules[0].http.paths[0].backend', old: 'web:80', new: 'web-canary:8080' }],
    },
  },
  'ingress-default-backend-added/fire-merge-patch.jsonl': {
    summary: /^Default backend \(Service debug\) added to Ingress shop\/web$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/web',
    details: { added: ['spec.defaultBackend'] },
  },
  'ingress-snippet-added/fire-kubectl-annotate.jsonl': {
    summary: /^Snippet nginx\.ingress\.kubernetes\.io\/server-snippet added to Ingress shop\/web$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/web',
    details: {
      changed: [
        {
          path: NGINX('server-snippet'),
          old: null,
          new: 'more_set_headers "X-Debug: on";\nlocation /internal { proxy_pass http://169.254.169.254/; }',
        },
      ],
    },
  },
  'ingress-risky-annotation-added/fire-mirror-target.jsonl': {
    summary: /^nginx\.ingress\.kubernetes\.io\/mirror-target \(High\) set on Ingress shop\/web$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/web',
  },
  'ingress-allowlist-widened/fire-open-to-internet.jsonl': {
    summary: /now admits 0\.0\.0\.0\/0$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/admin',
    details: { widenedBy: ['0.0.0.0/0'], invalid: [] },
  },
  'ingress-allowlist-widened/fire-removed-json-patch.jsonl': {
    summary: /removed from Ingress shop\/admin: every source address is admitted$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/admin',
    details: { removed: [NGINX('allowlist-source-range')] },
  },
  'ingress-auth-removed/fire-json-patch.jsonl': {
    summary: /^Authentication removed from Ingress shop\/grafana: nginx\.ingress\.kubernetes\.io\/auth-url$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/grafana',
    details: { removed: [NGINX('auth-url')] },
  },
  'ingress-ssl-redirect-disabled/fire-ssl-redirect-false.jsonl': {
    summary: /^HTTPS redirect disabled on Ingress shop\/web/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/web',
    details: { changed: [{ path: NGINX('ssl-redirect'), old: null, new: 'false' }] },
  },
  'ingress-class-changed/fire-internal-to-public.jsonl': {
    summary: /^Ingress shop\/admin moved from class nginx-internal to nginx-public$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/admin',
  },
  'ingress-in-system-namespace/fire-kube-system.jsonl': {
    summary: /^Ingress kube-system\/dashboard created in system namespace kube-system$/,
    verb: 'create',
    username: BOB,
    object: 'ingresses kube-system/dashboard',
  },
  'ingress-status-written/fire-user-forges-address.jsonl': {
    summary: /^Status of Ingress shop\/web written by a non-controller identity$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses/status shop/web',
    details: { added: ['status.loadBalancer.ingress'] },
  },
  'change-unexpected-actor/fire-human-edit.jsonl': {
    summary: /^Ingress shop\/web changed \(patch\) by an identity outside the allowed actors$/,
    verb: 'patch',
    username: ALICE,
    object: 'ingresses shop/web',
  },
  'change-impersonated/fire-kubectl-as.jsonl': {
    summary: /through impersonation$/,
    verb: 'patch',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { impersonatedBy: ADMIN, effectiveUser: ALICE },
  },
  'change-new-source/fire-new-ip-and-agent.jsonl': {
    summary: /from a new source IP 185\.220\.101\.34 and a new user agent for this actor$/,
    verb: 'patch',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { newSourceIPs: ['185.220.101.34'], knownSourceIPs: ['203.0.113.10'] },
  },
  'change-manual-on-gitops/fire-kubectl-edit.jsonl': {
    summary: /^Ingress shop\/web, managed by Argo CD, changed outside it \(by kubectl\/v1\.30\.2\)$/,
    verb: 'patch',
    username: ALICE,
    object: 'ingresses shop/web',
    details: { managedBy: 'Argo CD', paths: [NGINX('proxy-body-size')] },
  },
  'change-manual-on-gitops/fire-flux-object-deleted.jsonl': {
    summary: /managed by Flux, deleted outside it/,
    verb: 'delete',
    username: BOB,
    object: 'ingresses shop/web',
    details: { managedBy: 'Flux', evidence: 'label kustomize.toolkit.fluxcd.io/name' },
  },
  'change-denied-burst/fire-rbac-403s.jsonl': {
    summary:
      /^5 denied writes to ingress objects within 10m, the last on Ingress shop\/web \(denied by authorization\)$/,
    verb: 'patch',
    username: BOB,
    object: 'ingresses shop/web',
    details: { deniedCount: 5, code: 403 },
  },
  'change-denied-burst/fire-admission-webhook.jsonl': {
    summary: /denied by validate\.nginx\.ingress\.kubernetes\.io\)$/,
    verb: 'create',
    username: BOB,
    object: 'ingresses shop/probe-4',
    details: { deniedCount: 5, code: 400, deniedBy: 'validate.nginx.ingress.kubernetes.io' },
  },
  'change-denied-burst/fire-validating-admission-policy.jsonl': {
    summary: /denied by ingress-requires-tls\)$/,
    verb: 'create',
    username: ALICE,
    object: 'ingresses shop/preview-4',
    details: { deniedCount: 5, code: 422, deniedBy: 'ingress-requires-tls' },
  },
  'tls-secret-read/fire-get-by-user.jsonl': {
    summary: /^TLS Secret read: get of shop\/shop-tls \(used by Ingress shop\/web\)$/,
    verb: 'get',
    username: BOB,
    object: 'secrets shop/shop-tls',
    details: { secrets: ['shop/shop-tls'], usedBy: ['Ingress shop/web'] },
  },
  'tls-secret-read/fire-list-namespace.jsonl': {
    summary: /list of Secrets returned shop\/shop-tls/,
    verb: 'list',
    username: BOB,
    object: 'secrets shop/',
  },
  'rbac-ingress-write-granted/fire-edit-to-contractor.jsonl': {
    summary:
      /^RoleBinding shop\/contractors-edit grants ClusterRole edit \(ingress write\) to User bob@example\.com$/,
    verb: 'create',
    username: ADMIN,
    object: 'rolebindings shop/contractors-edit',
    details: { roleSource: 'built-in' },
  },
  'rbac-ingress-write-granted/fire-role-gains-ingress-write.jsonl': {
    summary:
      /^Role shop\/deployer now grants ingress write: networking\.k8s\.io\/ingresses: create, update, patch$/,
    verb: 'patch',
    username: ADMIN,
    object: 'roles shop/deployer',
  },
  'controller-config-changed/fire-snippets-enabled.jsonl': {
    summary: /changed: allow-snippet-annotations enabled; annotations-risk-level raised to Critical/,
    severity: 'error',
    verb: 'patch',
    username: BOB,
    object: 'configmaps ingress-nginx/ingress-nginx-controller',
  },
  'controller-config-changed/fire-tls-protocols-lowered.jsonl': {
    summary: /ssl-protocols now enables TLSv1, TLSv1\.1$/,
    severity: 'error',
    verb: 'patch',
    username: ALICE,
    object: 'configmaps ingress-nginx/ingress-nginx-controller',
  },
  'controller-config-changed/fire-body-size.jsonl': {
    summary: /^ConfigMap ingress-nginx\/ingress-nginx-controller changed \(proxy-body-size\)$/,
    severity: 'warning',
    verb: 'patch',
    username: ALICE,
    object: 'configmaps ingress-nginx/ingress-nginx-controller',
    details: { changed: [{ path: 'data.proxy-body-size', old: null, new: '50m' }], weakenings: [] },
  },
  'route-created/fire-httproute.jsonl': {
    summary: /^HTTPRoute shop\/web created for shop\.example\.com$/,
    verb: 'create',
    username: ALICE,
    object: 'httproutes shop/web',
  },
  'route-hostname-added/fire-hostname-added.jsonl': {
    summary: /^Hostname \*\.example\.com added to HTTPRoute shop\/web$/,
    severity: 'error',
    verb: 'patch',
    username: BOB,
    object: 'httproutes shop/web',
    details: { added: ['spec.hostnames[1]'] },
  },
  'gateway-listener-widened/fire-routes-from-all-namespaces.jsonl': {
    summary: /listener https accepts routes from all namespaces \(was Selector\)$/,
    severity: 'warning',
    verb: 'patch',
    username: BOB,
    object: 'gateways infra/public',
  },
  'gateway-listener-widened/fire-plain-http-listener-added.jsonl': {
    summary: /listener http added \(HTTP 80, every hostname\)$/,
    severity: 'error',
    verb: 'patch',
    username: BOB,
    object: 'gateways infra/public',
  },
  'referencegrant-created/fire-grant.jsonl': {
    summary:
      /^ReferenceGrant shop\/infra-gateway-to-shop created: HTTPRoute from infra may reference Service$/,
    verb: 'create',
    username: ALICE,
    object: 'referencegrants shop/infra-gateway-to-shop',
  },
};

export function fixtureFiles(id: string): string[] {
  const dir = join(DETECTION_FIXTURES, id);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
    : [];
}

/** Ingests one fixture into a fresh in-memory ledger with every detection; returns every alert. */
export async function alertsOf(id: string, file: string): Promise<Alert[]> {
  const configFile = join(DETECTION_FIXTURES, id, 'config.yaml');
  const config = existsSync(configFile) ? parseConfig(parse(readFileSync(configFile, 'utf8'))) : {};
  const store = await openSqliteLedger(':memory:');
  const alerts: Alert[] = [];
  const runner = new DetectionRunner({
    settings: resolveAccountability(config.accountability),
    onAlert: (alert) => alerts.push(alert),
    onError: (_detection, error) => {
      throw error;
    },
  });
  try {
    const summary = await ingest({
      store,
      inputs: [join(DETECTION_FIXTURES, id, file)],
      observer: runner,
      resume: false,
    });
    assert.equal(summary.malformed, 0, 'fixture lines are valid audit events');
  } finally {
    await store.close();
  }
  return alerts;
}

function objectText(alert: Alert): string {
  const { object } = alert;
  return `${object.resource}${object.subresource ? `/${object.subresource}` : ''} ${object.namespace ?? ''}/${object.name}`;
}

describe('detections on their audit fixtures', () => {
  for (const detection of DETECTIONS) {
    describe(detection.id, () => {
      for (const file of fixtureFiles(detection.id)) {
        const key = `${detection.id}/${file}`;
        if (file.startsWith('fire-')) {
          it(`${file} raises one alert`, async () => {
            const expected = EXPECTED[key];
            assert.ok(expected, `${key} needs an entry in EXPECTED`);
            const alerts = (await alertsOf(detection.id, file)).filter((a) => a.detectionId === detection.id);
            assert.equal(alerts.length, 1, JSON.stringify(alerts, null, 2));
            const [alert] = alerts as [Alert];
            assert.match(alert.summary, expected.summary);
            assert.equal(alert.severity, expected.severity ?? detection.severity);
            assert.equal(alert.verb, expected.verb);
            assert.equal(alert.actor.username, expected.username);
            assert.equal(objectText(alert), expected.object);
            assert.equal(alert.ledgerRef, `${alert.auditID}/ResponseComplete`);
            assert.doesNotMatch(alert.summary, /\n/, 'summaries are one line');
            for (const [name, value] of Object.entries(expected.details ?? {}))
              assert.deepEqual(alert.details[name], value, `details.${name}`);
          });
        } else if (file.startsWith('dont-fire-')) {
          it(`${file} raises none`, async () => {
            const alerts = (await alertsOf(detection.id, file)).filter((a) => a.detectionId === detection.id);
            assert.deepEqual(alerts, []);
          });
        } else {
          it(`${file} is named fire-* or dont-fire-*`, () => assert.fail(file));
        }
      }
    });
  }

  it('every expectation names an existing fixture', () => {
    for (const key of Object.keys(EXPECTED)) {
      const [id = '', file = ''] = key.split('/');
      assert.ok(fixtureFiles(id).includes(file), key);
    }
  });
});
