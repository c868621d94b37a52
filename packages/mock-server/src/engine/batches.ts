const LATER = Symbol('later');

/**
 * Groups what an async iterable yields into batches of the items that are ready together: everything
 * that arrives before the event loop turns (the pieces parsed from one network read) is one batch.
 * A model's deltas then cost one transaction per read, not one each, however fast they come. An error
 * comes after the batch that preceded it.
 */
export async function* batches<T>(source: AsyncIterable<T>): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  let finished = false;
  try {
    while (!finished) {
      const first = await pending;
      if (first.done) return;
      const batch = [first.value];
      let failure: { error: unknown } | null = null;
      for (;;) {
        pending = iterator.next();
        const later = new Promise<typeof LATER>((resolve) => setImmediate(resolve, LATER));
        const next: IteratorResult<T> | typeof LATER = await Promise.race([pending, later]).catch((error: unknown) => {
          failure = { error };
          return LATER;
        });
        if (next === LATER) break;
        if (next.done) {
          finished = true;
          break;
        }
        batch.push(next.value);
      }
      yield batch;
      if (failure) throw (failure as { error: unknown }).error;
    }
  } finally {
    // Stopped early (the run moved on): close the source, which aborts its request, without waiting on it.
    if (!finished) {
      pending.catch(() => undefined);
      iterator.return?.(undefined)?.catch(() => undefined);
    }
  }
}
