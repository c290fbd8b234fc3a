import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromYaml } from '../../../test/helpers/load.ts';
import {
  effectiveAllowlist,
  isCanary,
  isNginx,
  isPublicHost,
  nginxBool,
  sharedControllerSetting,
} from './nginx.ts';

function firstIngress(yaml: string) {
  const { model } = modelFromYaml(yaml);
  const [ingress] = model.ingresses();
  assert.ok(ingress);
  return { model, ingress };
}

const ingressWith = (annotations: string, spec = 'rules: [{ host: a.example.com }]') =>
  firstIngress(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: ${annotations}
spec:
  ingressClassName: nginx
  ${spec}
`).ingress;

describe('isPublicHost', () => {
  it('is public without an allowlist', () => {
    assert.ok(isPublicHost(ingressWith('{}')));
  });
  it('is public when the allowlist holds any public range or an invalid entry', () => {
    assert.ok(
      isPublicHost(
        ingressWith('{ nginx.ingress.kubernetes.io/allowlist-source-range: "10.0.0.0/8,198.51.100.0/24" }'),
      ),
    );
    assert.ok(
      isPublicHost(
        ingressWith('{ nginx.ingress.kubernetes.io/allowlist-source-range: "10.0.0.0/8,office" }'),
      ),
    );
  });
  it('is not public when limited to private ranges (whitelist alias too)', () => {
    assert.ok(
      !isPublicHost(
        ingressWith('{ nginx.ingress.kubernetes.io/allowlist-source-range: "10.0.0.0/8, fd00::/8" }'),
      ),
    );
    assert.ok(
      !isPublicHost(ingressWith('{ nginx.ingress.kubernetes.io/whitelist-source-range: 192.168.0.0/16 }')),
    );
  });
  it('reads allowlist-source-range before its alias whitelist-source-range', () => {
    const ingress = ingressWith(
      '{ nginx.ingress.kubernetes.io/allowlist-source-range: 10.0.0.0/8, nginx.ingress.kubernetes.io/whitelist-source-range: 0.0.0.0/0 }',
    );
    assert.deepEqual(effectiveAllowlist(ingress), { name: 'allowlist-source-range', value: '10.0.0.0/8' });
    assert.ok(!isPublicHost(ingress));
  });
  it('counts a default backend, and nothing when nothing is routed', () => {
    assert.ok(
      isPublicHost(ingressWith('{}', 'defaultBackend: { service: { name: web, port: { number: 80 } } }')),
    );
    assert.ok(!isPublicHost(ingressWith('{}', 'tls: []')));
  });
});

describe('annotation helpers', () => {
  it('parses booleans like Go strconv.ParseBool', () => {
    const ingress = ingressWith(
      '{ nginx.ingress.kubernetes.io/canary: "True", nginx.ingress.kubernetes.io/ssl-redirect: "no" }',
    );
    assert.equal(nginxBool(ingress, 'canary'), true);
    assert.equal(nginxBool(ingress, 'ssl-redirect'), undefined);
    assert.ok(isCanary(ingress));
  });
  it('tells ingress-nginx Ingresses by their class', () => {
    const { model, ingress } = firstIngress(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec: { ingressClassName: nginx-internal }
`);
    assert.ok(isNginx(model, ingress));
  });
});

describe('sharedControllerSetting', () => {
  const controller = (name: string, data: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${name} }
spec:
  template:
    spec:
      containers: [{ name: controller, image: registry.k8s.io/ingress-nginx/controller:v1.12.1, args: [--configmap=${name}/cfg] }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: cfg, namespace: ${name} }
data: ${data}
---
`;
  it('returns a value all controllers share, undefined otherwise', () => {
    const agree = modelFromYaml(
      controller('a', '{ ssl-redirect: "false" }') + controller('b', '{ ssl-redirect: "false" }'),
    ).model;
    assert.equal(sharedControllerSetting(agree, 'ssl-redirect'), 'false');
    const disagree = modelFromYaml(
      controller('a', '{ ssl-redirect: "false" }') + controller('b', '{}'),
    ).model;
    assert.equal(sharedControllerSetting(disagree, 'ssl-redirect'), undefined);
    assert.equal(sharedControllerSetting(modelFromYaml('').model, 'ssl-redirect'), undefined);
  });
});
