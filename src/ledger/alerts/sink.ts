/**
 * Where alerts go. Every sink has one contract (sink.test.ts runs it on each): `send` never rejects —
 * a delivery that fails is reported through `onProblem` and counted — and `close` waits for what is
 * still being delivered and returns the counts. Alerting must never stop an ingest.
 */
import type { Alert } from './alert.ts';

export interface SinkProblem {
  readonly sink: string;
  readonly message: string;
  /** The alert that could not be delivered (undefined for a problem of the sink itself). */
  readonly alert?: Alert;
}

export interface SinkSummary {
  readonly sink: string;
  readonly sent: number;
  readonly failed: number;
}

export interface AlertSink {
  /** For messages: `stdout`, `file:/var/log/alerts.jsonl`, `webhook:https://hooks.example/…`. */
  readonly name: string;
  send(alert: Alert): Promise<void>;
  close(): Promise<SinkSummary>;
}

export type ProblemHandler = (problem: SinkProblem) => void;

/**
 * Deliveries one after another (alerts keep their order), with a bound on how many may wait: beyond it
 * new alerts are dropped and reported rather than held in memory without limit.
 */
export class DeliveryQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;
  sent = 0;
  failed = 0;

  private readonly sinkName: string;
  private readonly maxWaiting: number;
  private readonly onProblem: ProblemHandler;

  constructor(sinkName: string, maxWaiting: number, onProblem: ProblemHandler) {
    this.sinkName = sinkName;
    this.maxWaiting = maxWaiting;
    this.onProblem = onProblem;
  }

  /** Runs `deliver` after the deliveries before it; it resolves to an error message or undefined. */
  enqueue(alert: Alert, deliver: () => Promise<string | undefined>): Promise<void> {
    if (this.waiting >= this.maxWaiting) {
      this.failed++;
      this.onProblem({
        sink: this.sinkName,
        message: `dropped: more than ${String(this.maxWaiting)} alerts waiting for delivery`,
        alert,
      });
      return Promise.resolve();
    }
    this.waiting++;
    const run = async (): Promise<void> => {
      let error: string | undefined;
      try {
        error = await deliver();
      } catch (thrown) {
        error = thrown instanceof Error ? thrown.message : String(thrown);
      }
      this.waiting--;
      if (error === undefined) this.sent++;
      else {
        this.failed++;
        this.onProblem({ sink: this.sinkName, message: error, alert });
      }
    };
    this.tail = this.tail.then(run);
    return this.tail;
  }

  drain(): Promise<void> {
    return this.tail;
  }
}
