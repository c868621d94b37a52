import type { Clock } from '../clock.js';
import type { EngineEvent } from '../engine/advance.js';
import type { RunEngine } from '../engine/apply.js';

export interface RunInbox {
  /** The events published since the last take, in order. */
  take(): EngineEvent[];
  /**
   * Resolves when events arrive, the clock reaches `untilMs` (Infinity: only events wake it), or `signal`
   * aborts; to whether events are there.
   */
  wait(clock: Clock, untilMs: number, signal: AbortSignal): Promise<boolean>;
  close(): void;
}

/**
 * The events of one run as the engine stores them, whoever caused them (this stream's own reads, a
 * cancel or a retrieve from another request). Subscribe before anything can happen to the run.
 */
export function openRunInbox(engine: RunEngine, runId: string): RunInbox {
  const queue: EngineEvent[] = [];
  let wake: (() => void) | null = null;
  const close = engine.subscribe(runId, (events) => {
    queue.push(...events);
    // What the stream does once woken (framing and writing the events) is work of the write pacer's
    // slice under way, if any; the events are in the queue at once, in the order they were stored.
    engine.writes.defer(() => wake?.());
  });
  return {
    take: () => queue.splice(0),
    close,
    async wait(clock, untilMs, signal) {
      if (queue.length > 0 || signal.aborted) return queue.length > 0;
      // A run waiting for the world (a model's turn) changes only through events, often: a plain promise
      // wakes it (aborting an AbortController costs some 30 µs, a stack trace for its DOMException).
      const nap = untilMs === Infinity ? null : new AbortController();
      let stop!: () => void;
      const woken = new Promise<void>((resolve) => (stop = () => (nap ? nap.abort() : resolve())));
      wake = stop;
      signal.addEventListener('abort', stop, { once: true });
      try {
        await (nap ? clock.sleepUntil(untilMs, nap.signal) : woken);
      } finally {
        signal.removeEventListener('abort', stop);
        wake = null;
      }
      return queue.length > 0;
    },
  };
}
