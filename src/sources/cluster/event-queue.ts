/**
 * A push → pull bridge: callbacks (a library's watch callback, a socket's lines) push values, one
 * consumer pulls them with `for await`. Unbounded on purpose: a watch stream delivers what the server
 * sends, and the consumer (the informer) applies each event in microseconds; the server bounds a stream.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly values: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  push(value: T): void {
    if (this.ended) return;
    const waiter = this.waiting;
    if (waiter) {
      this.waiting = undefined;
      waiter({ value, done: false });
    } else this.values.push(value);
  }

  /** No more values: the consumer finishes after the ones already pushed. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const waiter = this.waiting;
    this.waiting = undefined;
    waiter?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.values.length > 0) return Promise.resolve({ value: this.values.shift() as T, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => {
        this.end();
        this.values.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
