/**
 * Sinks that POST each alert: the alert itself as JSON (generic webhook), or a Slack-compatible message
 * (`{ text, blocks }`, which Slack incoming webhooks, Mattermost and Rocket.Chat accept).
 *
 * Delivery: bounded attempts, a timeout per attempt, exponential backoff with full jitter between them
 * (a waiting delay drawn from [0, min(maxDelay, baseDelay·2^attempt)], so many receivers retrying after
 * one outage do not retry in step). Network errors, timeouts, 408, 425, 429 and 5xx are retried; other
 * statuses are permanent (retrying a 400 or 404 sends the same bad request again). A `Retry-After` in
 * seconds on 429/503 is honoured up to maxDelay.
 */
import type { Alert } from './alert.ts';
import { oneLine, slackEscape } from './escape.ts';
import { DeliveryQueue, type AlertSink, type ProblemHandler, type SinkSummary } from './sink.ts';

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 10_000,
};

export interface WebhookOptions {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly retry?: Partial<RetryPolicy>;
  readonly onProblem: ProblemHandler;
  /** For tests: the waiting between attempts and the jitter. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Alerts allowed to wait for delivery before new ones are dropped. */
  readonly maxWaiting?: number;
}

const RETRIED_STATUSES = new Set([408, 425, 429]);

function isRetried(status: number): boolean {
  return status >= 500 || RETRIED_STATUSES.has(status);
}

/** The delay before attempt `attempt + 1` (attempt counts from 0). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

function retryAfterMs(response: Response, policy: RetryPolicy): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Math.min(policy.maxDelayMs, Number(value.trim()) * 1000);
}

/** Where a webhook goes, for messages: scheme, host and path, never the query (tokens live there). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    // Slack-style URLs carry the secret in the path: keep only its first segment.
    const firstSegment = parsed.pathname.split('/').filter(Boolean)[0];
    return `${parsed.protocol}//${parsed.host}/${firstSegment ? `${firstSegment}/…` : ''}`;
  } catch {
    return 'an invalid URL';
  }
}

const sleepFor = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** POSTs `body` until it is accepted; resolves to why it was not, or undefined when it was. */
export async function postWithRetry(
  options: WebhookOptions,
  body: string,
  contentType = 'application/json',
): Promise<string | undefined> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  let lastError = 'no attempt made';
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    let wait: number | undefined;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': contentType, ...options.headers },
        body,
        signal: AbortSignal.timeout(policy.timeoutMs),
        redirect: 'error',
      });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return undefined;
      lastError = `HTTP ${String(response.status)}`;
      if (!isRetried(response.status)) return `${lastError} (not retried)`;
      wait = retryAfterMs(response, policy);
    } catch (error) {
      lastError =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${String(policy.timeoutMs)} ms`
          : error instanceof Error
            ? oneLine(error.cause instanceof Error ? error.cause.message : error.message)
            : String(error);
    }
    if (attempt + 1 < policy.attempts)
      await sleep(Math.max(wait ?? 0, backoffDelay(policy, attempt, random)));
  }
  return `${lastError} after ${String(policy.attempts)} attempts`;
}

function postingSink(kind: string, options: WebhookOptions, render: (alert: Alert) => unknown): AlertSink {
  const name = `${kind}:${redactUrl(options.url)}`;
  const queue = new DeliveryQueue(name, options.maxWaiting ?? 1000, options.onProblem);
  return {
    name,
    send: (alert) =>
      queue.enqueue(alert, async () => {
        const error = await postWithRetry(options, JSON.stringify(render(alert)));
        return error === undefined ? undefined : `${name}: ${error}`;
      }),
    async close(): Promise<SinkSummary> {
      await queue.drain();
      return { sink: name, sent: queue.sent, failed: queue.failed };
    },
  };
}

/** The alert as JSON, exactly as `-o json` prints it. */
export function webhookSink(options: WebhookOptions): AlertSink {
  return postingSink('webhook', options, (alert) => alert);
}

const SEVERITY_MARK: Readonly<Record<Alert['severity'], string>> = {
  error: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
};

function objectLabel(alert: Alert): string {
  const { object } = alert;
  const name = object.name || `(all ${object.resource})`;
  return `${object.kind} ${object.namespace ? `${object.namespace}/${name}` : name}`;
}

function actorLabel(alert: Alert): string {
  const { actor } = alert;
  return actor.impersonatedBy
    ? `${actor.username} (impersonated by ${actor.impersonatedBy})`
    : actor.username;
}

/**
 * A Slack message. Every value from the event goes into `plain_text` elements (never interpreted as
 * markup) or, in the fallback `text`, through slackEscape: a hostile object name cannot mention
 * `@channel` or make a link.
 */
export function slackMessage(alert: Alert): { text: string; blocks: unknown[] } {
  const title = `${alert.severity.toUpperCase()} ${alert.detectionId}`;
  return {
    text: `${SEVERITY_MARK[alert.severity]} ${title}: ${slackEscape(alert.summary)}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${SEVERITY_MARK[alert.severity]} *${title}*` },
      },
      { type: 'section', text: { type: 'plain_text', text: oneLine(alert.summary, 2900), emoji: false } },
      {
        type: 'context',
        elements: [
          { type: 'plain_text', text: oneLine(`${alert.verb} ${objectLabel(alert)}`, 300), emoji: false },
          { type: 'plain_text', text: oneLine(`by ${actorLabel(alert)}`, 300), emoji: false },
          {
            type: 'plain_text',
            text: oneLine(`${alert.time} · from ${alert.actor.sourceIPs.join(', ') || 'unknown'}`, 300),
            emoji: false,
          },
          { type: 'plain_text', text: oneLine(`auditID ${alert.auditID}`, 300), emoji: false },
        ],
      },
    ],
  };
}

export function slackSink(options: WebhookOptions): AlertSink {
  return postingSink('slack', options, slackMessage);
}
