/**
 * The AlertSink contract, run on every sink: alerts arrive in order and intact (hostile strings
 * included), close() reports the counts, and a failing destination is reported — never thrown.
 * Webhooks are tested against a loopback node:http server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Alert } from './alert.ts';
import type { AlertSink, SinkProblem } from './sink.ts';
import { fileSink, stdoutSink } from './stream-sinks.ts';
import {
  backoffDelay,
  DEFAULT_RETRY,
  redactUrl,
  slackMessage,
  slackSink,
  webhookSink,
} from './webhook-sinks.ts';
import { createSink, SinkSpecError } from './sinks.ts';

const HOSTILE = 'Ingress shop/web\u001b[2J\n<!channel> <https://evil.example|click> & "quotes" \u202e';

function alert(n: number, summary = `alert ${String(n)}`): Alert {
  return {
    detectionId: 'ingress-tls-removed',
    severity: 'error',
    time: `2026-11-22T05:55:0${String(n)}.123456Z`,
    auditID: `00000000-0000-0000-0000-00000000000${String(n)}`,
    verb: 'patch',
    actor: {
      username: 'alice',
      groups: ['dev-team', 'system:authenticated'],
      impersonatedBy: null,
      sourceIPs: ['10.0.0.7'],
      userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
    },
    object: {
      apiGroup: 'networking.k8s.io',
      resource: 'ingresses',
      kind: 'Ingress',
      namespace: 'shop',
      name: 'web',
    },
    summary,
    details: { removed: ['spec.tls[0]'] },
    ledgerRef: `00000000-0000-0000-0000-00000000000${String(n)}/ResponseComplete`,
  };
}

interface Received {
  readonly body: unknown;
  readonly contentType: string | undefined;
}

/** A loopback receiver: answers each request with the next planned status (200 once the plan is used). */
class Receiver {
  readonly received: Received[] = [];
  plan: number[] = [];
  requests = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests++;
        const status = this.plan.shift() ?? 200;
        if (status === 200)
          this.received.push({
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
            contentType: request.headers['content-type'],
          });
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status === 200 ? 'ok' : 'nope');
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}/hooks/T000/B000/secret`;
  }

  reset(): void {
    this.received.length = 0;
    this.plan = [];
    this.requests = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x202e) return true;
  }
  return false;
}

const noSleep = (): Promise<void> => Promise.resolve();
const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 };

interface Harness {
  readonly name: string;
  readonly make: (onProblem: (p: SinkProblem) => void) => AlertSink;
  /** The alerts as the destination saw them, decoded back to the alert's summary strings. */
  readonly delivered: () => string[];
}

describe('AlertSink contract', () => {
  const receiver = new Receiver();
  let url = '';
  let dir = '';
  before(async () => {
    url = await receiver.start();
    dir = mkdtempSync(join(tmpdir(), 'gatewatch-sinks-'));
  });
  after(async () => {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  let out = '';
  let fileCount = 0;
  let filePath = '';
  const harnesses: Harness[] = [
    {
      name: 'stdout',
      make: (onProblem) => {
        out = '';
        return stdoutSink((text) => (out += text), onProblem);
      },
      delivered: () =>
        out
          .trimEnd()
          .split('\n')
          .map((line) => (JSON.parse(line) as Alert).summary),
    },
    {
      name: 'file',
      make: (onProblem) => {
        filePath = join(dir, `alerts-${String(fileCount++)}.jsonl`);
        return fileSink(filePath, onProblem);
      },
      delivered: () =>
        readFileSync(filePath, 'utf8')
          .trimEnd()
          .split('\n')
          .map((line) => (JSON.parse(line) as Alert).summary),
    },
    {
      name: 'webhook',
      make: (onProblem) => {
        receiver.reset();
        return webhookSink({ url, onProblem, retry: FAST, sleep: noSleep });
      },
      delivered: () => receiver.received.map((r) => (r.body as Alert).summary),
    },
    {
      name: 'slack',
      make: (onProblem) => {
        receiver.reset();
        return slackSink({ url, onProblem, retry: FAST, sleep: noSleep });
      },
      // The plain_text block carries the summary (escaped for display: one line).
      delivered: () =>
        receiver.received.map((r) => {
          const blocks = (r.body as { blocks: { text?: { text: string } }[] }).blocks;
          return blocks[1]?.text?.text ?? '';
        }),
    },
  ];

  for (const harness of harnesses) {
    it(`${harness.name}: delivers alerts in order and reports the counts`, async () => {
      const problems: SinkProblem[] = [];
      const sink = harness.make((p) => problems.push(p));
      for (const n of [1, 2, 3]) void sink.send(alert(n));
      const summary = await sink.close();
      assert.deepEqual(problems, []);
      assert.equal(summary.sent, 3);
      assert.equal(summary.failed, 0);
      assert.deepEqual(harness.delivered(), ['alert 1', 'alert 2', 'alert 3']);
    });

    it(`${harness.name}: a hostile summary stays one alert and cannot inject markup`, async () => {
      const sink = harness.make(() => assert.fail('no problem expected'));
      await sink.send(alert(1, HOSTILE));
      await sink.close();
      const [delivered] = harness.delivered();
      assert.ok(delivered !== undefined);
      if (harness.name === 'slack') {
        assert.ok(!hasControlCharacter(delivered));
        assert.match(delivered, /\\u001b\[2J\\n<!channel>/, 'shown as text in a plain_text block');
      } else assert.equal(delivered, HOSTILE, 'JSON carries the string exactly');
    });
  }

  it('a sink writes nothing and fails nothing when no alert was sent', async () => {
    for (const harness of harnesses) {
      const summary = await harness.make(() => assert.fail('no problem expected')).close();
      assert.deepEqual([summary.sent, summary.failed], [0, 0], harness.name);
    }
  });
});

describe('webhook delivery', () => {
  const receiver = new Receiver();
  let url = '';
  before(async () => {
    url = await receiver.start();
  });
  after(() => receiver.stop());

  it('posts the alert itself as JSON', async () => {
    receiver.reset();
    const sink = webhookSink({ url, onProblem: () => assert.fail(), retry: FAST, sleep: noSleep });
    await sink.send(alert(1));
    await sink.close();
    assert.deepEqual(receiver.received[0]?.body, alert(1));
    assert.equal(receiver.received[0].contentType, 'application/json');
  });

  it('500 then success: retried after a backoff, delivered once', async () => {
    receiver.reset();
    receiver.plan = [500, 503];
    const waits: number[] = [];
    const sink = webhookSink({
      url,
      onProblem: () => assert.fail('delivered in the end'),
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 2000 },
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    });
    await sink.send(alert(1));
    const summary = await sink.close();
    assert.equal(receiver.requests, 3);
    assert.equal(receiver.received.length, 1);
    assert.deepEqual(waits, [50, 100], 'exponential, jittered (random 0.5 of 100·2^n)');
    assert.deepEqual([summary.sent, summary.failed], [1, 0]);
  });

  it('permanent failure: bounded attempts, reported with the alert, never thrown', async () => {
    receiver.reset();
    receiver.plan = [500, 500, 500];
    const problems: SinkProblem[] = [];
    const sink = webhookSink({ url, onProblem: (p) => problems.push(p), retry: FAST, sleep: noSleep });
    await sink.send(alert(1));
    await sink.send(alert(2));
    const summary = await sink.close();
    assert.equal(receiver.requests, 4, '3 attempts for the first alert, the next one delivered');
    assert.deepEqual([summary.sent, summary.failed], [1, 1]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /HTTP 500 after 3 attempts/);
    assert.equal(problems[0]?.alert?.auditID, alert(1).auditID);
    assert.doesNotMatch(problems[0].message, /secret/, 'the URL path (the token) is not in messages');
  });

  it('a 4xx other than 408/425/429 is not retried', async () => {
    receiver.reset();
    receiver.plan = [404];
    const problems: SinkProblem[] = [];
    const sink = webhookSink({ url, onProblem: (p) => problems.push(p), retry: FAST, sleep: noSleep });
    await sink.send(alert(1));
    await sink.close();
    assert.equal(receiver.requests, 1);
    assert.match(problems[0]?.message ?? '', /HTTP 404 \(not retried\)/);
  });

  it('an unreachable receiver is reported, never thrown', async () => {
    const closed = new Receiver();
    const deadUrl = await closed.start();
    await closed.stop();
    const problems: SinkProblem[] = [];
    const sink = webhookSink({
      url: deadUrl,
      onProblem: (p) => problems.push(p),
      retry: FAST,
      sleep: noSleep,
    });
    await sink.send(alert(1));
    const summary = await sink.close();
    assert.deepEqual([summary.sent, summary.failed], [0, 1]);
    assert.match(problems[0]?.message ?? '', /after 3 attempts/);
  });

  it('a receiver that never answers times out', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as AddressInfo).port;
    const problems: SinkProblem[] = [];
    const sink = webhookSink({
      url: `http://127.0.0.1:${String(port)}/`,
      onProblem: (p) => problems.push(p),
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 100 },
    });
    await sink.send(alert(1));
    await sink.close();
    hanging.closeAllConnections();
    await new Promise<void>((resolve) => {
      hanging.close(() => {
        resolve();
      });
    });
    assert.match(problems[0]?.message ?? '', /no answer within 100 ms/);
  });

  it('backoff: full jitter under an exponential ceiling capped at maxDelay', () => {
    assert.equal(
      backoffDelay(DEFAULT_RETRY, 0, () => 0.999),
      499,
    );
    assert.equal(
      backoffDelay(DEFAULT_RETRY, 3, () => 0.5),
      2000,
    );
    assert.equal(
      backoffDelay(DEFAULT_RETRY, 20, () => 0.5),
      15_000,
    );
    assert.equal(
      backoffDelay(DEFAULT_RETRY, 2, () => 0),
      0,
    );
  });
});

describe('Slack message', () => {
  it('text escapes &, < and >; event values go into plain_text elements', () => {
    const message = slackMessage(alert(1, HOSTILE));
    assert.match(message.text, /&lt;!channel&gt; &lt;https:\/\/evil\.example\|click&gt; &amp;/);
    assert.ok(!hasControlCharacter(message.text));
    const json = JSON.stringify(message.blocks);
    assert.doesNotMatch(json, /"type":"mrkdwn","text":"[^"]*alice/, 'no event value in mrkdwn');
    assert.match(json, /"type":"plain_text","text":"by alice"/);
  });
});

describe('createSink', () => {
  const write = { stdout: () => undefined, cwd: '/' };
  it('parses the sink forms', () => {
    assert.equal(createSink('stdout', write, () => undefined).name, 'stdout');
    assert.equal(createSink('file:/tmp/a.jsonl', write, () => undefined).name, 'file:/tmp/a.jsonl');
    assert.equal(
      createSink('slack:https://hooks.slack.com/services/T0/B0/XYZ', write, () => undefined).name,
      'slack:https://hooks.slack.com/services/…',
    );
  });
  it('rejects unknown forms and non-HTTP URLs', () => {
    assert.throws(() => createSink('syslog', write, () => undefined), SinkSpecError);
    assert.throws(() => createSink('webhook:ftp://x/', write, () => undefined), SinkSpecError);
    assert.throws(() => createSink('webhook:', write, () => undefined), SinkSpecError);
  });
  it('redacts webhook URLs to scheme, host and first path segment', () => {
    assert.equal(redactUrl('https://example.com/a/b?token=x'), 'https://example.com/a/…');
  });
});
