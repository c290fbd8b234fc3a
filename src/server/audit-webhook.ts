/**
 * The audit webhook backend: the API server POSTs `audit.k8s.io/v1` EventList batches (kube-apiserver
 * `--audit-webhook-config-file`); each batch goes into the ledger in one transaction, and the answer
 * is 200 only once that transaction is committed. Any failure before that answers 5xx, so the API
 * server sends the batch again; a batch stored but not acknowledged (the process killed between commit
 * and answer) adds nothing when it comes again, because changes are unique on auditID + stage.
 *
 * Detections run on the changes a batch adds (the same runner as `gatewatch audit`); their alerts are
 * held until the batch is committed, then sent to the sinks, so a rolled-back batch raises nothing
 * and its retry raises each alert once.
 */
import type { Alert } from '../ledger/alerts/alert.ts';
import { openBatchIngest, type BatchIngest, type BatchSummary } from '../ledger/ingest.ts';
import { DETECTIONS } from '../ledger/detections/index.ts';
import { DetectionRunner } from '../ledger/detections/runner.ts';
import type { AccountabilitySettings } from '../ledger/detections/settings.ts';
import type { LedgerStore } from '../ledger/store/store.ts';
import { isObject } from '../model/resource.ts';

export type ParsedEventList =
  | { readonly ok: true; readonly items: readonly unknown[] }
  | { readonly ok: false; readonly message: string };

/** An EventList as the webhook backend sends it (a bare array of events is taken too). */
export function parseEventList(body: unknown): ParsedEventList {
  if (Array.isArray(body)) return { ok: true, items: body };
  if (!isObject(body)) return { ok: false, message: 'the body is not a JSON object' };
  if (body.kind !== 'EventList') return { ok: false, message: 'expected kind EventList (audit.k8s.io/v1)' };
  if (!Array.isArray(body.items)) return { ok: false, message: 'the EventList has no items array' };
  return { ok: true, items: body.items };
}

export interface AuditReceiverOptions {
  readonly store: LedgerStore;
  readonly settings: AccountabilitySettings;
  /** Called with each alert after the batch that raised it is committed. */
  readonly onAlert: (alert: Alert) => void;
  readonly onDetectionError?: (detectionId: string, error: unknown) => void;
}

export interface AuditReceiver {
  /** Stores a batch; resolves with what it did once it is committed, rejects when it is not. */
  receive(items: readonly unknown[]): Promise<BatchSummary>;
}

export async function createAuditReceiver(options: AuditReceiverOptions): Promise<AuditReceiver> {
  let pending: Alert[] = [];
  const runner = new DetectionRunner({
    settings: options.settings,
    detections: DETECTIONS,
    onAlert: (alert) => pending.push(alert),
    onError: (detection, error) => options.onDetectionError?.(detection.id, error),
  });
  const batches: BatchIngest = await openBatchIngest({
    store: options.store,
    observer: runner,
    sharedLedger: options.store.kind === 'postgres',
  });
  // One batch at a time, so the alerts collected belong to the batch being stored.
  let queue: Promise<unknown> = Promise.resolve();
  const receiveOne = async (items: readonly unknown[]): Promise<BatchSummary> => {
    pending = [];
    try {
      const summary = await batches.ingest(items);
      const alerts = pending;
      for (const alert of alerts) options.onAlert(alert);
      return summary;
    } finally {
      pending = [];
    }
  };
  return {
    receive(items) {
      const result = queue.then(() => receiveOne(items));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
