/**
 * /metrics (parsed as Prometheus text format 0.0.4), /healthz and /readyz, the serving certificate
 * reloaded when its files change, and the refusals of plain HTTP off loopback.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { resolveConfig } from '../../src/engine/config.ts';
import { resolveAccountability } from '../../src/ledger/detections/settings.ts';
import { RULES } from '../../src/rules/index.ts';
import { snapshotOf, type ClusterModelSource, type ClusterSnapshot } from '../../src/server/cluster-model.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { escapeLabelValue } from '../../src/server/metrics.ts';
import { ServeError, startServer, type RunningServer, type ServeOptions } from '../../src/server/serve.ts';
import { GOOD_PAIRS, tlsSecretYaml } from '../helpers/certs.ts';
import { fakeIo } from '../helpers/fake-io.ts';
import { modelFromYaml } from '../helpers/load.ts';
import { send, servePki } from '../helpers/serve.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');

const CLUSTER = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
---
${tlsSecretYaml({ name: 'shop-tls', namespace: 'shop', ...GOOD_PAIRS.shopRsa })}`;

/** A cluster source the test loads by hand. */
function manualSource(): ClusterModelSource & { load(snapshot: ClusterSnapshot): void } {
  let current: ClusterSnapshot | undefined;
  const listeners = new Set<(snapshot: ClusterSnapshot) => void>();
  return {
    current: () => current,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => Promise.resolve(),
    close: () => Promise.resolve(),
    load(snapshot) {
      current = snapshot;
      for (const listener of listeners) listener(snapshot);
    },
  };
}

function options(overrides: Partial<ServeOptions>): ServeOptions {
  const pki = servePki();
  return {
    host: '127.0.0.1',
    port: 0,
    tls: { certFile: pki.files.serverCert, keyFile: pki.files.serverKey },
    db: ':memory:',
    enforce: 'error',
    config: resolveConfig(RULES, {}, {}),
    accountability: resolveAccountability(undefined),
    logger: silentLogger(),
    now: () => NOW,
    ...overrides,
  };
}

interface Family {
  type: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

/** A strict reader of the text format: every line must parse, every sample must follow its TYPE. */
function parseExposition(text: string): Map<string, Family> {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const families = new Map<string, Family>();
  const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
  const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(?:,|$)/gy;
  for (const line of text.slice(0, -1).split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      assert.ok(!families.has(type[1] ?? ''), `one TYPE per family: ${line}`);
      families.set(type[1] ?? '', { type: type[2] ?? '', samples: [] });
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = sample.exec(line);
    assert.ok(match, `not a sample line: ${line}`);
    const name = match[1] ?? '';
    const base = name.replace(/_(bucket|sum|count)$/, '');
    const family = families.get(name) ?? families.get(base);
    assert.ok(family, `sample before its TYPE: ${line}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? '';
    label.lastIndex = 0;
    while (label.lastIndex < body.length) {
      const pair = label.exec(body);
      assert.ok(pair, `bad labels: ${line}`);
      labels[pair[1] ?? ''] = pair[2] ?? '';
    }
    const value = Number((match[3] ?? '').replace('+Inf', 'Infinity'));
    assert.ok(!Number.isNaN(value), `bad value: ${line}`);
    family.samples.push({ name, labels, value });
  }
  return families;
}

describe('serve endpoints', () => {
  const source = manualSource();
  let server: RunningServer;

  before(async () => {
    server = await startServer(options({ cluster: source }));
  });

  after(async () => {
    await server.close();
  });

  it('is alive at once and ready once the cluster model is loaded', async () => {
    assert.equal((await send(`${server.url}/healthz`)).status, 200);
    const early = await send(`${server.url}/readyz`);
    assert.equal(early.status, 503);
    assert.deepEqual(early.json(), { ready: false, reasons: ['cluster model not loaded yet'] });
    const { model } = modelFromYaml(CLUSTER, 'cluster.yaml', { mode: 'cluster' });
    source.load(snapshotOf(model, NOW));
    assert.equal((await send(`${server.url}/readyz`)).status, 200);
  });

  it('exposes the series of the spec in the Prometheus text format', async () => {
    const review = {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'u-1',
        kind: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
        resource: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
        namespace: 'shop',
        operation: 'CREATE',
        object: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' }, spec: {} },
      },
    };
    assert.equal(
      (await send(`${server.url}/admission`, { method: 'POST', body: JSON.stringify(review) })).status,
      200,
    );
    const answer = await send(`${server.url}/metrics`);
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const families = parseExposition(answer.text);

    const reviews = families.get('gatewatch_admission_reviews_total');
    assert.equal(reviews?.type, 'counter');
    assert.ok(reviews.samples.some((s) => s.labels.kind === 'Ingress' && s.labels.operation === 'CREATE'));

    const latency = families.get('gatewatch_admission_duration_seconds');
    assert.equal(latency?.type, 'histogram');
    const buckets = latency.samples.filter((s) => s.name.endsWith('_bucket'));
    const bounds = buckets.map((s) => Number((s.labels.le ?? '').replace('+Inf', 'Infinity')));
    assert.deepEqual(
      bounds,
      [...bounds].sort((a, b) => a - b),
      'le ascending',
    );
    const counts = buckets.map((s) => s.value);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
      'cumulative',
    );
    assert.equal(latency.samples.find((s) => s.name.endsWith('_count'))?.value, counts.at(-1));
    assert.equal(counts.at(-1), 1);

    const findings = families.get('gatewatch_findings');
    assert.equal(findings?.type, 'gauge');
    assert.ok(findings.samples.some((s) => s.labels.rule === 'ingress-tls-host-uncovered' || s.value > 0));
    for (const s of findings.samples) assert.deepEqual(Object.keys(s.labels).sort(), ['rule', 'severity']);

    const expiry = families.get('gatewatch_certificate_expiry_seconds');
    const shop = expiry?.samples.find((s) => s.labels.namespace === 'shop' && s.labels.secret === 'shop-tls');
    // The test PKI's certificates are valid until 2035-01-01.
    assert.equal(shop?.value, (Date.parse('2035-01-01T00:00:00Z') - NOW) / 1000);

    assert.ok(families.get('gatewatch_serving_certificate_expiry_seconds')?.samples[0]);
    for (const name of ['gatewatch_audit_events_total', 'gatewatch_alerts_total', 'gatewatch_model_objects'])
      assert.ok(families.has(name), name);
  });

  it('escapes label values', () => {
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
  });

  it('answers unknown paths with a 404 Status', async () => {
    const answer = await send(`${server.url}/nope`);
    assert.equal(answer.status, 404);
    assert.equal(answer.json<{ kind: string }>().kind, 'Status');
  });
});

function fingerprintOf(url: string): Promise<string> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: target.hostname, port: Number(target.port), ca: servePki().caCert },
      () => {
        const fingerprint = socket.getPeerCertificate().fingerprint256;
        socket.end();
        resolve(fingerprint);
      },
    );
    socket.on('error', reject);
  });
}

describe('serving certificate', () => {
  it('is reloaded when its files change, without a restart', async () => {
    const pki = servePki();
    const dir = mkdtempSync(join(tmpdir(), 'gatewatch-reload-'));
    const cert = join(dir, 'tls.crt');
    const key = join(dir, 'tls.key');
    copyFileSync(pki.files.serverCert, cert);
    copyFileSync(pki.files.serverKey, key);
    const server = await startServer(options({ tls: { certFile: cert, keyFile: key } }));
    try {
      const first = await fingerprintOf(server.url);
      // A second certificate of the same CA, written the way a Secret volume update lands.
      const run = (...args: string[]): void => {
        execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
      };
      writeFileSync(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1\n');
      run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'next.key');
      run('req', '-new', '-key', 'next.key', '-out', 'next.csr', '-subj', '/CN=next');
      run(
        'x509',
        '-req',
        '-in',
        'next.csr',
        '-CA',
        pki.files.ca,
        '-CAkey',
        join(pki.dir, 'ca.key'),
        '-CAcreateserial',
        '-CAserial',
        join(dir, 'serial'),
        '-days',
        '1',
        '-out',
        'next.crt',
        '-extfile',
        'ext',
      );
      copyFileSync(join(dir, 'next.key'), key);
      copyFileSync(join(dir, 'next.crt'), cert);
      let now = first;
      for (let i = 0; i < 50 && now === first; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        now = await fingerprintOf(server.url);
      }
      assert.notEqual(now, first, 'the new certificate is served');
      const metrics = (await send(`${server.url}/metrics`)).text;
      assert.match(metrics, /^gatewatch_serving_certificate_reloads_total\{result="ok"\} 1$/m);
    } finally {
      await server.close();
    }
  });
});

describe('plain HTTP', () => {
  it('is refused off loopback', async () => {
    await assert.rejects(startServer(options({ host: '0.0.0.0', tls: undefined })), ServeError);
    const io = fakeIo({ cwd: process.cwd() });
    assert.equal(await main(['serve', '--insecure-http', '--listen', '0.0.0.0:0'], io), 2);
    assert.match(io.err(), /loopback/);
  });

  it('needs the flag: without TLS files serve refuses to start', async () => {
    const io = fakeIo({ cwd: process.cwd() });
    assert.equal(await main(['serve', '--listen', '127.0.0.1:0'], io), 2);
    assert.match(io.err(), /--tls-cert-file/);
  });

  it('is served on loopback with --insecure-http', async () => {
    const server = await startServer(options({ tls: undefined }));
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:/);
      assert.equal((await send(`${server.url}/healthz`)).text, 'ok\n');
    } finally {
      await server.close();
    }
  });
});
