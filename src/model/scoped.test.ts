/**
 * What a review through ScopedModel takes from the cluster model instead of computing it again per
 * admission request: the views and classes of the peers, and data derived only from kinds the review
 * does not scope. Whether the findings stay those of a scan is the parity test's
 * (test/server/admission-parity.test.ts); this checks that the sharing happens, and where it must not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { rbacOf } from '../rbac/authorizer.ts';
import type { Model } from './model.ts';
import type { Resource } from './resource.ts';
import { PeerIndex, ScopedModel } from './scoped.ts';

/** An Ingress of namespace web for host shop.example.com, routing `path` to Service `name` (null: no class). */
function shopIngress(name: string, path: string, className: string | null = 'edge'): string {
  return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: web }
spec:
  ${className === null ? '' : `ingressClassName: ${className}`}
  rules:
    - host: shop.example.com
      http: { paths: [{ path: ${path}, pathType: Prefix, backend: { service: { name: ${name}, port: { number: 80 } } } }] }
`;
}

/** The cluster model: the IngressClass edge, two Ingresses sharing a host (of `className`), RBAC. */
function cluster(className: string | null = 'edge'): string {
  return `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: edge }
spec: { controller: traefik.io/ingress-controller }
---${shopIngress('shop', '/', className)}---${shopIngress('blog', '/blog', className)}---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: editors, namespace: web }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: User, name: alice }]
`;
}

/** The one object of `yaml`, as a request would bring it. */
function incoming(yaml: string): Resource {
  const [resource] = modelFromYaml(yaml, 'request.yaml').model.resources;
  assert.ok(resource);
  return resource;
}

const UPDATED_SHOP = shopIngress('shop', '/v2');

describe('ScopedModel shares the cluster model’s work', () => {
  const { model: base } = modelFromYaml(cluster());
  const index = new PeerIndex(base);
  const peer = base.get('Ingress', 'web', 'blog');
  assert.ok(peer);

  it('a peer’s view and class are the cluster model’s; the reviewed object’s are its own', () => {
    const subject = incoming(UPDATED_SHOP);
    const scoped = new ScopedModel(index, subject);
    assert.ok(scoped.resources.includes(peer), 'blog shares the host: a peer');
    assert.equal(scoped.ingress(peer), base.ingress(peer));
    assert.equal(scoped.classOf(scoped.ingress(peer)), base.classOf(base.ingress(peer)));
    const own = scoped.ingress(subject);
    assert.equal(own.resource, subject);
    assert.deepEqual(
      own.paths.map((path) => path.path),
      ['/v2'],
    );
    const stored = base.get('Ingress', 'web', 'shop');
    assert.ok(stored);
    assert.deepEqual(
      base.ingress(stored).paths.map((path) => path.path),
      ['/'],
    );
  });

  it('an IngressClass under review decides the class of the Ingresses naming it', () => {
    const subject = incoming(`
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: edge }
spec: { controller: k8s.io/ingress-nginx }
`);
    const scoped = new ScopedModel(index, subject);
    assert.equal(base.classOf(base.ingress(peer)).controller, 'traefik');
    assert.equal(scoped.classOf(scoped.ingress(peer)).controller, 'nginx');
  });

  it('another assumed controller resolves classes itself', () => {
    const { model: unclassed } = modelFromYaml(cluster(null));
    const scoped = new ScopedModel(new PeerIndex(unclassed), incoming(UPDATED_SHOP), {
      fallbackController: 'haproxy',
    });
    const blog = unclassed.get('Ingress', 'web', 'blog');
    assert.ok(blog);
    assert.notEqual(unclassed.classOf(unclassed.ingress(blog)).controller, 'haproxy');
    assert.equal(scoped.classOf(scoped.ingress(blog)).controller, 'haproxy');
  });

  it('data derived only from kinds the review does not scope is the cluster model’s', () => {
    const first = new ScopedModel(index, incoming(UPDATED_SHOP));
    const second = new ScopedModel(index, peer);
    const build = (model: Model): { readonly model: Model } => ({ model });
    assert.equal(first.derived(build, ['RoleBinding']).model, base);
    assert.equal(second.derived(build, ['RoleBinding']), first.derived(build, ['RoleBinding']));
    assert.equal(rbacOf(first), rbacOf(base));
    // Reading a kind the review scopes (its Ingresses), or not saying what it reads: its own.
    assert.equal(first.derived(build, ['Ingress', 'Service']).model, first);
    const undeclared = (model: Model): { readonly model: Model } => ({ model });
    assert.equal(first.derived(undeclared).model, first);
  });
});
