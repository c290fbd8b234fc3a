import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromYaml } from '../../test/helpers/load.ts';
import { imageVersion, isIngressNginxImage } from './controllers.ts';

const CLASSES = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: public
  annotations: { ingressclass.kubernetes.io/is-default-class: "true" }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: edge }
spec: { controller: traefik.io/ingress-controller }
`;

function ingress(name: string, extra: string): string {
  return `---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n${extra}\n`;
}

describe('class resolution', () => {
  const { model } = modelFromYaml(
    CLASSES +
      ingress('by-spec', 'spec: { ingressClassName: edge }') +
      ingress('by-annotation', '  annotations: { kubernetes.io/ingress.class: edge }') +
      ingress('by-default', 'spec: {}') +
      ingress('unknown-class', 'spec: { ingressClassName: internal-nginx }'),
  );
  const resolve = (name: string) => {
    const resource = model.get('Ingress', 'default', name);
    assert.ok(resource);
    return model.classOf(model.ingress(resource));
  };

  it('spec.ingressClassName names the IngressClass, whose controller decides', () => {
    assert.deepEqual(
      [resolve('by-spec').className, resolve('by-spec').controller, resolve('by-spec').classSource],
      ['edge', 'traefik', 'spec'],
    );
  });
  it('the legacy annotation is read when the spec says nothing', () => {
    assert.deepEqual(
      [resolve('by-annotation').controller, resolve('by-annotation').classSource],
      ['traefik', 'annotation'],
    );
  });
  it('the default IngressClass applies to Ingresses without a class', () => {
    assert.deepEqual(
      [resolve('by-default').className, resolve('by-default').controller, resolve('by-default').classSource],
      ['public', 'nginx', 'default'],
    );
  });
  it('a class without an IngressClass object is guessed from its name', () => {
    assert.deepEqual(
      [resolve('unknown-class').controller, resolve('unknown-class').controllerSource],
      ['nginx', 'class-name'],
    );
  });

  it('falls back to --controller, then to the annotations used', () => {
    const plain = ingress('plain', '  annotations: { traefik.ingress.kubernetes.io/router.tls: "true" }');
    const { model: withFallback } = modelFromYaml(plain, 'x.yaml', { fallbackController: 'haproxy' });
    const { model: inferred } = modelFromYaml(plain);
    const of = (m: typeof model) => {
      const resource = m.get('Ingress', 'default', 'plain');
      assert.ok(resource);
      return m.classOf(m.ingress(resource));
    };
    assert.deepEqual(
      [of(withFallback).controller, of(withFallback).controllerSource],
      ['haproxy', 'fallback'],
    );
    assert.deepEqual([of(inferred).controller, of(inferred).controllerSource], ['traefik', 'annotations']);
  });
});

describe('controller images', () => {
  it('recognises ingress-nginx controller images and their versions', () => {
    for (const [image, version] of [
      [
        'registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:d5f8217feeac4887cb1ed21f27c2674e58be06bd8f5184cacea2a69abaf78dce',
        '1.11.2',
      ],
      ['k8s.gcr.io/ingress-nginx/controller:v1.1.0', '1.1.0'],
      ['quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.26.1', '0.26.1'],
      ['my-mirror.local:5000/ingress-nginx/controller-chroot:v1.12.1', '1.12.1'],
    ] as const) {
      assert.ok(isIngressNginxImage(image), image);
      assert.equal(imageVersion(image), version);
    }
    assert.equal(isIngressNginxImage('nginx:1.27'), false);
    assert.equal(
      isIngressNginxImage('nginx/nginx-ingress:3.4.0'),
      false,
      "NGINX Inc's controller is another project",
    );
    assert.equal(imageVersion('registry.k8s.io/ingress-nginx/controller@sha256:abc'), undefined);
  });
});
