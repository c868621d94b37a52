import type { Clock } from '../clock.js';
import type { EngineEvent } from '../engine/advance.js';
import type { RunEngine } from '../engine/apply.js';

export interface RunInbox {
  /** The events published since the last take, in order. */
  take(): EngineEvent[];
  /** Resolves when events arrive, the clock reaches `untilMs` (Infinity: only events wake it), or `signal` aborts. */
  wait(clock: Clock, untilMs: number, signal: AbortSignal): Promise<void>;
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
    wake?.();
  });
  return {
    take: () => queue.splice(0),
    close,
    async wait(clock, untilMs, signal) {
      if (queue.length > 0 || signal.aborted) return;
      const nap = new AbortController();
      const stop = () => nap.abort();
      wake = stop;
      signal.addEventListener('abort', stop, { once: true });
      try {
        // A run waiting for the world (a model's turn) changes only through events.
        if (untilMs === Infinity) await new Promise((resolve) => nap.signal.addEventListener('abort', resolve, { once: true }));
        else await clock.sleepUntil(untilMs, nap.signal);
      } finally {
        signal.removeEventListener('abort', stop);
        wake = null;
      }
    },
  };
}
