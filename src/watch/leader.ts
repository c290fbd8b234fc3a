/**
 * Leader election with a `coordination.k8s.io/v1` Lease, with client-go's semantics
 * (k8s.io/client-go/tools/leaderelection): every `retryPeriod` each candidate reads the Lease; it may
 * take it when nobody holds it or when the holder has not renewed it for `leaseDuration` — measured
 * on the candidate's own clock from when it last saw the Lease change, so clock skew between replicas
 * does not matter. The holder renews `renewTime` every `retryPeriod` and steps down when it could not
 * renew for `renewDeadline`. Writes carry the resourceVersion read, so two candidates racing for the
 * same Lease cannot both win: the second write is refused (409 Conflict). On shutdown the leader
 * releases the Lease (empty holderIdentity) so another replica takes over at once.
 */
import type { Lease, LeaseApi } from '../sources/cluster/port.ts';
import { sleep } from './backoff.ts';

export interface LeaderElectionOptions {
  readonly api: LeaseApi;
  readonly namespace: string;
  readonly name: string;
  /** This replica: the pod name plus something unique (client-go uses hostname + "_" + uuid). */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  /** Injectable clock (tests). */
  readonly now?: () => number;
  readonly onStartedLeading?: () => void;
  readonly onStoppedLeading?: () => void;
  /** The holder changed (including to us). */
  readonly onNewLeader?: (identity: string) => void;
  readonly onProblem?: (message: string) => void;
}

/** client-go's defaults (and kube-controller-manager's). */
export const LEADER_ELECTION_DEFAULTS = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
} as const;

/** `MicroTime`: RFC 3339 with microseconds, as the API server writes it. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private readonly options: LeaderElectionOptions;
  private readonly now: () => number;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private leading = false;
  /** The Lease as last read or written, and when (our clock) it last changed. */
  private observed: Lease | undefined;
  private observedAt = 0;
  private lastRenewal = 0;
  private knownHolder: string | undefined;

  constructor(options: LeaderElectionOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.leaseDurationMs = options.leaseDurationMs ?? LEADER_ELECTION_DEFAULTS.leaseDurationMs;
    this.renewDeadlineMs = options.renewDeadlineMs ?? LEADER_ELECTION_DEFAULTS.renewDeadlineMs;
    this.retryPeriodMs = options.retryPeriodMs ?? LEADER_ELECTION_DEFAULTS.retryPeriodMs;
    if (!(this.leaseDurationMs > this.renewDeadlineMs && this.renewDeadlineMs > this.retryPeriodMs))
      throw new Error('leader election: leaseDuration > renewDeadline > retryPeriod is required');
  }

  get isLeader(): boolean {
    return this.leading;
  }

  get identity(): string {
    return this.options.identity;
  }

  /** The holder as last seen ('' when none). */
  get holder(): string {
    return this.knownHolder ?? '';
  }

  /** Campaigns and leads until `signal` aborts; then releases the Lease if held. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const renewed = await this.tryAcquireOrRenew();
      if (renewed) this.lastRenewal = this.now();
      if (this.leading && !renewed && this.now() - this.lastRenewal >= this.renewDeadlineMs) this.stepDown();
      if (!this.leading && renewed) {
        this.leading = true;
        this.options.onStartedLeading?.();
      }
      await sleep(this.retryPeriodMs, signal);
    }
    if (this.leading) await this.release();
  }

  /** One round: true when we hold the Lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const { api, namespace, name, identity } = this.options;
    const now = this.now();
    const got = await api.getLease(namespace, name);
    if (got.status === 'notFound') {
      const created = await api.createLease({
        namespace,
        name,
        holderIdentity: identity,
        leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: 0,
      });
      if (created.status !== 'ok') {
        if (created.status === 'error' || created.status === 'forbidden')
          this.options.onProblem?.(`creating the Lease: ${created.message}`);
        return false;
      }
      this.observe(created.lease);
      return true;
    }
    if (got.status !== 'ok') {
      this.options.onProblem?.(`reading the Lease: ${got.message}`);
      return false;
    }
    const current = got.lease;
    this.observe(current);
    const holder = current.holderIdentity ?? '';
    const durationMs = (current.leaseDurationSeconds ?? this.leaseDurationMs / 1000) * 1000;
    if (holder !== '' && holder !== identity && this.observedAt + durationMs > now) {
      // Someone else holds a live Lease: if we thought we led, we do not any more.
      this.stepDown();
      return false;
    }
    const taking = holder !== identity;
    const updated = await api.updateLease({
      namespace,
      name,
      ...(current.resourceVersion !== undefined ? { resourceVersion: current.resourceVersion } : {}),
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: taking ? microTime(now) : (current.acquireTime ?? microTime(now)),
      renewTime: microTime(now),
      leaseTransitions: (current.leaseTransitions ?? 0) + (taking && holder !== '' ? 1 : 0),
    });
    if (updated.status !== 'ok') {
      if (updated.status !== 'conflict')
        this.options.onProblem?.(
          `updating the Lease: ${updated.status === 'notFound' ? 'it was deleted' : updated.message}`,
        );
      return false;
    }
    this.observe(updated.lease);
    return true;
  }

  /** Gives the Lease up (holder '' and a 1-second duration, as client-go's ReleaseOnCancel does). */
  async release(): Promise<void> {
    const { api, namespace, name } = this.options;
    const current = this.observed;
    this.stepDown();
    if (current?.holderIdentity !== this.options.identity) return;
    const now = this.now();
    const released = await api.updateLease({
      namespace,
      name,
      ...(current.resourceVersion !== undefined ? { resourceVersion: current.resourceVersion } : {}),
      holderIdentity: '',
      leaseDurationSeconds: 1,
      ...(current.acquireTime !== undefined ? { acquireTime: current.acquireTime } : {}),
      renewTime: microTime(now),
      leaseTransitions: current.leaseTransitions ?? 0,
    });
    if (released.status !== 'ok')
      this.options.onProblem?.(
        `releasing the Lease: ${released.status === 'notFound' ? 'it was deleted' : released.message}`,
      );
  }

  private stepDown(): void {
    if (!this.leading) return;
    this.leading = false;
    this.options.onStoppedLeading?.();
  }

  private observe(lease: Lease): void {
    const seen = this.observed;
    const changed =
      seen === undefined ||
      seen.resourceVersion !== lease.resourceVersion ||
      seen.holderIdentity !== lease.holderIdentity ||
      seen.renewTime !== lease.renewTime;
    if (changed) {
      this.observed = lease;
      this.observedAt = this.now();
    }
    const holder = lease.holderIdentity ?? '';
    if (holder !== this.knownHolder) {
      this.knownHolder = holder;
      if (holder !== '') this.options.onNewLeader?.(holder);
    }
  }
}
