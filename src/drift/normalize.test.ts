/**
 * One case per normalisation: what the API server writes or defaults must not show as drift, and the
 * same field changed by hand must. Objects are read from YAML the way the sources read them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { driftOf, summary } from '../../test/helpers/drift.ts';
import { parseGoBool } from './normalize.ts';

const SERVICE = `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80 }]
`;

const LIVE_SERVICE = `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop, uid: 1b2c, resourceVersion: "881", creationTimestamp: "2026-05-01T09:00:00Z" }
spec:
  clusterIP: 10.96.14.201
  clusterIPs: [10.96.14.201]
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  internalTrafficPolicy: Cluster
  sessionAffinity: None
  type: ClusterIP
  selector: { app: web }
  ports: [{ name: http, port: 80, protocol: TCP, targetPort: 80 }]
status: { loadBalancer: {} }
`;

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: registry.example.com/web:2.4.1
          ports: [{ containerPort: 8080 }]
          livenessProbe: { httpGet: { port: 8080 } }
          resources: { requests: { cpu: 0.5, memory: "1073741824" } }
        - name: sidecar
          image: registry.example.com/proxy
      volumes:
        - name: config
          configMap: { name: web }
`;

const LIVE_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  generation: 4
  annotations: { deployment.kubernetes.io/revision: "4" }
spec:
  replicas: 1
  revisionHistoryLimit: 10
  progressDeadlineSeconds: 600
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 25%, maxUnavailable: 25% } }
  selector: { matchLabels: { app: web } }
  template:
    metadata: { creationTimestamp: null, labels: { app: web } }
    spec:
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      serviceAccount: web
      serviceAccountName: web
      terminationGracePeriodSeconds: 30
      containers:
        - name: web
          image: registry.example.com/web:2.4.1
          imagePullPolicy: IfNotPresent
          ports: [{ containerPort: 8080, protocol: TCP }]
          livenessProbe:
            httpGet: { port: 8080, path: /, scheme: HTTP }
            timeoutSeconds: 1
            periodSeconds: 10
            successThreshold: 1
            failureThreshold: 3
          resources: { requests: { cpu: 500m, memory: 1Gi } }
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
        - name: sidecar
          image: registry.example.com/proxy
          imagePullPolicy: Always
          resources: {}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
      volumes:
        - name: config
          configMap: { name: web, defaultMode: 420 }
status: { replicas: 1, readyReplicas: 1 }
`;

const INGRESS = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
    example.com/feature: "true"
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: { name: http } } }
`;

function liveIngress(changes: { annotations?: string; className?: string; port?: string } = {}): string {
  return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  generation: 2
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Ingress"}'
    ${changes.annotations ?? 'nginx.ingress.kubernetes.io/ssl-redirect: "true"\n    example.com/feature: "true"'}
spec:
  ${changes.className === undefined ? '' : `ingressClassName: ${changes.className}`}
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: ${changes.port ?? '{ name: http }'} } }
status: { loadBalancer: { ingress: [{ ip: 203.0.113.10 }] } }
`;
}

const DEFAULT_CLASS = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: nginx, annotations: { ingressclass.kubernetes.io/is-default-class: "true" } }
spec: { controller: k8s.io/ingress-nginx }
`;

describe('drift normalisation', () => {
  it('ignores what the server sets: status, uid, resourceVersion, creationTimestamp, generation, last-applied', () => {
    assert.deepEqual(summary(driftOf(INGRESS, liveIngress())), []);
  });

  it('fills Service defaults and drops the addresses the server assigns', () => {
    assert.deepEqual(summary(driftOf(SERVICE, LIVE_SERVICE)), []);
  });

  it('still reports a Service field changed by hand, with the default as the approved value', () => {
    const live = LIVE_SERVICE.replace('type: ClusterIP', 'type: NodePort').replace(
      'targetPort: 80 }',
      'targetPort: 80, nodePort: 31080 }',
    );
    assert.deepEqual(summary(driftOf(SERVICE, live)), [
      'spec.externalTrafficPolicy: null → "Cluster"',
      'spec.type: "ClusterIP" → "NodePort"',
    ]);
  });

  it('drops a clusterIP only where the manifest leaves it out', () => {
    const approved = SERVICE.replace('selector:', 'clusterIP: None\n  selector:');
    assert.deepEqual(summary(driftOf(approved, LIVE_SERVICE)), ['spec.clusterIP: "None" → "10.96.14.201"']);
  });

  it('fills Deployment, pod template and container defaults; quantities compare by amount', () => {
    assert.deepEqual(summary(driftOf(DEPLOYMENT, LIVE_DEPLOYMENT)), []);
  });

  it('reports a changed default and a changed quantity', () => {
    const live = LIVE_DEPLOYMENT.replace('replicas: 1\n', 'replicas: 3\n').replace('cpu: 500m', 'cpu: "1"');
    assert.deepEqual(summary(driftOf(DEPLOYMENT, live)), [
      'spec.replicas: 1 → 3',
      'spec.template.spec.containers[0].resources.requests.cpu: 0.5 → "1"',
    ]);
  });

  it('defaults imagePullPolicy from the tag: Always for none or latest, IfNotPresent otherwise', () => {
    const live = LIVE_DEPLOYMENT.replace('imagePullPolicy: Always', 'imagePullPolicy: IfNotPresent');
    assert.deepEqual(summary(driftOf(DEPLOYMENT, live)), [
      'spec.template.spec.containers[1].imagePullPolicy: "Always" → "IfNotPresent"',
    ]);
  });

  it('defaults a Secret to type Opaque and compares its data by digest, never showing a value', () => {
    const approved = `
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
stringData: { password: hunter2, user: admin }
`;
    const same = `
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
type: Opaque
data: { password: ${Buffer.from('hunter2').toString('base64')}, user: ${Buffer.from('admin').toString('base64')} }
`;
    assert.deepEqual(summary(driftOf(approved, same)), []);
    const changed = same.replace(
      Buffer.from('hunter2').toString('base64'),
      Buffer.from('hunter3').toString('base64'),
    );
    const fields = driftOf(approved, changed.replace(/, user: [^ }]+/, ', token: eHl6'));
    assert.deepEqual(summary(fields), [
      'data.password: changed (redacted)',
      'data.token: added (redacted)',
      'data.user: removed (redacted)',
    ]);
    const printed = JSON.stringify(fields);
    for (const secret of ['hunter', 'admin', 'aHVudGVy', 'eHl6'])
      assert.ok(!printed.includes(secret), secret);
  });

  it('defaults the namespace of an approved object that names none', () => {
    const approved = SERVICE.replace(', namespace: shop', '');
    const live = LIVE_SERVICE.replace('namespace: shop,', 'namespace: default,');
    assert.deepEqual(summary(driftOf(approved, live)), []);
  });

  it('drops ingressClassName set from the default IngressClass', () => {
    assert.deepEqual(summary(driftOf(INGRESS, liveIngress({ className: 'nginx' }), DEFAULT_CLASS)), []);
  });

  it('reports ingressClassName when the class is not the default one', () => {
    assert.deepEqual(summary(driftOf(INGRESS, liveIngress({ className: 'internal' }), DEFAULT_CLASS)), [
      'spec.ingressClassName: null → "internal"',
    ]);
  });

  it('reports ingressClassName when the manifest names its class by annotation (no defaulting then)', () => {
    const approved = INGRESS.replace('annotations:', 'annotations:\n    kubernetes.io/ingress.class: nginx');
    const live = liveIngress({
      className: 'nginx',
      annotations:
        'kubernetes.io/ingress.class: nginx\n    nginx.ingress.kubernetes.io/ssl-redirect: "true"\n    example.com/feature: "true"',
    });
    assert.deepEqual(summary(driftOf(approved, live, DEFAULT_CLASS)), [
      'spec.ingressClassName: null → "nginx"',
    ]);
  });

  it('defaults pathType for Ingresses written without it', () => {
    const approved = INGRESS.replace('pathType: Prefix', 'pathType: ImplementationSpecific').replace(
      '\n            pathType: ImplementationSpecific',
      '',
    );
    const live = liveIngress().replace('pathType: Prefix', 'pathType: ImplementationSpecific');
    assert.deepEqual(summary(driftOf(approved, live)), []);
  });

  it('equates ingress-nginx boolean spellings as strconv.ParseBool reads them, and only for its boolean annotations', () => {
    const live = liveIngress({
      annotations: 'nginx.ingress.kubernetes.io/ssl-redirect: "True"\n    example.com/feature: "True"',
    });
    assert.deepEqual(summary(driftOf(INGRESS, live)), [
      'metadata.annotations["example.com/feature"]: "true" → "True"',
    ]);
    const flipped = liveIngress({
      annotations: 'nginx.ingress.kubernetes.io/ssl-redirect: "0"\n    example.com/feature: "true"',
    });
    assert.deepEqual(summary(driftOf(INGRESS, flipped)), [
      'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]: "true" → "0"',
    ]);
    assert.equal(parseGoBool('t'), true);
    assert.equal(parseGoBool('yes'), undefined);
  });

  it('equates a backend port by name and by number where the Service maps the name to the number', () => {
    assert.deepEqual(summary(driftOf(INGRESS, liveIngress({ port: '{ number: 80 }' }), LIVE_SERVICE)), []);
  });

  it('reports a backend port whose number is not what the Service maps the name to', () => {
    assert.deepEqual(summary(driftOf(INGRESS, liveIngress({ port: '{ number: 8080 }' }), LIVE_SERVICE)), [
      'spec.rules[0].http.paths[0].backend.service.port.name: "http" → null',
      'spec.rules[0].http.paths[0].backend.service.port.number: null → 8080',
    ]);
    // Without the Service the name cannot be resolved: the forms stay different.
    assert.equal(driftOf(INGRESS, liveIngress({ port: '{ number: 80 }' })).length, 2);
  });

  it('fills Namespace, NetworkPolicy and RoleBinding defaults', () => {
    assert.deepEqual(
      summary(
        driftOf(
          'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }',
          'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: { kubernetes.io/metadata.name: shop } }\nspec: { finalizers: [kubernetes] }\nstatus: { phase: Active }',
        ),
      ),
      [],
    );
    assert.deepEqual(
      summary(
        driftOf(
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec:\n  podSelector: {}\n  egress: [{ ports: [{ port: 53 }] }]',
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: [{ ports: [{ port: 53, protocol: TCP }] }]',
        ),
      ),
      [],
    );
    assert.deepEqual(
      summary(
        driftOf(
          'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: b, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: r }\nsubjects: [{ kind: User, name: alice }]',
          'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: b, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: r }\nsubjects: [{ kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }]',
        ),
      ),
      [],
    );
  });

  it('fills Gateway API CRD defaults on routes', () => {
    const approved = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ name: public }]
  rules:
    - backendRefs: [{ name: web, port: 80 }]
`;
    const live = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: public }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: / } }]
      backendRefs: [{ group: "", kind: Service, name: web, port: 80, weight: 1 }]
status: { parents: [] }
`;
    assert.deepEqual(summary(driftOf(approved, live)), []);
  });

  it('treats null values, empty lists and empty annotation maps as absent', () => {
    const approved = INGRESS.replace('spec:', 'spec:\n  tls: []');
    const live = liveIngress().replace('generation: 2', 'generation: 2\n  labels: {}');
    assert.deepEqual(summary(driftOf(approved, live)), []);
  });
});
