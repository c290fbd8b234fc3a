/**
 * Latency percentiles in bounded memory: exact while few values were seen, then a log-bucket histogram
 * (each bucket spans a factor GAMMA, so any percentile is within ±1% of a value actually seen in
 * that bucket's range). Memory is at most EXACT_LIMIT numbers, then BUCKETS counters, whatever the count.
 */

/** Up to this many values are kept as they are: small groups get exact percentiles. */
const EXACT_LIMIT = 128;
/** Bucket width: values v and v×GAMMA fall in neighbouring buckets (≈2% wide, ±1% error). */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Smallest value told apart from zero: 10 µs. Latencies are in seconds. */
const MIN_VALUE = 1e-5;
/** 10 µs … ~30 hours. */
const BUCKETS = 1200;

export interface Percentiles {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** The bucket of a value (-1: below MIN_VALUE, counted as zero). */
export function bucketOf(value: number): number {
  if (!(value >= MIN_VALUE)) return -1;
  return Math.min(BUCKETS - 1, Math.floor(Math.log(value / MIN_VALUE) / LOG_GAMMA));
}

export class LatencySketch {
  #count = 0;
  #sum = 0;
  #max = 0;
  #exact: number[] | undefined = [];
  #buckets: Uint32Array | undefined;
  #zeros = 0;

  get count(): number {
    return this.#count;
  }

  /** `bucket`: bucketOf(value), when the caller adds the same value to several sketches. */
  add(value: number, bucket = bucketOf(value)): void {
    if (!(value >= 0) || !Number.isFinite(value)) return;
    this.#count++;
    this.#sum += value;
    if (value > this.#max) this.#max = value;
    if (this.#exact) {
      this.#exact.push(value);
      if (this.#exact.length > EXACT_LIMIT) this.#toBuckets();
      return;
    }
    this.#countBucket(bucket);
  }

  #toBuckets(): void {
    const values = this.#exact ?? [];
    this.#exact = undefined;
    this.#buckets = new Uint32Array(BUCKETS);
    for (const value of values) this.#countBucket(bucketOf(value));
  }

  #countBucket(bucket: number): void {
    const buckets = this.#buckets;
    if (!buckets) return;
    if (bucket < 0) this.#zeros++;
    else buckets[bucket] = (buckets[bucket] ?? 0) + 1;
  }

  /** The value below which `q` (0…1) of the values fall (nearest rank). */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    if (this.#exact) {
      const sorted = [...this.#exact].sort((a, b) => a - b);
      return sorted[rank - 1] ?? 0;
    }
    let seen = this.#zeros;
    if (seen >= rank) return 0;
    const buckets = this.#buckets ?? new Uint32Array(0);
    for (let index = 0; index < buckets.length; index++) {
      seen += buckets[index] ?? 0;
      // The bucket's geometric middle, never above the largest value seen.
      if (seen >= rank) return Math.min(this.#max, MIN_VALUE * GAMMA ** (index + 0.5));
    }
    return this.#max;
  }

  summary(): Percentiles {
    return {
      count: this.#count,
      mean: this.#count === 0 ? 0 : this.#sum / this.#count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: this.#max,
    };
  }
}
