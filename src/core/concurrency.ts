/** Runs `task` on every item of a (possibly lazy) sequence, at most `limit` at a time; items are pulled only as lanes free up. */
export async function eachConcurrently<T>(items: Iterable<T> | AsyncIterable<T>, limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  let failed = false;
  const lane = async () => {
    while (!failed) {
      const next = await iterator.next();
      if (next.done) return;
      try {
        await task(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // Every lane stops before this returns, so a failed write leaves nothing running in the staging folder.
  const settled = await Promise.allSettled(Array.from({ length: limit }, lane));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Counts promises until they settle, without keeping them: a build may track tens of thousands. */
export class Outstanding {
  private count = 0;
  private waiting: Array<() => void> = [];

  /** Counts `promise` until it settles; its rejection is the caller's to handle. */
  add(promise: Promise<unknown>): void {
    this.count++;
    const done = () => {
      if (--this.count === 0) for (const resolve of this.waiting.splice(0)) resolve();
    };
    promise.then(done, done);
  }

  /** Resolves once every promise added so far (and any added meanwhile) has settled. */
  settled(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
