/**
 * A bounded memo keyed by strings read from the log. Like StringMemo (src/model/memo.ts), but keys are
 * detached first: a log field is a slice of the chunk it was read from, and a memo key would keep the
 * whole chunk alive (see detach in src/sources/access/fields.ts).
 */
import { detach } from '../sources/access/index.ts';

export class LogMemo<V> {
  readonly #answers = new Map<string, V>();
  readonly #compute: (key: string) => V;
  readonly #limit: number;

  constructor(compute: (key: string) => V, limit = 4096) {
    this.#compute = compute;
    this.#limit = limit;
  }

  get(key: string): V {
    const known = this.#answers.get(key);
    if (known !== undefined || this.#answers.has(key)) return known as V;
    const value = this.#compute(key);
    if (this.#answers.size >= this.#limit) this.#answers.clear();
    this.#answers.set(detach(key), value);
    return value;
  }
}
