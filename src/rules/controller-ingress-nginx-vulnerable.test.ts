import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from './controller-ingress-nginx-vulnerable.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';
import {
  cvesAffecting,
  isAffected,
  INGRESS_NGINX_CVES,
  smallestSafeUpgrade,
  compareVersions,
} from '../knowledge/ingress-nginx-cves.ts';

const IMAGE = 'spec.template.spec.containers[0].image';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-final-release.yaml' }],
  invalid: [
    {
      // kyverno passes good-pod (v1.11.2); IngressNightmare says otherwise.
      fixture: 'fire-kyverno-controller-pods.yaml',
      errors: [
        {
          messageId: 'vulnerable',
          object: 'bad-pod',
          path: 'spec.containers[0].image',
          data: {
            version: '1.11.0',
            worst: 'CVE-2025-1974',
            worstSeverity: 'Critical 9.8',
            upgradeTo: '1.13.9',
          },
        },
        {
          messageId: 'vulnerable',
          object: 'good-pod',
          path: 'spec.containers[0].image',
          data: { version: '1.11.2', worst: 'CVE-2025-1974' },
        },
      ],
    },
    {
      fixture: 'fire-chroot-1-12-0.yaml',
      errors: [
        { messageId: 'vulnerable', path: IMAGE, data: { version: '1.12.0', upgradeTo: '1.13.9', count: 12 } },
      ],
    },
    {
      name: 'the first v1.15 release, fixed for CVE-2026-3288 but not CVE-2026-4342',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: ingress-nginx-controller-7d4b, namespace: ingress-nginx }
spec:
  containers:
    - name: controller
      image: registry.k8s.io/ingress-nginx/controller:v1.15.0
`,
      errors: [
        { messageId: 'vulnerable', severity: 'error', data: { cves: 'CVE-2026-4342', upgradeTo: '1.15.1' } },
      ],
    },
    {
      name: 'a tag without a version',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  template:
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:latest
`,
      errors: [{ messageId: 'versionUnknown', path: IMAGE, severity: 'warning' }],
    },
  ],
});

describe('ingress-nginx CVE table', () => {
  it('compares versions numerically', () => {
    assert.equal(compareVersions('1.9.0', '1.11.2'), -1);
    assert.equal(compareVersions('v1.2.0-beta.0', '1.2.0'), 0);
  });
  it('knows IngressNightmare is fixed in v1.11.5 and v1.12.1', () => {
    const nightmare = INGRESS_NGINX_CVES.find((cve) => cve.id === 'CVE-2025-1974');
    assert.ok(nightmare);
    assert.deepEqual(
      ['1.11.2', '1.11.4', '1.11.5', '1.12.0', '1.12.1'].map((v) => isAffected(nightmare, v)),
      [true, true, false, true, false],
    );
  });
  it('lists nothing for the final release and everything for an old one', () => {
    assert.deepEqual(cvesAffecting('1.15.1'), []);
    assert.equal(cvesAffecting('0.26.1').length, INGRESS_NGINX_CVES.length);
  });
  it('upgrades within the newest fixed line', () => {
    assert.equal(smallestSafeUpgrade('1.14.2'), '1.14.5');
    assert.equal(smallestSafeUpgrade('1.15.0'), '1.15.1');
  });
});
