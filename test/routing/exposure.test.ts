import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromYaml } from '../helpers/load.ts';
import { exposure, routeTableOf } from '../../src/routing/index.ts';

const YAML = `apiVersion: v1
kind: Service
metadata: { name: admin, namespace: shop }
spec: { selector: { app: admin }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: admin, namespace: shop }
spec: { template: { metadata: { labels: { app: admin } }, spec: { containers: [{ name: a, image: admin:1 }] } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/auth-url: https://auth.example.com/check
    nginx.ingress.kubernetes.io/limit-rps: '10'
    nginx.ingress.kubernetes.io/allowlist-source-range: 10.0.0.0/8, 192.168.0.0/16
spec:
  ingressClassName: nginx
  tls: [{ hosts: [shop.example.com], secretName: shop-tls }]
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: admin, namespace: shop }
spec:
  ingressClassName: nginx
  defaultBackend: { service: { name: web, port: { number: 80 } } }
  rules:
    - host: admin.example.com
      http:
        paths:
          - { path: /admin, pathType: Exact, backend: { service: { name: admin, port: { number: 80 } } } }
          - { path: /gone, pathType: Exact, backend: { service: { name: gone, port: { number: 80 } } } }
`;

describe('exposure', () => {
  const { model } = modelFromYaml(YAML);
  const result = exposure(routeTableOf(model), model);

  it('lists Services reachable without TLS or authentication first, with their workloads', () => {
    assert.deepEqual(
      result.map((s) => `${s.service.namespace}/${s.service.name}`),
      ['shop/admin', 'shop/web'],
    );
    const [admin] = result;
    assert.deepEqual(admin?.workloads, [{ kind: 'Deployment', namespace: 'shop', name: 'admin' }]);
    assert.deepEqual(
      admin.urls.map((u) => [u.url, u.tls, u.auth]),
      [['http://admin.example.com/admin', false, false]],
    );
  });

  it('reports the controls in front of each URL, and the default backend', () => {
    const web = result.find((s) => s.service.name === 'web');
    assert.deepEqual(
      web?.urls.map((u) => ({
        url: u.url,
        via: u.via,
        tls: u.tls,
        auth: u.auth,
        allowlist: u.allowlist,
        rateLimit: u.rateLimit,
      })),
      [
        {
          url: 'http://*/*',
          via: 'default-backend',
          tls: false,
          auth: false,
          allowlist: null,
          rateLimit: false,
        },
        {
          url: 'https://shop.example.com/*',
          via: 'route',
          tls: true,
          auth: true,
          allowlist: ['10.0.0.0/8', '192.168.0.0/16'],
          rateLimit: true,
        },
      ],
    );
    assert.equal(web.withoutTls, true);
  });

  it('leaves out routes whose Service does not exist (the controller answers 503)', () => {
    assert.equal(
      result.find((s) => s.service.name === 'gone'),
      undefined,
    );
    const dead = routeTableOf(model).entries.find((e) => e.path.value === '/gone');
    assert.deepEqual(dead?.dead, {
      reason: 'backend-unresolvable',
      detail: 'Service shop/gone does not exist',
      answers: 503,
    });
  });
});
