/**
 * Reads an async iterable from now on, as fast as it yields (within a slice of each turn of the event
 * loop that all sources share), and hands it out in batches: each time
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
        const nextTurn = readingTurn();
        if (nextTurn) await nextTurn;
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

/** How long all sources' reading may go on in one turn of the event loop before it waits for the next. */
const READ_SLICE_MS = 2;
/** When this turn's reading began (undefined: none yet this turn). */
let sliceStart: number | undefined;

/**
 * Resolves at once while this turn's reading slice lasts, else in the next turn. Reading what a source
 * has buffered runs in microtasks: a hundred upstream streams read on without end would hold timers,
 * I/O and the write pacer back for as long as they had chunks waiting.
 */
function readingTurn(): Promise<void> | undefined {
  const now = performance.now();
  if (sliceStart === undefined) {
    sliceStart = now;
    setImmediate(() => (sliceStart = undefined));
  }
  return now - sliceStart > READ_SLICE_MS ? new Promise((resolve) => setImmediate(resolve)) : undefined;
}
