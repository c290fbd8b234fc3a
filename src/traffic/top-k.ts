/**
 * The most frequent values of a stream (top client IPs, user agents, paths) in fixed memory and
 * without allocating per value: a count-min sketch with conservative update (Cormode & Muthukrishnan,
 * "An improved data stream summary: the count-min sketch and its applications", 2005; Estan &
 * Varghese, 2002, for the conservative update) estimates every value's count, and a small candidate
 * set keeps the values whose estimate beats the smallest candidate's.
 *
 * Why not a map of counters (Space-Saving, Misra–Gries): with 20,000 client IPs, nearly every request
 * brings a value the summary does not hold, and each one costs an insertion, an eviction and garbage;
 * here a value of the long tail costs one hash and two array increments, and is never stored.
 *
 * Guarantees: an estimate never undercounts; each entry's `error` bounds how much it may overcount
 * (its estimate minus what was counted while it was a candidate). With fewer distinct values than the
 * candidate capacity, every value is a candidate from its first occurrence and counts are exact.
 */
import { detach } from '../sources/access/index.ts';

export interface TopEntry {
  readonly value: string;
  /** The estimated count: never below the true count. */
  readonly count: number;
  /** How much `count` may overstate the true count (0: exact). */
  readonly error: number;
}

interface Candidate {
  /** The value (also the map key), so finding the smallest candidate needs no [key, value] entries. */
  readonly value: string;
  /** The sketch's estimate at the last occurrence. */
  estimate: number;
  /** Occurrences counted while a candidate: a lower bound of the true count. */
  seen: number;
}

/** FNV-1a over UTF-16 code units. */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A second, independent-enough index from the same hash (murmur3's finaliser). */
function remix(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export class TopK {
  readonly #rowA: Uint32Array;
  readonly #rowB: Uint32Array;
  readonly #mask: number;
  readonly #candidates = new Map<string, Candidate>();
  readonly #capacity: number;
  /** The smallest candidate estimate (when the set is full): values estimated below it are not looked up. */
  #floor = 0;
  #total = 0;

  /** `capacity` candidates; `width` counters per sketch row (a power of two). */
  constructor(capacity: number, width = 4096) {
    this.#capacity = Math.max(1, capacity);
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, width)));
    this.#rowA = new Uint32Array(size);
    this.#rowB = new Uint32Array(size);
    this.#mask = size - 1;
  }

  get total(): number {
    return this.#total;
  }

  add(value: string): void {
    this.#total++;
    const h = hash(value);
    const a = h & this.#mask;
    const b = remix(h) & this.#mask;
    const rowA = this.#rowA;
    const rowB = this.#rowB;
    // Conservative update: raise only the counters at the minimum, to the minimum + 1.
    const estimate = Math.min(rowA[a] ?? 0, rowB[b] ?? 0) + 1;
    if ((rowA[a] ?? 0) < estimate) rowA[a] = estimate;
    if ((rowB[b] ?? 0) < estimate) rowB[b] = estimate;
    const candidates = this.#candidates;
    const full = candidates.size >= this.#capacity;
    // A candidate's estimate only grows, and none is below the floor: a lower estimate is no candidate.
    if (full && estimate < this.#floor) return;
    const known = candidates.get(value);
    if (known) {
      known.estimate = estimate;
      known.seen++;
      return;
    }
    if (!full) {
      const kept = detach(value);
      candidates.set(kept, { value: kept, estimate, seen: 1 });
      if (candidates.size === this.#capacity) this.#floor = this.#smallest()?.estimate ?? 0;
      return;
    }
    if (estimate <= this.#floor) return;
    const smallest = this.#smallest();
    if (smallest !== undefined) candidates.delete(smallest.value);
    const kept = detach(value);
    candidates.set(kept, { value: kept, estimate, seen: 1 });
    this.#floor = this.#smallest()?.estimate ?? 0;
  }

  /** The first candidate with the smallest estimate. Runs often on a long tail: allocates nothing. */
  #smallest(): Candidate | undefined {
    let smallest: Candidate | undefined;
    for (const candidate of this.#candidates.values()) {
      if (smallest === undefined || candidate.estimate < smallest.estimate) smallest = candidate;
    }
    return smallest;
  }

  /** The `k` largest, largest first (ties by value, for stable output). */
  top(k: number): TopEntry[] {
    return [...this.#candidates.entries()]
      .map(([value, candidate]): TopEntry => {
        // The estimate now (it may have grown through collisions since the last occurrence).
        const h = hash(value);
        const estimate = Math.min(this.#rowA[h & this.#mask] ?? 0, this.#rowB[remix(h) & this.#mask] ?? 0);
        const count = Math.max(candidate.seen, Math.min(estimate, candidate.estimate));
        return { value, count, error: count - candidate.seen };
      })
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, k);
  }
}
