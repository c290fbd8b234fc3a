/**
 * Memo tables for the hot helpers of a scan. Rules ask the same questions of the same objects (the
 * routes of an Ingress, its TLS Secrets, whether a path is sensitive) once per rule; answering each
 * once per object keeps the work and the garbage of a scan proportional to the input instead of to
 * input × rules. Answers are shared between rules, so they are frozen where they are collections: no
 * rule can change what another one sees.
 */

/**
 * Answers keyed by a string read from the input (a path, an annotation key). Bounded: when full it
 * starts again, so a hostile input with millions of distinct values costs recomputation, never
 * unbounded memory.
 */
export class StringMemo<V> {
  private readonly answers = new Map<string, V>();
  private readonly limit: number;
  private readonly compute: (key: string) => V;

  constructor(compute: (key: string) => V, limit = 4096) {
    this.compute = compute;
    this.limit = limit;
  }

  get(key: string): V {
    const known = this.answers.get(key);
    if (known !== undefined || this.answers.has(key)) return known as V;
    const value = this.compute(key);
    if (this.answers.size >= this.limit) this.answers.clear();
    this.answers.set(key, value);
    return value;
  }
}

/**
 * The answer about the object asked about last. The engine runs every rule's visitor on one object
 * before it moves to the next, so the rules asking about an object ask in a row: remembering one
 * answer serves them all, and the answer becomes garbage as soon as the scan moves on. (Remembering
 * every answer for the whole scan made them survive young-generation collections, and copying the
 * survivors cost more than computing them again.)
 */
export class LastAnswer<K extends object, V> {
  private readonly compute: (key: K) => V;
  private lastKey: K | undefined;
  private lastValue: V | undefined;

  constructor(compute: (key: K) => V) {
    this.compute = compute;
  }

  get(key: K): V {
    if (key !== this.lastKey) {
      this.lastValue = this.compute(key);
      this.lastKey = key;
    }
    return this.lastValue as V;
  }
}

/**
 * A stand-in for each model, for telling models apart without holding one: an ephemeron (the token
 * lives as long as its model), so it costs nothing in a young-generation collection — unlike a WeakRef,
 * whose target V8 keeps through every young collection until a full one, promoting it.
 */
const modelTokens = new WeakMap<object, object>();

function tokenOf(model: object): object {
  let token = modelTokens.get(model);
  if (token === undefined) modelTokens.set(model, (token = {}));
  return token;
}

/**
 * LastAnswer for questions that also depend on the model (which Secrets exist, an Ingress's class).
 * The model is not held: a module-level memo must not keep the last model of a run alive, with all
 * that is cached for it (a route table), until the next run — the watch reviews once per change and
 * the admission webhook once per request, and what outlives one is promoted to the old generation.
 */
export class LastAnswerInModel<M extends object, K extends object, V> {
  private readonly compute: (model: M, key: K) => V;
  private lastModel: object | undefined;
  private lastKey: K | undefined;
  private lastValue: V | undefined;

  constructor(compute: (model: M, key: K) => V) {
    this.compute = compute;
  }

  get(model: M, key: K): V {
    const token = tokenOf(model);
    if (key !== this.lastKey || token !== this.lastModel) {
      this.lastValue = this.compute(model, key);
      this.lastModel = token;
      this.lastKey = key;
    }
    return this.lastValue as V;
  }
}

/**
 * Answers about objects asked about in any order (the ports of a Service, which many Ingresses name),
 * remembered while the object lives.
 */
export class ObjectMemo<K extends object, V> {
  private readonly answers = new WeakMap<K, V>();
  private readonly compute: (key: K) => V;

  constructor(compute: (key: K) => V) {
    this.compute = compute;
  }

  get(key: K): V {
    let value = this.answers.get(key);
    if (value === undefined && !this.answers.has(key)) this.answers.set(key, (value = this.compute(key)));
    return value as V;
  }
}
