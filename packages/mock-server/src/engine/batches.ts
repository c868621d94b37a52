/**
 * Reads an async iterable from now on, as fast as it yields, and hands it out in batches: each time
 * the consumer asks, everything read since (at least one item). A consumer busy with a batch (a store
 * write) gets all that arrived meanwhile as the next one, so a model's deltas cost one write per
 * write's time, not one each, however fast they come; an idle consumer gets each item at once. An
 * error comes after the batch that preceded it.
 */
export function batches<T>(source: AsyncIterable<T>): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  const ready: T[] = [];
  let end: { error?: unknown } | null = null;
  let stopped = false;
  let notify: (() => void) | null = null;
  const pump = async () => {
    try {
      for (let next = await iterator.next(); !next.done && !stopped; next = await iterator.next()) {
        ready.push(next.value);
        if (notify) {
          notify();
          // The idle consumer's reaction (storing the item, a stream writing it out) goes first. A source
          // with much read already (an upstream's burst of chunks) would otherwise hold the microtask queue
          // until it is all read, and with it what Node defers to the next tick (an HTTP response's uncork,
          // the write itself).
          await new Promise(process.nextTick);
        }
      }
      end = {};
    } catch (error) {
      end = { error };
    }
    notify?.();
  };
  void pump();
  return (async function* () {
    try {
      for (;;) {
        if (ready.length === 0 && end === null) await new Promise<void>((resolve) => (notify = resolve));
        notify = null;
        // (`end` is set by the pump: TypeScript cannot see it change across the await.)
        const ended = end as { error?: unknown } | null;
        if (ready.length > 0) yield ready.splice(0);
        else if (ended !== null && 'error' in ended) throw ended.error;
        else return;
      }
    } finally {
      // Stopped early (the run moved on): close the source, which aborts its request, without waiting on it.
      if (end === null) {
        stopped = true;
        iterator.return?.(undefined)?.catch(() => undefined);
      }
    }
  })();
}
