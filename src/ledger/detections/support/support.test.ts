import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchesAny, parseDuration, resolveAccountability } from '../settings.ts';
import { allowlistWidening, isSnippetKey, highRiskOf, isAuthenticationKey } from './annotations.ts';
import { ingressWriteGrants } from './rbac.ts';
import { userAgentFamily } from '../change-new-source.ts';
import { parseConfig } from '../../../engine/config.ts';

describe('accountability settings', () => {
  it('defaults follow the spec example', () => {
    const settings = resolveAccountability(undefined);
    assert.equal(settings.allowedActors, undefined);
    assert.deepEqual(settings.systemNamespaces, ['kube-system', 'kube-public', 'ingress-nginx']);
    assert.deepEqual(settings.deniedBurst, { count: 5, windowMs: 600_000 });
    assert.ok(settings.controllerIdentities.includes('system:serviceaccount:ingress-nginx:ingress-nginx'));
  });

  it('reads the accountability section of .gatewatch.yaml', () => {
    const config = parseConfig({
      accountability: {
        allowedActors: ['system:serviceaccount:argocd:argocd-application-controller'],
        controllerIdentities: ['system:serviceaccount:ingress-nginx:ingress-nginx'],
        systemNamespaces: ['kube-system', 'kube-public', 'ingress-nginx'],
        deniedBurst: { count: 3, window: '1h30m' },
      },
    });
    const settings = resolveAccountability(config.accountability);
    assert.deepEqual(settings.deniedBurst, { count: 3, windowMs: 5_400_000 });
    assert.deepEqual(settings.controllerIdentities, ['system:serviceaccount:ingress-nginx:ingress-nginx']);
  });

  it('rejects unknown keys and bad durations', () => {
    assert.throws(() => parseConfig({ accountability: { allowedActor: [] } }));
    assert.throws(() => parseConfig({ accountability: { deniedBurst: { window: '10 minutes' } } }));
    assert.throws(() => parseConfig({ accountability: { deniedBurst: { count: 0 } } }));
  });

  it('durations and globs', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.ok(matchesAny('system:serviceaccount:argocd:argocd-server', ['system:serviceaccount:argocd:*']));
    assert.ok(!matchesAny('system:serviceaccount:argocd-evil:x', ['system:serviceaccount:argocd:*']));
    assert.ok(!matchesAny('alice', ['ali.e']), 'regex characters are literal');
  });
});

describe('annotation knowledge', () => {
  it('snippet keys of each controller', () => {
    assert.ok(isSnippetKey('nginx.ingress.kubernetes.io/configuration-snippet'));
    assert.ok(isSnippetKey('nginx.org/server-snippets'));
    assert.ok(isSnippetKey('haproxy.org/backend-config-snippet'));
    assert.ok(!isSnippetKey('nginx.ingress.kubernetes.io/proxy-body-size'));
  });

  it('risk levels from the ingress-nginx table, snippets excluded', () => {
    assert.equal(highRiskOf('nginx.ingress.kubernetes.io/mirror-target'), 'High');
    assert.equal(highRiskOf('nginx.ingress.kubernetes.io/server-snippet'), undefined);
    assert.equal(highRiskOf('nginx.ingress.kubernetes.io/proxy-body-size'), undefined);
  });

  it('authentication keys', () => {
    assert.ok(isAuthenticationKey('nginx.ingress.kubernetes.io/auth-tls-verify-depth'));
    assert.ok(isAuthenticationKey('haproxy.org/auth-type'));
    assert.ok(!isAuthenticationKey('nginx.ingress.kubernetes.io/auth-signin'));
  });

  it('allowlist widening: new ranges not covered, unparseable entries', () => {
    assert.deepEqual(allowlistWidening('10.0.0.0/8', '10.1.0.0/16,10.2.3.4'), { widened: [], invalid: [] });
    assert.deepEqual(allowlistWidening('10.0.0.0/8', '10.0.0.0/7'), { widened: ['10.0.0.0/7'], invalid: [] });
    assert.deepEqual(allowlistWidening('10.0.0.0/8', '10.0.0.0/8,::/0'), { widened: ['::/0'], invalid: [] });
    assert.deepEqual(allowlistWidening('10.0.0.0/8', '10.0.0.0/8,office'), {
      widened: [],
      invalid: ['office'],
    });
  });
});

describe('RBAC grants', () => {
  it('write verbs on ingress resources, with wildcards', () => {
    assert.deepEqual(
      ingressWriteGrants([
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list'] },
      ]),
      [],
    );
    assert.deepEqual(ingressWriteGrants([{ apiGroups: ['*'], resources: ['httproutes'], verbs: ['*'] }]), [
      'gateway.networking.k8s.io/httproutes: *',
    ]);
    assert.deepEqual(
      ingressWriteGrants([{ apiGroups: ['networking.k8s.io'], resources: ['*'], verbs: ['patch'] }]),
      ['networking.k8s.io/ingresses: patch', 'networking.k8s.io/ingressclasses: patch'],
    );
  });
});

describe('user agent families', () => {
  it('ignore versions and commits, keep platform and product', () => {
    assert.equal(
      userAgentFamily('kubectl/v1.30.2 (linux/amd64) kubernetes/3968350'),
      userAgentFamily('kubectl/v1.31.0 (linux/amd64) kubernetes/9edcffc'),
    );
    assert.notEqual(
      userAgentFamily('kubectl/v1.30.2 (linux/amd64) kubernetes/3968350'),
      userAgentFamily('kubectl/v1.30.2 (darwin/arm64) kubernetes/3968350'),
    );
  });
});
