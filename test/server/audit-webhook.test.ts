/**
 * POST /audit: who may call it (bearer token in constant time, or a client certificate of
 * --client-ca-file), what it answers for malformed and oversized batches, and that an acknowledged
 * batch is in the ledger with its detections' alerts sent after the commit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveConfig } from '../../src/engine/config.ts';
import type { Alert } from '../../src/ledger/alerts/alert.ts';
import type { AlertSink } from '../../src/ledger/alerts/sink.ts';
import { resolveAccountability } from '../../src/ledger/detections/settings.ts';
import { openLedger } from '../../src/ledger/store/open.ts';
import { RULES } from '../../src/rules/index.ts';
import { bearerToken, tokenMatches } from '../../src/server/auth.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { auditEvent, ingressObject } from '../helpers/audit-events.ts';
import { send, servePki } from '../helpers/serve.ts';

const TOKEN = 'audit-webhook-token-7f3c';

function eventList(items: unknown[]): string {
  return JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });
}

function created(name: string): unknown {
  return auditEvent({
    verb: 'create',
    objectRef: {
      resource: 'ingresses',
      namespace: 'shop',
      name,
      apiGroup: 'networking.k8s.io',
      apiVersion: 'v1',
    },
    code: 201,
    requestObject: ingressObject(name, { rules: [{ host: `${name}.example.com` }] }),
    responseObject: ingressObject(name, { rules: [{ host: `${name}.example.com` }] }),
  });
}

describe('POST /audit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-audit-webhook-'));
  const db = join(dir, 'ledger.db');
  const alerts: Alert[] = [];
  const sink: AlertSink = {
    name: 'memory',
    send: (alert) => {
      alerts.push(alert);
      return Promise.resolve();
    },
    close: () => Promise.resolve({ sink: 'memory', sent: alerts.length, failed: 0 }),
  };
  let server: RunningServer;
  const url = (): string => `${server.url}/audit`;
  const withToken = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  before(async () => {
    const pki = servePki();
    writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      tls: { certFile: pki.files.serverCert, keyFile: pki.files.serverKey, clientCaFile: pki.files.ca },
      auditTokenFile: join(dir, 'token'),
      db,
      enforce: 'error',
      config: resolveConfig(RULES, {}, {}),
      accountability: resolveAccountability(undefined),
      sinks: [sink],
      logger: silentLogger(),
      limits: { audit: 256 * 1024 },
    });
  });

  after(async () => {
    await server.close();
  });

  it('refuses a caller without credentials with 401', async () => {
    const answer = await send(url(), { method: 'POST', body: eventList([created('a')]) });
    assert.equal(answer.status, 401);
    assert.equal(answer.json<{ kind: string; code: number }>().code, 401);
  });

  it('refuses a wrong token with 403, and a token of another scheme with 401', async () => {
    for (const token of ['wrong', `${TOKEN}x`, TOKEN.slice(0, -1), '']) {
      const answer = await send(url(), { method: 'POST', body: eventList([]), headers: withToken(token) });
      assert.ok(answer.status === 403 || answer.status === 401, `${token}: ${String(answer.status)}`);
    }
    const basic = await send(url(), {
      method: 'POST',
      body: eventList([]),
      headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
    });
    assert.equal(basic.status, 401);
  });

  it('refuses a client certificate another CA signed with 403', async () => {
    const { files } = servePki();
    const answer = await send(url(), {
      method: 'POST',
      body: eventList([created('rogue')]),
      client: { cert: files.rogueCert, key: files.rogueKey },
    });
    assert.equal(answer.status, 403);
  });

  it('stores a batch from the right token and answers 200 once it is in the ledger', async () => {
    const answer = await send(url(), {
      method: 'POST',
      body: eventList([created('web'), created('api')]),
      headers: withToken(TOKEN),
    });
    assert.equal(answer.status, 200, answer.text);
    const store = await openLedger(db);
    try {
      const objects = await store.listObjects({ resource: 'ingresses' });
      assert.deepEqual(objects.map((o) => o.object.name).sort(), ['api', 'web']);
    } finally {
      await store.close();
    }
    // ingress-created alerts, sent after the commit.
    assert.ok(
      alerts.some((alert) => alert.object.name === 'web'),
      JSON.stringify(alerts.map((a) => a.detectionId)),
    );
  });

  it('accepts a client certificate signed by --client-ca-file', async () => {
    const { files } = servePki();
    const answer = await send(url(), {
      method: 'POST',
      body: eventList([created('by-cert')]),
      client: { cert: files.clientCert, key: files.clientKey },
    });
    assert.equal(answer.status, 200, answer.text);
  });

  it('adds nothing when a batch comes again, and counts it', async () => {
    const batch = eventList([created('again')]);
    for (let i = 0; i < 2; i++)
      assert.equal(
        (await send(url(), { method: 'POST', body: batch, headers: withToken(TOKEN) })).status,
        200,
      );
    const metrics = (await send(`${server.url}/metrics`)).text;
    assert.match(metrics, /^gatewatch_audit_events_total\{result="duplicate"\} 1$/m);
  });

  it('answers malformed batches with 400 and oversized ones with 413', async () => {
    for (const body of ['{', '{"kind":"Event"}', '{"kind":"EventList","items":{}}', '"text"']) {
      const answer = await send(url(), { method: 'POST', body, headers: withToken(TOKEN) });
      assert.equal(answer.status, 400, body);
    }
    const big = eventList([{ kind: 'Event', pad: 'x'.repeat(300 * 1024) }]);
    const answer = await send(url(), { method: 'POST', body: big, headers: withToken(TOKEN) });
    assert.equal(answer.status, 413);
    // Authentication comes first: an unauthenticated large body is refused before it is read.
    assert.equal((await send(url(), { method: 'POST', body: big })).status, 401);
  });

  it('compares tokens exactly', () => {
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('bearer abc '), 'abc');
    assert.equal(bearerToken('Bearer a b'), undefined);
    assert.equal(bearerToken(undefined), undefined);
    assert.equal(tokenMatches('abc', 'abc'), true);
    assert.equal(tokenMatches('abc', 'abd'), false);
    assert.equal(tokenMatches('', ''), false);
  });
});
